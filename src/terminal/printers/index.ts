/**
 * Commands answered from a state's cluster model through printers that follow kubectl's source.
 * Today: `kubectl get` (./get.ts), `kubectl describe namespace|service` (./describe*.ts), istioctl
 * (./istioctl.ts), and `linkerd check`,
 * `linkerd viz stat|authz` (./linkerd.ts). A line no printer covers is undefined; one a printer covers
 * but the model cannot answer truthfully is a gap, with the reason.
 */
import {JsonPathError} from './jsonpath';
import {parseDescribeNamespace, printDescribeNamespaces} from './describe';
import {printGet, parseGet} from './get';
import {ModelGap, type StateModel} from './model';
import {printIstioctl} from './istioctl';
import {parseDescribeService, printDescribeServices} from './describe-service';
import {printLinkerd} from './linkerd';
import {parseDescribePod, printDescribePods} from './describe-pod';
import {parseZtunnelConfig, printZtunnelConfig} from './istioctl-ztunnel';
import {parseWaypoint, printWaypoint} from './istioctl-waypoint';

export type Printed = {kind: 'printed'; text: string} | {kind: 'gap'; reason: string};

export interface PrintContext {
  /** The namespace of the session's kubeconfig context. */
  namespace: string;
  placeholders: Readonly<Record<string, string>>;
}

export function printFromModel(line: string, context: PrintContext, model: StateModel): Printed | undefined {
  const istioctl = printIstioctl(line, context, model);
  if (istioctl) return istioctl;
  const describeService = parseDescribeService(line, context.namespace, context.placeholders);
  if (describeService) {
    try {
      return {kind: 'printed', text: printDescribeServices(describeService, model)};
    } catch (error) {
      if (error instanceof ModelGap) return {kind: 'gap', reason: error.message};
      throw error;
    }
  }
  const describePod = parseDescribePod(line, context.namespace, context.placeholders);
  if (describePod) {
    try {
      return {kind: 'printed', text: printDescribePods(describePod, model)};
    } catch (error) {
      if (error instanceof ModelGap) return {kind: 'gap', reason: error.message};
      throw error;
    }
  }
  const ambient = printAmbientIstioctl(line, context, model, 'read-only');
  if (ambient !== undefined) return ambient;
  const request = parseGet(line, context.namespace, context.placeholders);
  const describe = request ? undefined : parseDescribeNamespace(line, context.placeholders);
  const linkerd = request || describe ? undefined : printLinkerd(line, context, model);
  if (!request && !describe && !linkerd) return undefined;
  try {
    if (linkerd) return {kind: 'printed', text: linkerd()};
    return {kind: 'printed', text: request ? printGet(request, model) : printDescribeNamespaces(describe!, model)};
  } catch (error) {
    if (error instanceof ModelGap) return {kind: 'gap', reason: error.message};
    // kubectl's own wording of a template error is not reproduced: refused rather than invented.
    if (error instanceof JsonPathError) return {kind: 'gap', reason: `jsonpath: ${error.message}`};
    throw error;
  }
}

/**
 * `istioctl ztunnel-config workloads|services|policies` and `istioctl waypoint list|status`
 * (./istioctl-ztunnel.ts, ./istioctl-waypoint.ts); with 'all', `istioctl waypoint apply` too, whose
 * output is computed from the state it ran in (compose-casts): typed, it would change the cluster,
 * which only a recorded command's move does.
 */
export function printAmbientIstioctl(line: string, context: PrintContext, model: StateModel, which: 'read-only' | 'all'): Printed | undefined {
  const ztunnel = parseZtunnelConfig(line, context.placeholders);
  const waypoint = ztunnel ? undefined : parseWaypoint(line, context.namespace, context.placeholders);
  if (!ztunnel && (!waypoint || (waypoint.verb === 'apply' && which === 'read-only'))) return undefined;
  try {
    return {kind: 'printed', text: ztunnel ? printZtunnelConfig(ztunnel, model) : printWaypoint(waypoint!, model)};
  } catch (error) {
    if (error instanceof ModelGap) return {kind: 'gap', reason: error.message};
    throw error;
  }
}

export type {StateModel, ModelObject} from './model';
