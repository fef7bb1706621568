/**
 * Whether each parentRef of a route attaches it, decided as istiod decides the route's Accepted
 * condition (pilot/pkg/config/kube/gateway conversion.go referenceAllowed, conditions.go
 * createRouteStatus), in the Gateway API's reasons (apis/v1 shared_types.go):
 * - a Gateway, Service (GAMMA), Istio ServiceEntry or Linkerd Server or EgressNetwork parent that does not exist;
 * - NoMatchingParent: no listener has the parentRef's sectionName or port;
 * - NoMatchingListenerHostname: no route hostname intersects the listener's (wildcards as the spec
 *   reads them: `*.example.com` takes `a.example.com` and `a.b.example.com`, not `example.com`);
 * - NotAllowedByListeners: the listener's allowedRoutes refuses the route's namespace or kind.
 * A Gateway of the istio-remote class is left alone, as istiod leaves it.
 * Each listener the parentRef selects gets one verdict (port, then sectionName, then hostnames,
 * then namespace, then kind); the parentRef takes the mildest, as createRouteStatus ranks them,
 * and the messages of the listeners at that rank.
 */
import {asObject, asString} from '../../../istio/access';
import {hostsOverlap} from '../../../model/hosts';
import type {AnalysisResource} from '../../../model/resource';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {classInfoOf} from './gatewayClasses';
import {kindVerdict, listenersOf, namespaceVerdict, type Listener} from './listeners';
import {
  GATEWAY_GROUP, isGatewayParent, isServiceParent, knowsIn, lookup, ref, ROUTE_INPUTS, routeReadings, type ParentRef, type RouteReading,
} from './routes';

const ISTIO_NETWORKING = 'networking.istio.io';
const LINKERD_POLICY = 'policy.linkerd.io';

export const parentRefAnalyzer: Analyzer = {
  name: 'gatewayapi.ParentRefAnalyzer',
  inputs: [...ROUTE_INPUTS, ref(GATEWAY_GROUP, 'Gateway'), ref('', 'Service'), ref('', 'Namespace'), ref(ISTIO_NETWORKING, 'ServiceEntry'),
    ref(LINKERD_POLICY, 'Server'), ref(LINKERD_POLICY, 'EgressNetwork')],
  reports: ROUTE_INPUTS,
  analyze(ctx) {
    for (const reading of routeReadings(ctx)) {
      const route = reading.route;
      for (const parent of reading.parents) {
        if (isGatewayParent(parent)) checkGatewayParent(ctx, reading, parent);
        else if (isServiceParent(parent)) checkExists(ctx, route, parent, '', 'Service');
        else if (parent.group === ISTIO_NETWORKING && parent.kind === 'ServiceEntry') checkExists(ctx, route, parent, ISTIO_NETWORKING, 'ServiceEntry');
        // Linkerd's parents besides a Service (status/src/index.rs parent_condition_server, parent_condition_egress_network: NoMatchingParent when absent).
        else if (parent.group === LINKERD_POLICY && (parent.kind === 'Server' || parent.kind === 'EgressNetwork')) checkExists(ctx, route, parent, LINKERD_POLICY, parent.kind);
        // ListenerSet parents: listenerSetParents.ts. Other controllers' kinds are left alone, as istiod leaves them.
      }
    }
  },
};

export function checkExists(ctx: AnalyzerContext, route: AnalysisResource, parent: ParentRef, group: string, kind: string): boolean {
  if (lookup(ctx, group, kind, parent.namespace, parent.name)) return true;
  if (knowsIn(ctx, group, kind, parent.namespace)) {
    ctx.report(route, 'GatewayApiParentNotFound', [kind, `${parent.namespace}/${parent.name}`], {path: at(parent.path, 'name')});
  }
  return false;
}

/** createRouteStatus's ranks: the lower, the milder. */
const Rank = {Attached: 0, NotAllowed: 1, NoHostname: 2, NoMatchingParent: 4} as const;

interface Outcome {
  rank: (typeof Rank)[keyof typeof Rank];
  why?: string;
}

/** The outcomes that say no more than their rank, made once (judge runs per route, reference and listener). */
const ATTACHED: Outcome = {rank: Rank.Attached};
const NO_MATCHING_PARENT: Outcome = {rank: Rank.NoMatchingParent};
const NO_HOSTNAME: Outcome = {rank: Rank.NoHostname};

function checkGatewayParent(ctx: AnalyzerContext, reading: RouteReading, parent: ParentRef): void {
  const gateway = lookup(ctx, GATEWAY_GROUP, 'Gateway', parent.namespace, parent.name);
  if (!gateway) {
    checkExists(ctx, reading.route, parent, GATEWAY_GROUP, 'Gateway');
    return;
  }
  // A Gateway of istio-remote's class stands for one in another cluster: istiod builds nothing for it
  // (gateway_collection.go DisableRouteGeneration) and writes its routes no status for it
  if (classInfoOf(ctx, asString(asObject(gateway.value.spec)?.gatewayClassName))?.remote) return;
  checkListeners(ctx, reading, parent, gateway);
}

/**
 * The verdicts on the listeners of a parent holding them: a Gateway, or a ListenerSet its Gateway
 * accepts (whose listeners' allowedRoutes `Same` means the ListenerSet's namespace: istiod's
 * buildListener is given the ListenerSet as the listeners' owner).
 */
export function checkListeners(ctx: AnalyzerContext, reading: RouteReading, parent: ParentRef, gateway: AnalysisResource): void {
  const listeners = listenersOf(gateway);
  if (listeners.length === 0) return;
  const route = reading.route;
  const routeHostnames = reading.hostnames;
  // Most references attach: the first listener that takes the route ends the check, and only a
  // reference none takes has every listener judged for its message.
  const outcomes: Outcome[] = [];
  let mildest: Outcome['rank'] = Rank.NoMatchingParent;
  for (const listener of listeners) {
    const outcome = judge(ctx, route, gateway, listener, parent, routeHostnames);
    if (outcome.rank === Rank.Attached) return;
    if (outcome.rank < mildest) mildest = outcome.rank;
    outcomes.push(outcome);
  }
  const gatewayName = `${gateway.kind} ${gateway.namespace}/${gateway.name}`;
  if (mildest === Rank.NoMatchingParent) {
    const portMissing = parent.port !== undefined && !listeners.some((l) => l.port === parent.port);
    const wanted = [parent.sectionName !== undefined ? `named ${JSON.stringify(parent.sectionName)}` : '', parent.port !== undefined ? `on port ${parent.port}` : '']
      .filter(Boolean).join(' ');
    ctx.report(route, 'GatewayApiNoMatchingParent', [gatewayName, wanted], {path: at(parent.path, portMissing || parent.sectionName === undefined ? 'port' : 'sectionName')});
  } else if (mildest === Rank.NoHostname) {
    const candidates = listeners.filter((_, i) => outcomes[i]!.rank === Rank.NoHostname).map((l) => l.hostname ?? '*');
    ctx.report(route, 'GatewayApiNoMatchingListenerHostname', [[...routeHostnames], gatewayName, [...new Set(candidates)]], {path: '/spec/hostnames'});
  } else {
    const reasons = outcomes.filter((o) => o.rank === Rank.NotAllowed).map((o) => o.why!);
    ctx.report(route, 'GatewayApiNotAllowedByListeners', [gatewayName, route.kind, route.namespace, [...new Set(reasons)].join('; ')],
      {path: at(parent.path, parent.namespaceSet ? 'namespace' : 'name')});
  }
}

/** referenceAllowed for one listener: port, then sectionName, then hostnames, then namespace, then kind. */
function judge(ctx: AnalyzerContext, route: AnalysisResource, gateway: AnalysisResource, listener: Listener, parent: ParentRef, routeHostnames: string[]): Outcome {
  if (parent.port !== undefined && parent.port !== listener.port) return NO_MATCHING_PARENT;
  if (parent.sectionName !== undefined && parent.sectionName !== listener.name) return NO_MATCHING_PARENT;
  const listenerHostname = listener.hostname ?? '*';
  const hostnames = routeHostnames.length === 0 ? ['*'] : routeHostnames;
  if (!hostnames.some((hostname) => hostsOverlap(listenerHostname, hostname))) return NO_HOSTNAME;
  const namespace = namespaceVerdict(ctx, gateway, listener, route.namespace);
  if (namespace && !namespace.allowed) return {rank: Rank.NotAllowed, why: namespace.why};
  const kind = kindVerdict(listener, route);
  if (kind && !kind.allowed) return {rank: Rank.NotAllowed, why: kind.why};
  return ATTACHED;
}
