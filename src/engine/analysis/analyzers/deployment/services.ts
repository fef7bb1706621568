/** deployment/services.go (ServiceAssociationAnalyzer, named deployment.MultiServiceAnalyzer): IST0116, IST0137. */
import {asArray, asObject, numberOr} from '../../../istio/access';
import {labelsInclude, stringLabels} from '../../../model/labels';
import type {AnalysisResource} from '../../../model/resource';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {pushTo} from '../../related';
import {KINDS} from '../kinds';
import {deploymentInMesh} from './inMesh';

/** label.GatewayManaged's value for waypoints: their Services are the mesh controller's business. */
const WAYPOINT_MANAGED = 'istio.io-mesh-controller';

interface ServicePort {
  service: string;
  port: number;
  protocol: string;
  targetPort: string;
}

/**
 * For each Deployment in the mesh (not a waypoint), the Services of its namespace whose non-empty
 * selector picks its pod template. IST0116: one port number served with different protocols (TCP
 * when unset). IST0137: one targetPort (the port when unset or 0) reached through different ports.
 */
export const serviceAssociationAnalyzer: Analyzer = {
  name: 'deployment.MultiServiceAnalyzer',
  inputs: [KINDS.Service, KINDS.Deployment, KINDS.Namespace],
  reports: [KINDS.Deployment],
  analyze(ctx) {
    let services: Map<string, SelectingService[]> | undefined;
    for (const deployment of ctx.resources('apps', 'Deployment')) {
      if (stringLabels(asObject(deployment.value.metadata)?.labels)['gateway.istio.io/managed'] === WAYPOINT_MANAGED) continue;
      if (!deploymentInMesh(ctx, deployment)) continue;
      services ??= servicesByNamespace(ctx);
      const ports = matchingServicePorts(services.get(deployment.namespace) ?? [], deployment);
      reportProtocolConflicts(ctx, deployment, ports);
      reportTargetPortConflicts(ctx, deployment, ports);
    }
  },
};

interface SelectingService {
  selector: Record<string, string>;
  ports: ServicePort[];
}

/** The Services with a non-empty selector, by namespace, their ports read once (not once per Deployment). */
function servicesByNamespace(ctx: AnalyzerContext): Map<string, SelectingService[]> {
  const byNamespace = new Map<string, SelectingService[]>();
  for (const service of ctx.resources('', 'Service')) {
    const spec = asObject(service.value.spec) ?? {};
    const selector = stringLabels(spec.selector);
    if (Object.keys(selector).length === 0) continue;
    const ports: ServicePort[] = [];
    for (const item of asArray(spec.ports)) {
      const port = asObject(item) ?? {};
      const number = numberOr(port.port);
      const protocol = typeof port.protocol === 'string' && port.protocol !== '' ? port.protocol : 'TCP';
      // IntOrString.String(); the zero value stands for "same as port".
      const target = typeof port.targetPort === 'number' || typeof port.targetPort === 'string' ? String(port.targetPort) : '';
      ports.push({service: `${service.namespace}/${service.name}`, port: number, protocol, targetPort: target === '' || target === '0' ? String(number) : target});
    }
    const list = byNamespace.get(service.namespace);
    if (list) list.push({selector, ports});
    else byNamespace.set(service.namespace, [{selector, ports}]);
  }
  return byNamespace;
}

function matchingServicePorts(services: readonly SelectingService[], deployment: AnalysisResource): ServicePort[] {
  const podLabels = stringLabels(asObject(asObject(asObject(deployment.value.spec)?.template)?.metadata)?.labels);
  const ports: ServicePort[] = [];
  for (const {selector, ports: servicePorts} of services) if (labelsInclude(podLabels, selector)) ports.push(...servicePorts);
  return ports;
}

function reportProtocolConflicts(ctx: AnalyzerContext, deployment: AnalysisResource, ports: readonly ServicePort[]): void {
  const byPort = new Map<number, Map<string, string[]>>();
  for (const {port, protocol, service} of ports) {
    const protocols = byPort.get(port) ?? new Map<string, string[]>();
    byPort.set(port, protocols);
    pushTo(protocols, protocol, service);
  }
  for (const [port, protocols] of byPort) {
    if (protocols.size < 2) continue;
    const services = [...protocols.values()].flat().sort();
    ctx.report(deployment, 'DeploymentAssociatedToMultipleServices', [deployment.name, port, services], {path: '/metadata/name'});
  }
}

function reportTargetPortConflicts(ctx: AnalyzerContext, deployment: AnalysisResource, ports: readonly ServicePort[]): void {
  // targetPort → port → the last Service naming that pair (a Go map keyed by port).
  const byTarget = new Map<string, Map<number, string>>();
  for (const {targetPort, port, service} of ports) {
    const services = byTarget.get(targetPort) ?? new Map<number, string>();
    byTarget.set(targetPort, services);
    services.set(port, service);
  }
  for (const [targetPort, services] of byTarget) {
    if (services.size < 2) continue;
    const names = [...services.values()].sort();
    const numbers = [...services.keys()].sort((a, b) => a - b);
    ctx.report(deployment, 'DeploymentConflictingPorts', [deployment.name, names, targetPort, numbers], {path: '/metadata/name'});
  }
}
