/**
 * Routing by Gateway API semantics once the parent's routes are known (a Gateway's virtual
 * host, or a Service's mesh routes): the first match in precedence order (precedence.ts)
 * wins, and its rule decides: a redirect, or its backends with their shares, its filters,
 * timeouts and, for Linkerd, the route's annotations. Nothing matching is a 404 (Envoy's NR;
 * Linkerd's proxy answers 404 too when no route matches).
 *
 * A rule with no backendRefs: Istio answers 404 itself (convertHTTPRoute's direct response);
 * Linkerd sends the request to the parent Service (grpc/src/outbound/http.rs, the default
 * backend when a rule lists none). All backends of weight 0: 500 (convertHTTPRoute, and the
 * spec: no backend left to route to).
 */
import {asObject, type Obj} from '../../engine/istio/access';
import type {Decision, GatewayApiDecision, HeaderOperations, TraceStep} from '../decision';
import {applyCors, corsFromHttpRouteFilter, describeCors, finishCorsPreflight} from '../cors';
import {finish, describeRetries, resourceRef} from '../outcome';
import {retriesOf} from '../actions';
import type {SimRequest} from '../request';
import {locate, type World} from '../world';
import {backendRefsOf, resolveBackendRefs, type BackendRef} from './backends';
import {FILTER_FIELDS, filtersOf, headerOperations, istioTimeout, mirrorOf, redirectLocation, rewriteOf} from './filters';
import {linkerdRouting} from './linkerd-annotations';
import {describeMatch, evaluateMatch} from './match';
import {precedenceReason, routeEntries, type RouteEntry} from './precedence';
import {routeKindLabel, routeRef, type GatewayRoute} from './resources';

export interface GatewayApiQuery {
  world: World;
  request: SimRequest;
  /** The port the request arrives on (listener or Service port). */
  port: number;
  routes: readonly GatewayRoute[];
  mesh: 'istio' | 'linkerd';
  parent: GatewayApiDecision['parent'];
  host: string;
  /** For Linkerd: the parent Service as `name`/`namespace`, the backend of a rule without backendRefs. */
  parentService?: {name: string; namespace: string};
  base: Decision;
  trace: TraceStep[];
}

export function routeGatewayApi(query: GatewayApiQuery): Decision {
  const {request, routes, trace} = query;
  const entries = routeEntries(routes);
  const base: Decision = {...query.base, httpRoutes: routes.map((r) => resourceRef(r.resource))};
  const gatewayApi: GatewayApiDecision = {mesh: query.mesh, parent: query.parent, host: query.host};
  const tried: Array<{entry: RouteEntry; reason: string}> = [];
  for (const entry of entries) {
    const verdict = entry.match ? evaluateMatch(entry.match, request) : {matched: true as const};
    if (!verdict.matched) {
      tried.push({entry, reason: verdict.reason});
      trace.push({message: `${label(entry)} does not match: ${verdict.reason}`, at: matchAt(entry)});
      continue;
    }
    const earlier = tried.length ? ` (tried after ${tried.map((t) => `${label(t.entry)}: ${precedenceReason(t.entry, entry)}`).join('; ')})` : '';
    trace.push({message: `${label(entry)} matches${entry.match ? `: ${describeMatch(entry.match)}` : ' every request (no matches)'}${earlier}`, at: matchAt(entry)});
    return applyRule(query, entry, {...base, gatewayApi: {...gatewayApi, match: entry.match && describeMatch(entry.match)}});
  }
  trace.push({message: `no rule of ${routes.length === 1 ? 'the route' : `the ${routes.length} routes`} matches: ${query.mesh === 'istio' ? 'Envoy answers 404 with response flag NR' : "Linkerd's proxy answers 404"}`});
  return finish({...base, gatewayApi, outcome: 'no-route', status: 404, flags: query.mesh === 'istio' ? 'NR' : undefined, summary: `404${query.mesh === 'istio' ? ' NR' : ''}: no rule of ${routes.map(routeRef).join(', ')} matches`}, trace);
}

function label(entry: RouteEntry): string {
  const {resource} = entry.route;
  const match = entry.defaulted ? ' (no matches written: PathPrefix / by default)' : entry.matchIndex === undefined ? '' : ` matches[${entry.matchIndex}]`;
  return `${routeKindLabel(entry.route)} ${resource.namespace}/${resource.name} rules[${entry.ruleIndex}]${match}`;
}

function matchAt(entry: RouteEntry): TraceStep['at'] {
  return entry.matchIndex === undefined || entry.defaulted ? locate(entry.route.resource, 'spec', 'rules', entry.ruleIndex) : locate(entry.route.resource, 'spec', 'rules', entry.ruleIndex, 'matches', entry.matchIndex);
}

function applyRule(query: GatewayApiQuery, entry: RouteEntry, base: Decision): Decision {
  const {world, request, trace, mesh} = query;
  const {route, rule, ruleIndex} = entry;
  const ruleAt = locate(route.resource, 'spec', 'rules', ruleIndex);
  const gatewayApi = base.gatewayApi!;
  const decision: Decision = {
    ...base,
    route: {index: ruleIndex, name: typeof rule.name === 'string' ? rule.name : undefined, matchIndex: entry.defaulted ? undefined : entry.matchIndex, virtualService: resourceRef(route.resource), at: ruleAt, matchAt: matchAt(entry)},
  };
  const at = (...path: Array<string | number>): TraceStep['at'] => locate(route.resource, 'spec', 'rules', ruleIndex, ...path);
  let corsFilter: {spec: Obj; at: TraceStep['at']} | undefined;
  for (const filter of filtersOf(rule)) {
    const spec = asObject(filter.spec[FILTER_FIELDS[filter.type] ?? '']) ?? {};
    switch (filter.type) {
      case 'RequestRedirect': {
        const redirect = redirectLocation(spec, request, query.port, entry.match?.path);
        trace.push({message: `RequestRedirect: ${redirect.status} to ${redirect.location}`, at: at('filters', filter.index)});
        return finish({...decision, outcome: 'redirect', status: redirect.status, redirect, summary: `${redirect.status} redirect to ${redirect.location}`}, trace);
      }
      case 'RequestHeaderModifier':
        gatewayApi.requestHeaders = headerOperations(spec);
        trace.push({message: `RequestHeaderModifier: ${describeHeaders(gatewayApi.requestHeaders)}`, at: at('filters', filter.index)});
        break;
      case 'ResponseHeaderModifier':
        gatewayApi.responseHeaders = headerOperations(spec);
        trace.push({message: `ResponseHeaderModifier: ${describeHeaders(gatewayApi.responseHeaders)}`, at: at('filters', filter.index)});
        break;
      case 'URLRewrite': {
        const rewrite = rewriteOf(spec, request, entry.match?.path);
        decision.rewrite = {authority: rewrite.authority, path: rewrite.path};
        trace.push({message: `URLRewrite: ${[rewrite.path !== undefined && `path ${rewrite.path}`, rewrite.authority && `host ${rewrite.authority}`].filter(Boolean).join(', ') || 'nothing changes'}`, at: at('filters', filter.index)});
        break;
      }
      case 'RequestMirror': {
        const mirror = mirrorOf(spec, route.resource.namespace);
        if (mirror) {
          (decision.mirrors ??= []).push(mirror);
          trace.push({message: `RequestMirror: a copy of ${mirror.percentage}% of requests to ${mirror.host} (responses ignored)`, at: at('filters', filter.index)});
        }
        break;
      }
      case 'CORS':
        // Linkerd's controller refuses a route with this filter (linkerd-conversion.ts): only Istio gets here.
        corsFilter = {spec, at: at('filters', filter.index)};
        break;
      default:
        trace.push({message: `filter ${filter.type} is not simulated`, at: at('filters', filter.index)});
    }
  }
  const timeouts = asObject(rule.timeouts);
  if (timeouts) gatewayApi.timeouts = {request: stringOf(timeouts.request), backendRequest: stringOf(timeouts.backendRequest)};
  applyPolicies(query, entry, decision, trace);

  const refs = backendRefsOf(rule, route);
  if (refs.length === 0) {
    if (mesh === 'linkerd' && query.parentService) {
      trace.push({message: `rules[${ruleIndex}] has no backendRefs: Linkerd sends the request to the parent Service ${query.parentService.namespace}/${query.parentService.name}`, at: ruleAt});
      const implicit: BackendRef = {group: '', kind: 'Service', ...query.parentService, port: query.port, weight: 1, index: 0};
      decision.destinations = resolveBackendRefs(world, route, ruleIndex, [implicit], mesh, trace);
      return finish({...decision, outcome: 'routed', status: null, summary: ''}, trace);
    }
    trace.push({message: `rules[${ruleIndex}] has no backendRefs: Istio answers 404 itself (a direct response)${corsFilter ? ', and Envoy\'s CORS filter stands aside on a route that does not forward' : ''}`, at: ruleAt});
    return finish({...decision, outcome: 'direct-response', status: 404, directResponse: {status: 404}, summary: `404: rule ${ruleIndex} of ${route.kind} ${route.resource.namespace}/${route.resource.name} has no backendRefs`}, trace);
  }
  decision.destinations = resolveBackendRefs(world, route, ruleIndex, refs, mesh, trace, {enforceGrants: mesh === 'istio' && query.parent.kind === 'Gateway'});
  if (decision.destinations.length === 0) {
    trace.push({message: `every backendRef of rules[${ruleIndex}] has weight 0: 500`, at: at('backendRefs')});
    return finish({...decision, outcome: 'direct-response', status: 500, directResponse: {status: 500}, summary: '500: every backend of the rule has weight 0'}, trace);
  }
  if (corsFilter) {
    const cors = applyCors(corsFromHttpRouteFilter(corsFilter.spec), request, 'HTTPRoute CORS filter');
    trace.push({message: describeCors(cors), at: corsFilter.at});
    // The CORS filter answers a preflight before the router, whatever the backends would answer.
    if (cors?.answered) return finishCorsPreflight(decision, cors, trace);
    decision.cors = cors;
  }
  return finish({...decision, outcome: 'routed', status: null, summary: ''}, trace);
}

/** Timeouts and retries: Istio's translation of `timeouts` and `retry`, or Linkerd's annotations. */
function applyPolicies(query: GatewayApiQuery, entry: RouteEntry, decision: Decision, trace: TraceStep[]): void {
  const {route, rule, ruleIndex} = entry;
  const gatewayApi = decision.gatewayApi!;
  if (query.mesh === 'linkerd') {
    const linkerd = linkerdRouting(route.kind, asObject(route.resource.metadata.annotations), rule);
    gatewayApi.linkerd = linkerd;
    decision.timeout = linkerd.timeouts.request ?? null;
    decision.retries = linkerd.retry ? {attempts: linkerd.retry.limit, perTryTimeout: linkerd.retry.timeout, retryOn: linkerd.retry.conditions ?? (route.kind === 'GRPCRoute' ? 'none given' : '5xx'), from: 'route'} : null;
    const parts = Object.entries(linkerd.timeouts).map(([k, v]) => `${k} ${v}`);
    trace.push({message: `Linkerd timeouts: ${parts.length ? parts.join(', ') : 'none'}; retries: ${linkerd.retry ? `limit ${linkerd.retry.limit}${linkerd.retry.timeout ? `, ${linkerd.retry.timeout} per try` : ''}${linkerd.retry.conditions ? `, on ${linkerd.retry.conditions}` : ''}` : 'none (Linkerd retries only when the route asks)'}`,
      at: locate(route.resource, 'metadata', 'annotations')});
    return;
  }
  const retry = asObject(rule.retry);
  decision.retries = retry ? istioRetry(retry) : retriesOf({});
  const {timeout, perTryTimeout} = istioTimeout(asObject(rule.timeouts), retry !== undefined);
  decision.timeout = timeout;
  if (perTryTimeout && decision.retries) decision.retries = {...decision.retries, perTryTimeout};
  trace.push({message: timeout ? `timeout ${timeout}` : 'no timeout (the rule sets none)', at: asObject(rule.timeouts) ? locate(route.resource, 'spec', 'rules', ruleIndex, 'timeouts') : undefined});
  trace.push({message: describeRetries(decision)});
}

/** convertHTTPRoute's `retry`: connection errors plus the codes, 2 attempts unless given. */
function istioRetry(retry: Obj): Decision['retries'] {
  const attempts = typeof retry.attempts === 'number' ? retry.attempts : 2;
  if (attempts <= 0) return null;
  const codes = Array.isArray(retry.codes) ? retry.codes.filter((c): c is number => typeof c === 'number') : [];
  return {attempts, retryOn: ['connect-failure', 'refused-stream', 'unavailable', 'cancelled', ...codes.map(String)].join(','), from: 'route'};
}

function describeHeaders(ops: HeaderOperations | undefined): string {
  if (!ops) return 'nothing changes';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(ops.set ?? {})) parts.push(`set ${k}: ${v}`);
  for (const [k, v] of Object.entries(ops.add ?? {})) parts.push(`add ${k}: ${v}`);
  for (const k of ops.remove ?? []) parts.push(`remove ${k}`);
  return parts.join(', ');
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
