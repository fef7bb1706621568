/**
 * Two routes of one kind that claim the same parent, hostname and match. The Gateway API settles
 * the tie (apis/v1 httproute_types.go and grpcroute_types.go, HTTPRouteRule.Matches and
 * GRPCRouteRule.Matches): the oldest route by creation timestamp, then the first by
 * "{namespace}/{name}", takes the requests; the other route's match never receives one. The
 * message goes to each losing route's match and names the winner.
 *
 * A route without a creationTimestamp is one this apply creates: younger than any that has one,
 * and created in the same second as the others it comes with (their order is then alphabetical).
 * Matches are compared after the CRD's defaults (a rule without matches matches every request,
 * path PathPrefix "/", header and query types Exact, gRPC method type Exact), header names
 * without case, PathPrefix values without a trailing slash.
 */
import {asArray, asObject, asString, type Obj} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {pushTo} from '../../related';
import {listenersOf} from './listeners';
import {GATEWAY_GROUP, hostnamesOf, isGatewayParent, isServiceParent, lookup, named, parentRefsOf, ref, type ParentRef} from './routes';

const MATCHED_KINDS = ['HTTPRoute', 'GRPCRoute'] as const;

interface Claim {
  route: AnalysisResource;
  /** Where the match is, and how the message names it. */
  path: string;
  label: string;
  parent: string;
  hostname: string;
}

export const conflictingRouteAnalyzer: Analyzer = {
  name: 'gatewayapi.ConflictingRouteAnalyzer',
  inputs: [...MATCHED_KINDS.map((kind) => ref(GATEWAY_GROUP, kind)), ref(GATEWAY_GROUP, 'Gateway')],
  analyze(ctx) {
    for (const kind of MATCHED_KINDS) {
      const claims = new Map<string, Claim[]>();
      for (const route of ctx.resources(GATEWAY_GROUP, kind)) {
        const parents = parentRefsOf(route).flatMap((parent) => parentKeys(ctx, parent));
        if (parents.length === 0) continue;
        const hostnames = hostnamesOf(route);
        for (const {path, label, key} of matchesOf(route)) {
          for (const parent of parents) {
            for (const hostname of hostnames.length === 0 ? ['*'] : hostnames) {
              pushTo(claims, `${parent.key}\n${hostname}\n${key}`, {route, path, label, parent: parent.label, hostname});
            }
          }
        }
      }
      reportLosers(ctx, claims);
    }
  },
};

function reportLosers(ctx: AnalyzerContext, claims: Map<string, Claim[]>): void {
  const reported = new Set<string>();
  for (const group of claims.values()) {
    if (group.length < 2) continue;
    let winner = group[0]!;
    for (const claim of group) if (precedence(claim.route, winner.route).first) winner = claim;
    for (const claim of group) {
      if (claim.route === winner.route) continue;
      // One message per losing match and winner, whatever the listeners and hostnames they share.
      const once = `${claim.route.namespace}/${claim.route.name}\n${claim.path}\n${winner.route.namespace}/${winner.route.name}`;
      if (reported.has(once)) continue;
      reported.add(once);
      ctx.report(claim.route, 'ConflictingGatewayApiRoutes',
        [claim.label, claim.parent, claim.hostname, named(winner.route), precedence(winner.route, claim.route).why], {path: claim.path});
    }
  }
}

/** Whether `a` takes precedence over `b`, and why. */
function precedence(a: AnalysisResource, b: AnalysisResource): {first: boolean; why: string} {
  const ta = createdAt(a);
  const tb = createdAt(b);
  if (ta !== tb) {
    const first = ta !== undefined && (tb === undefined || ta < tb);
    return {first, why: first ? 'it is older' : 'it is younger'};
  }
  const first = `${a.namespace}/${a.name}` < `${b.namespace}/${b.name}`;
  return {first, why: 'as old, it comes first by namespace/name'};
}

function createdAt(resource: AnalysisResource): number | undefined {
  const written = asString(asObject(resource.value.metadata)?.creationTimestamp);
  const time = written === undefined ? NaN : Date.parse(written);
  return Number.isNaN(time) ? undefined : time;
}

/**
 * What a parentRef attaches to: each listener of a Gateway the run holds that its sectionName
 * and port select; otherwise the reference itself.
 */
function parentKeys(ctx: AnalyzerContext, parent: ParentRef): Array<{key: string; label: string}> {
  const target = `${parent.namespace}/${parent.name}`;
  if (isGatewayParent(parent)) {
    const gateway = lookup(ctx, GATEWAY_GROUP, 'Gateway', parent.namespace, parent.name);
    if (gateway) {
      return listenersOf(gateway)
        .filter((l) => (parent.sectionName === undefined || l.name === parent.sectionName) && (parent.port === undefined || l.port === parent.port))
        .map((l) => ({key: `Gateway ${target} ${l.name}`, label: `Gateway ${target} (listener ${JSON.stringify(l.name)})`}));
    }
  }
  const kind = isGatewayParent(parent) ? 'Gateway' : isServiceParent(parent) ? 'Service' : `${parent.group}/${parent.kind}`;
  const section = [parent.sectionName !== undefined ? `section ${JSON.stringify(parent.sectionName)}` : '', parent.port !== undefined ? `port ${parent.port}` : ''].filter(Boolean).join(', ');
  return [{key: `${kind} ${target} ${parent.sectionName ?? ''} ${parent.port ?? ''}`, label: `${kind} ${target}${section ? ` (${section})` : ''}`}];
}

/** Each rule's matches, defaulted and written as one key each. */
function matchesOf(route: AnalysisResource): Array<{path: string; label: string; key: string}> {
  const found: Array<{path: string; label: string; key: string}> = [];
  asArray(asObject(route.value.spec)?.rules).forEach((item, i) => {
    const rule = asObject(item);
    if (!rule) return;
    const matches = asArray(rule.matches);
    if (matches.length === 0) {
      const key = route.kind === 'HTTPRoute' ? httpMatchKey({}) : grpcMatchKey({});
      found.push({path: at('/spec/rules', i), label: `rules[${i}] (no matches: every request)`, key});
      return;
    }
    matches.forEach((match, j) => {
      const value = asObject(match) ?? {};
      found.push({path: at('/spec/rules', i, 'matches', j), label: `rules[${i}].matches[${j}]`, key: route.kind === 'HTTPRoute' ? httpMatchKey(value) : grpcMatchKey(value)});
    });
  });
  return found;
}

function httpMatchKey(match: Obj): string {
  const path = asObject(match.path) ?? {};
  const type = asString(path.type) ?? 'PathPrefix';
  let value = asString(path.value) ?? '/';
  if (type === 'PathPrefix' && value.length > 1 && value.endsWith('/')) value = value.slice(0, -1);
  return JSON.stringify([type, value, asString(match.method) ?? '', pairs(match.headers, true), pairs(match.queryParams, false)]);
}

function grpcMatchKey(match: Obj): string {
  const method = asObject(match.method) ?? {};
  return JSON.stringify([asString(method.type) ?? 'Exact', asString(method.service) ?? '', asString(method.method) ?? '', pairs(match.headers, true)]);
}

/** Header or query parameter matches as sorted [name, type, value] triples. */
function pairs(list: unknown, caseless: boolean): string[] {
  return asArray(list).map((item) => {
    const entry = asObject(item) ?? {};
    const name = asString(entry.name) ?? '';
    return JSON.stringify([caseless ? name.toLowerCase() : name, asString(entry.type) ?? 'Exact', asString(entry.value) ?? '']);
  }).sort();
}
