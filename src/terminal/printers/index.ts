/**
 * Commands answered from a state's cluster model through printers that follow kubectl's source.
 * Today: `kubectl get` (./get.ts), `kubectl describe namespace|service` (./describe*.ts), istioctl
 * (./istioctl.ts), `cat`, `ls` and `kubectl apply -f FILE` over the session's files (./workdir.ts), and `linkerd check`,
 * `linkerd viz stat|authz`, `linkerd diagnostics policy` (./linkerd.ts). A line no printer covers is undefined; one a printer covers
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
import {parseInjectFile, parseInjectPipeline, typedInjectFile, typedInjectPipeline} from './linkerd-inject';
import {printWorkdir} from './workdir';

export type Printed = {kind: 'printed'; text: string} | {kind: 'gap'; reason: string};

export interface PrintContext {
  /** The namespace of the session's kubeconfig context. */
  namespace: string;
  placeholders: Readonly<Record<string, string>>;
}

export function printFromModel(line: string, context: PrintContext, model: StateModel): Printed | undefined {
  const istioctl = printIstioctl(line, context, model) ?? printAmbientIstioctl(line, context, model, 'read-only');
  if (istioctl) return istioctl;
  const print = kubectlPrinter(line, context, model) ?? printLinkerd(line, context, model) ?? typedInject(line, context, model) ?? printWorkdir(line, context.placeholders, model);
  if (!print) return undefined;
  try {
    return {kind: 'printed', text: print()};
  } catch (error) {
    if (error instanceof ModelGap) return {kind: 'gap', reason: error.message};
    // kubectl's own wording of a template error is not reproduced: refused rather than invented.
    if (error instanceof JsonPathError) return {kind: 'gap', reason: `jsonpath: ${error.message}`};
    throw error;
  }
}

/** The kubectl printer a line asks for, to run under printFromModel's gap handling; undefined when none covers it. */
function kubectlPrinter(line: string, context: PrintContext, model: StateModel): (() => string) | undefined {
  const get = parseGet(line, context.namespace, context.placeholders);
  if (get) return () => printGet(get, model);
  const pods = parseDescribePod(line, context.namespace, context.placeholders);
  if (pods) return () => printDescribePods(pods, model);
  const services = parseDescribeService(line, context.namespace, context.placeholders);
  if (services) return () => printDescribeServices(services, model);
  const namespaces = parseDescribeNamespace(line, context.placeholders);
  if (namespaces) return () => printDescribeNamespaces(namespaces, model);
  return undefined;
}

/** `kubectl get … -o yaml | linkerd inject … -` or `linkerd inject FILE` typed, answered when it leaves the cluster as it is (./linkerd-inject.ts). */
function typedInject(line: string, context: PrintContext, model: StateModel): (() => string) | undefined {
  const pipeline = parseInjectPipeline(line, context.namespace, context.placeholders);
  if (pipeline) return () => typedInjectPipeline(pipeline, model);
  const file = model.workdir === undefined ? undefined : parseInjectFile(line, context.placeholders);
  return file ? () => typedInjectFile(file, model, context.namespace) : undefined;
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
