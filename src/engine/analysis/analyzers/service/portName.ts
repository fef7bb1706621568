/** service/portname.go (PortNameAnalyzer): IST0118, IST0150. */
import {asArray, asObject, stringOr} from '../../../istio/access';
import {stringLabels} from '../../../model/cluster';
import {convertProtocol, UNSUPPORTED_PROTOCOL} from '../../../model/istio-protocol';
import {SYSTEM_NAMESPACES, type AnalysisResource} from '../../../model/resource';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {KINDS} from '../kinds';

/** constants.ManagedGateway*ControllerLabel: the values of gateway.istio.io/managed istiod sets. */
const MANAGED_GATEWAY_CONTROLLERS = new Set(['istio.io-gateway-controller', 'istio.io-mesh-controller', 'istio.io-eastwest-controller']);
/** kube.ConvertProtocol(...).IsUnsupported(): Istio cannot tell the port's protocol and sniffs it. */
const unsupportedProtocol = (port: Record<string, unknown>): boolean => convertProtocol(port) === UNSUPPORTED_PROTOCOL;

/**
 * For Services outside system namespaces and the Istio control
 * plane (label `istio`, or release=istio). IST0118 (Info) for a port whose name (or appProtocol)
 * names no protocol; on an ExternalName Service, such a port or one named "tcp" is IST0150.
 */
export const portNameAnalyzer: Analyzer = {
  name: 'service.PortNameAnalyzer',
  inputs: [KINDS.Service],
  reports: [KINDS.Service],
  analyze(ctx) {
    for (const service of ctx.resources('', 'Service')) analyzeService(ctx, service);
  },
};

function analyzeService(ctx: AnalyzerContext, service: AnalysisResource): void {
  if (SYSTEM_NAMESPACES.has(service.namespace)) return;
  const labels = stringLabels(asObject(service.value.metadata)?.labels);
  if (labels.istio !== undefined || labels.release === 'istio') return;
  // Services a gateway controller created (gateway.istio.io/managed), which users do not write.
  if (MANAGED_GATEWAY_CONTROLLERS.has(labels['gateway.istio.io/managed'] ?? '')) return;
  const spec = asObject(service.value.spec) ?? {};
  const externalName = spec.type === 'ExternalName';
  asArray(spec.ports).forEach((value, i) => {
    const port = asObject(value);
    if (!port || !(unsupportedProtocol(port) || (externalName && port.name === 'tcp'))) return;
    const path = at('/spec/ports', i);
    if (externalName) {
      ctx.report(service, 'ExternalNameServiceTypeInvalidPortName', [], {path, lineAt: at(path, 'port')});
      return;
    }
    // intstr.String(): an absent targetPort (no API-server defaulting of a file) prints 0.
    const target = typeof port.targetPort === 'number' || typeof port.targetPort === 'string' ? String(port.targetPort) : '0';
    ctx.report(service, 'PortNameIsNotUnderNamingConvention', [stringOr(port.name), typeof port.port === 'number' ? port.port : 0, target], {path, lineAt: at(path, 'port')});
  });
}
