/**
 * One Linkerd inbound proxy's answer (authorize.ts) laid out in the order the proxy reaches it, for
 * the lab's drawn allow/deny trace:
 *
 * 1. the Server that selects the port, else the default policy (policy controller
 *    inbound/index.rs Pod::reindex_servers, default_inbound_server);
 * 2. for HTTP and gRPC, the route (linkerd2-proxy http-route find: no route of a Server with routes
 *    is a 404 that decides here); opaque and TLS ports are authorized per connection, without route;
 * 3. the authorizations in the order the proxy tries them (server-policy authz.rs
 *    mk_authorizations: the route's own, then the Server's or the default policy's; authorize.ts puts
 *    the audit catch-all last): the first that admits decides;
 * 4. none admits: 403 (HTTP), grpc-status 7 (gRPC), or a refused connection (opaque, TLS).
 *
 * Exactly one stage decides; the stages after it are not reached. Types only are imported, so a
 * page can bundle it.
 */
import type {AuthorizationRef} from './authorization';
import type {CheckedAuthorization, LinkerdAuthorization} from './authorize';

export type LinkerdStageKind = 'server' | 'route' | 'route-authorizations' | 'server-authorizations' | 'audit' | 'deny';

export interface LinkerdStageItem {
  /** `AuthorizationPolicy shop/reads`, `default policy all-unauthenticated`. */
  ref: string;
  authentications: string[];
  result: CheckedAuthorization['result'];
  why?: string;
  /** This authorization admitted the client. */
  decides: boolean;
}

export interface LinkerdStage {
  kind: LinkerdStageKind;
  title: string;
  items: LinkerdStageItem[];
  /** What this stage does with the request, in words. */
  outcome: string;
  decides: boolean;
  /** False for stages after the deciding one. */
  reached: boolean;
}

function refText(ref: AuthorizationRef): string {
  return ref.kind === 'default' ? `default policy ${ref.name}` : `${ref.kind} ${ref.namespace}/${ref.name}`;
}

function isAuditRef(ref: AuthorizationRef): boolean {
  return ref.kind === 'default' && ref.name === 'audit';
}

function item(checked: CheckedAuthorization, allowed: boolean): LinkerdStageItem {
  return {ref: refText(checked.ref), authentications: checked.authentications, result: checked.result, why: checked.why, decides: allowed && checked.result === 'admits'};
}

function itemsOutcome(items: readonly LinkerdStageItem[], empty: string): string {
  if (items.length === 0) return empty;
  const admitting = items.find((i) => i.result === 'admits');
  if (admitting) return `${admitting.ref} admits the client`;
  if (items.every((i) => i.result === 'not-checked')) return 'not checked';
  return 'none admits the client: on to the next';
}

function serverOutcome(answer: LinkerdAuthorization): string {
  const server = answer.server;
  const handling = answer.protocol === 'opaque' || answer.protocol === 'TLS'
    ? `; port ${answer.port} is ${answer.protocol === 'opaque' ? 'opaque' : 'application TLS'}: each connection is authorized, not each request`
    : `; protocol ${answer.protocol === 'detect' ? 'detected' : answer.protocol}`;
  return server.kind === 'Server'
    ? `Server ${server.namespace}/${server.name} selects port ${answer.port}${handling}`
    : `no Server selects port ${answer.port}: the default policy ${server.policy} (${server.from === 'cluster' ? "the cluster's proxy.defaultInboundPolicy" : `config.linkerd.io/default-inbound-policy on the ${server.from === 'pod' ? 'pod template' : 'namespace'}`})${handling}`;
}

function routeOutcome(answer: LinkerdAuthorization): string {
  if (answer.verdict === 'no-route') return answer.summary;
  const route = answer.route;
  if (!route || route.kind === 'default') {
    return route?.name === 'probe' ? `GET on a probe path: the probe route, open to the probe networks` : 'the default route takes every request';
  }
  return `${route.kind} ${route.namespace}/${route.name} rules[${route.rule}] takes the request`;
}

/** The answer's stages, in the order the proxy reaches them. */
export function linkerdEvaluationStages(answer: LinkerdAuthorization): LinkerdStage[] {
  const allowed = answer.verdict === 'allowed';
  const stages: Array<Omit<LinkerdStage, 'reached'>> = [];
  stages.push({kind: 'server', title: 'Server', items: [], decides: false, outcome: serverOutcome(answer)});
  const perConnection = answer.protocol === 'opaque' || answer.protocol === 'TLS';
  if (!perConnection) stages.push({kind: 'route', title: 'Route', items: [], decides: answer.verdict === 'no-route', outcome: routeOutcome(answer)});

  const routeItems = answer.checked.filter((c) => c.from === 'route' || c.from === 'probe').map((c) => item(c, allowed));
  const routeIsResource = answer.route !== undefined && answer.route.kind !== 'default';
  if (routeItems.length > 0 || routeIsResource) {
    const probe = answer.route?.kind === 'default' && answer.route.name === 'probe';
    stages.push({kind: 'route-authorizations', title: probe ? "The probe route's authorization" : "The route's authorizations", items: routeItems,
      decides: routeItems.some((i) => i.decides), outcome: itemsOutcome(routeItems, 'no AuthorizationPolicy targets the route')});
  }
  const serverItems = answer.checked.filter((c) => c.from === 'server' && !isAuditRef(c.ref)).map((c) => item(c, allowed));
  const serverTitle = answer.server.kind === 'Server' ? "The Server's authorizations" : `The default policy's authorizations`;
  stages.push({kind: 'server-authorizations', title: serverTitle, items: serverItems, decides: serverItems.some((i) => i.decides),
    outcome: itemsOutcome(serverItems, answer.server.kind === 'Server' ? 'nothing authorizes the Server' : `the default policy ${answer.server.policy} authorizes nobody`)});
  const auditItems = answer.checked.filter((c) => isAuditRef(c.ref)).map((c) => item(c, allowed));
  if (auditItems.length > 0) {
    stages.push({kind: 'audit', title: 'Audit', items: auditItems, decides: auditItems.some((i) => i.decides),
      outcome: auditItems.some((i) => i.decides) ? answer.summary : itemsOutcome(auditItems, '')});
  }
  const denies = answer.verdict === 'forbidden' || answer.verdict === 'refused';
  stages.push({kind: 'deny', title: 'Nothing admits', items: [], decides: denies, outcome: denies ? answer.summary : 'not reached'});

  const decider = stages.findIndex((s) => s.decides);
  return stages.map((s, i) => ({...s, reached: decider < 0 || i <= decider}));
}
