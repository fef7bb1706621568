/**
 * Whether each backend a route sends requests to resolves, as istiod's buildDestination decides
 * the route's ResolvedRefs condition (pilot/pkg/config/kube/gateway conversion.go), in the
 * Gateway API's reasons (apis/v1 shared_types.go):
 * - BackendNotFound: a Service (or Linkerd EgressNetwork) that does not exist; the spec answers
 *   requests sent to such a backend with a 500;
 * - InvalidKind: a kind neither Istio (Service, networking.istio.io Hostname, ServiceImport,
 *   InferencePool) nor Linkerd (Service, EgressNetwork: policy-controller index.rs is_service,
 *   is_egress_network) routes to, on a route one of them serves: one with a Service or
 *   ServiceEntry parent (the mesh), or a Gateway parent of one of Istio's classes. Other
 *   implementations route to kinds of their own (the spec's examples use acme.io's CustomBackend);
 * - a port the Service does not expose (istiod writes the destination anyway; no cluster serves it);
 * - a Service written with group "core" (or kind `service`): Linkerd reads it as a Service
 *   (is_service), istiod does not (model/service-reference.ts), so on a route istiod serves through
 *   one of its Gateways it is refused ("referencing unsupported backendRef"); a route with a
 *   Service parent may be Linkerd's and is read as Linkerd reads it;
 * - a Service named by its hostname (`reviews.shop.svc.cluster.local`), which istiod refuses
 *   whatever the cluster holds ("the name of the Service must be used, not the hostname").
 * - istiod's other backends, resolved as buildDestination resolves them: a networking.istio.io
 *   Hostname no Service or ServiceEntry of the cluster provides (LookupHostname), or one written
 *   with a namespace, which refuses the whole route ("namespace may not be set with Hostname
 *   type"); a ServiceImport whose Service is not there (without MCS hosts istiod reads the Service
 *   of that name); an InferencePool that does not exist. Each is BackendNotFound.
 * A backendRef of weight 0 on a route of Gateway parents is not resolved at all (routes.ts
 * RouteReading.resolvedBackends).
 * A Service backendRef without a port is the CRD's own rule ("Must have port for Service
 * reference"), reported by the schema step. Cross-namespace permission: referenceGrants.ts.
 */
import {asObject, asString} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';
import {istiodReadsService, linkerdReadsService} from '../../../model/service-reference';
import {CLUSTER_DOMAIN} from '../../../model/hosts';
import {destinationHost, serviceHostMap} from '../serviceLookup';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {
  GATEWAY_GROUP, isGatewayParent, isMeshParent, isServiceParent, knowsIn, lookup, ref, ROUTE_INPUTS, routeReadings, servicePortsOf, type BackendRef, type RouteReading,
} from './routes';
import {controllerOf, GATEWAY_CONTROLLER, listenerController} from './gatewayClasses';

const LINKERD_POLICY = 'policy.linkerd.io';
const ISTIO_NETWORKING = 'networking.istio.io';
const INFERENCE = 'inference.networking.k8s.io';

/** Backends some implementation of the project's meshes routes to, besides a Service: `group/kind`. */
const OTHER_BACKENDS = new Set([
  `${ISTIO_NETWORKING}/Hostname`,
  'multicluster.x-k8s.io/ServiceImport',
  `${INFERENCE}/InferencePool`,
  `${LINKERD_POLICY}/EgressNetwork`,
]);

/** `namespace/name`: how the messages name a backend. */
const targetOf = (backend: BackendRef) => `${backend.namespace}/${backend.name}`;

export const backendRefAnalyzer: Analyzer = {
  name: 'gatewayapi.BackendRefAnalyzer',
  inputs: [
    ...ROUTE_INPUTS, ref('', 'Service'), ref(LINKERD_POLICY, 'EgressNetwork'), ref(GATEWAY_GROUP, 'Gateway'), ref(GATEWAY_GROUP, 'GatewayClass'),
    ref(ISTIO_NETWORKING, 'ServiceEntry'), ref(INFERENCE, 'InferencePool'),
  ],
  reports: ROUTE_INPUTS,
  analyze(ctx) {
    for (const reading of routeReadings(ctx)) {
      const route = reading.route;
      let mesh: boolean | undefined;
      let istiodGateway: boolean | undefined;
      for (const backend of reading.resolvedBackends) {
        if (linkerdReadsService(backend.group, backend.kind)) {
          // Linkerd's reading ("core", any case) is not istiod's: on a route istiod serves through a Gateway, istiod refuses it
          // (across namespaces istiod asks the ReferenceGrant first, which never names group "core": referenceGrants.ts says RefNotPermitted)
          if (!istiodReadsService(backend.group, backend.kind) && backend.namespace === route.namespace && (istiodGateway ??= servedByIstiodGateway(ctx, reading))) {
            ctx.report(route, 'GatewayApiBackendNotIstiodService', [backend.group, backend.kind], {path: at(backend.path, backend.group === '' ? 'kind' : 'group')});
            continue;
          }
          if (backend.name.includes('.')) {
            ctx.report(route, 'GatewayApiBackendHostnameAsName', [backend.name, backend.name.slice(0, backend.name.indexOf('.'))], {path: at(backend.path, 'name')});
            continue;
          }
          const service = lookup(ctx, '', 'Service', backend.namespace, backend.name);
          if (!service) {
            if (knowsIn(ctx, '', 'Service', backend.namespace)) ctx.report(route, 'GatewayApiBackendNotFound', ['Service', targetOf(backend)], {path: at(backend.path, 'name')});
            continue;
          }
          if (backend.port === undefined) continue;
          const ports = servicePortsOf(service);
          if (!ports.includes(backend.port)) ctx.report(route, 'GatewayApiBackendPortNotFound', [targetOf(backend), backend.port, ports], {path: at(backend.path, 'port')});
        } else if (backend.group === LINKERD_POLICY && backend.kind === 'EgressNetwork') {
          if (!lookup(ctx, LINKERD_POLICY, 'EgressNetwork', backend.namespace, backend.name) && knowsIn(ctx, LINKERD_POLICY, 'EgressNetwork', backend.namespace)) {
            ctx.report(route, 'GatewayApiBackendNotFound', ['EgressNetwork', targetOf(backend)], {path: at(backend.path, 'name')});
          }
        } else if (OTHER_BACKENDS.has(`${backend.group}/${backend.kind}`)) {
          checkIstiodBackend(ctx, route, backend);
        } else if (mesh ??= servedByMesh(ctx, reading)) {
          ctx.report(route, 'GatewayApiBackendInvalidKind', [backend.group, backend.kind], {path: at(backend.path, backend.kind === 'Service' ? 'group' : 'kind')});
        }
      }
    }
  },
};

/** buildDestination's lookups of the backends istiod routes to besides a Service (the other kinds of OTHER_BACKENDS resolve nowhere here). */
function checkIstiodBackend(ctx: AnalyzerContext, route: AnalysisResource, backend: BackendRef): void {
  if (backend.group === ISTIO_NETWORKING && backend.kind === 'Hostname') {
    if (backend.namespaceSet) {
      ctx.report(route, 'GatewayApiHostnameBackendNamespace', [backend.name, backend.namespace], {path: at(backend.path, 'namespace')});
    } else if (knowsHost(ctx, backend.name) && !destinationHost(serviceHostMap(ctx), route.namespace, undefined, backend.name)) {
      // LookupHostname: the host as written, among the hosts visible from the route's namespace
      ctx.report(route, 'GatewayApiBackendNotFound', ['Hostname', backend.name], {path: at(backend.path, 'name')});
    }
  } else if (backend.kind === 'ServiceImport') {
    if (!lookup(ctx, '', 'Service', backend.namespace, backend.name) && knowsIn(ctx, '', 'Service', backend.namespace)) {
      ctx.report(route, 'GatewayApiBackendNotFound', ['ServiceImport', targetOf(backend)], {path: at(backend.path, 'name')});
    }
  } else if (backend.kind === 'InferencePool') {
    if (!lookup(ctx, INFERENCE, 'InferencePool', backend.namespace, backend.name) && knowsIn(ctx, INFERENCE, 'InferencePool', backend.namespace)) {
      ctx.report(route, 'GatewayApiBackendNotFound', ['InferencePool', targetOf(backend)], {path: at(backend.path, 'name')});
    }
  }
}

/**
 * Whether the run can tell a host is provided by nothing: in a closed world always; in an open one a
 * Service's host only where the run holds Services of its namespace, any other only when it holds
 * ServiceEntries (exported to every namespace unless they say otherwise).
 */
function knowsHost(ctx: AnalyzerContext, host: string): boolean {
  if (ctx.closedWorld) return true;
  const local = host.endsWith(`.${CLUSTER_DOMAIN}`) ? host.split('.') : undefined;
  if (local) return local.length === 5 && knowsIn(ctx, '', 'Service', local[1]!);
  return ctx.resources(ISTIO_NETWORKING, 'ServiceEntry').length > 0;
}

/** Whether Istio or Linkerd serves the route: a mesh parent, or a Gateway of an Istio class (its GatewayClass's controller istio.io/…, gatewayClasses.ts). */
function servedByMesh(ctx: AnalyzerContext, reading: RouteReading): boolean {
  return reading.parents.some((parent) => {
    if (isMeshParent(parent)) return true;
    if (!isGatewayParent(parent)) return false;
    const gateway = lookup(ctx, GATEWAY_GROUP, 'Gateway', parent.namespace, parent.name);
    const className = asString(asObject(gateway?.value.spec)?.gatewayClassName);
    if (!className) return false;
    return controllerOf(ctx, className)?.startsWith('istio.io/') ?? false;
  });
}

/** Whether istiod builds the route for one of its parents: a Gateway of istiod's gateway controller (a waypoint's routes have Service parents). */
function servedByIstiodGateway(ctx: AnalyzerContext, reading: RouteReading): boolean {
  return reading.parents.some((parent) => {
    if (!isGatewayParent(parent)) return false;
    const gateway = lookup(ctx, GATEWAY_GROUP, 'Gateway', parent.namespace, parent.name);
    return gateway !== undefined && listenerController(ctx, gateway) === GATEWAY_CONTROLLER;
  });
}
