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
 * without case, PathPrefix values without a trailing slash. Two routes meet on a listener of a
 * Gateway the run holds only where both attach (sectionName, port, hostname, allowedRoutes).
 */
import {asArray, asObject, asString, type Obj} from '../../../istio/access';
import {hostsOverlap} from '../../../model/hosts';
import type {AnalysisResource} from '../../../model/resource';
import {mapUnder} from '../../../model/groups';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {kindVerdict, listenersOf, namespaceVerdict, type Listener} from './listeners';
import {GATEWAY_GROUP, isGatewayParent, isServiceParent, lookup, named, ref, routeReadingsOf, type ParentRef, type RouteReading} from './routes';

const MATCHED_KINDS = ['HTTPRoute', 'GRPCRoute'] as const;

/**
 * Claims are parents × hostnames × matches per route: up to 32 × 64 listeners × 16 × 128 for one
 * route within the CRD's limits. Past this many, in all, the routes left are not compared, so
 * that a crafted manifest cannot make the analysis hold millions of keys.
 */
const MAX_CLAIMS = 1_000_000;

/** One match of one route rule (j: -1 for a rule without matches) and its key after defaults; its place is written when a message needs it. */
class Match {
  constructor(readonly route: AnalysisResource, private readonly i: number, private readonly j: number, readonly key: string) {}

  get path(): string {
    return this.j < 0 ? at('/spec/rules', this.i) : at('/spec/rules', this.i, 'matches', this.j);
  }

  get label(): string {
    return this.j < 0 ? `rules[${this.i}] (no matches: every request)` : `rules[${this.i}].matches[${this.j}]`;
  }
}

/** Claims by parent (a listener, or the reference itself), then hostname, then match key: nested maps build no joined key per claim. */
type Claims = Map<string, {label: string; byHostname: Map<string, Map<string, Match[]>>}>;

export const conflictingRouteAnalyzer: Analyzer = {
  name: 'gatewayapi.ConflictingRouteAnalyzer',
  inputs: [...MATCHED_KINDS.map((kind) => ref(GATEWAY_GROUP, kind)), ref(GATEWAY_GROUP, 'Gateway'), ref('', 'Namespace')],
  reports: MATCHED_KINDS.map((kind) => ref(GATEWAY_GROUP, kind)),
  analyze(ctx) {
    let budget = MAX_CLAIMS;
    for (const kind of MATCHED_KINDS) {
      const claims: Claims = new Map();
      const readings = routeReadingsOf(ctx, kind);
      // Only a match some other route also writes for the same parent object can conflict: most
      // routes are the only one of their kind on their parents, and their matches need no key;
      // most matches of the others are the only one of their kind there. (Every key parentKeys
      // gives a reference starts with the reference's target, so targets that differ never share a claim.)
      const targets: Targets = new Map();
      const targetsByRoute = readings.map((reading) => reading.parents.map((parent) => {
        const target = targetOf(targets, parent);
        if (target.route === undefined) target.route = reading;
        else if (target.route !== reading) target.route = null;
        return target;
      }));
      const matchesByRoute = readings.map((reading, r) => (targetsByRoute[r]!.some((target) => target.route === null) ? matchesOf(reading.route) : []));
      targetsByRoute.forEach((routeTargets, r) => {
        for (const target of routeTargets) {
          if (target.route !== null) continue;
          const owned = (target.owned ??= new Map());
          for (const match of matchesByRoute[r]!) {
            const owner = owned.get(match.key);
            if (owner === undefined) owned.set(match.key, match.route);
            else if (owner !== match.route) owned.set(match.key, null);
          }
        }
      });
      readings.forEach(({route, parents: references, hostnames}, r) => {
        const routeTargets = targetsByRoute[r]!;
        const matches = matchesByRoute[r]!.filter((match) => routeTargets.some((target) => target.owned?.get(match.key) === null));
        if (matches.length === 0) return;
        const parents = new Map<string, {label: string; hostnames: string[]}>();
        for (const parent of references) {
          for (const claimed of parentKeys(ctx, route, parent, hostnames.length === 0 ? ['*'] : hostnames)) parents.set(claimed.key, claimed);
        }
        if (parents.size === 0) return;
        let count = 0;
        for (const parent of parents.values()) count += parent.hostnames.length * matches.length;
        if (count > budget) {
          budget = 0;
          return;
        }
        budget -= count;
        for (const [key, parent] of parents) {
          let entry = claims.get(key);
          if (!entry) claims.set(key, (entry = {label: parent.label, byHostname: new Map()}));
          for (const hostname of parent.hostnames) {
            let byMatch = entry.byHostname.get(hostname);
            if (!byMatch) entry.byHostname.set(hostname, (byMatch = new Map()));
            for (const match of matches) {
              const list = byMatch.get(match.key);
              if (!list) byMatch.set(match.key, [match]);
              // The route's own repeats (a second rule with the same match) are no conflict between routes.
              else if (list[list.length - 1]!.route !== route) list.push(match);
            }
          }
        }
      });
      reportLosers(ctx, claims);
    }
  },
};

function reportLosers(ctx: AnalyzerContext, claims: Claims): void {
  const reported = new Set<string>();
  const ages = new Map<AnalysisResource, number | undefined>();
  const age = (route: AnalysisResource) => {
    if (!ages.has(route)) ages.set(route, createdAt(route));
    return ages.get(route);
  };
  for (const {label: parent, byHostname} of claims.values()) {
    for (const [hostname, byMatch] of byHostname) {
      for (const group of byMatch.values()) {
        if (group.length < 2) continue;
        let winner = group[0]!;
        for (const claim of group) if (precedence(claim.route, winner.route, age).first) winner = claim;
        for (const claim of group) {
          if (claim === winner) continue;
          // One message per losing match and winner, whatever the listeners and hostnames they share.
          const path = claim.path;
          const once = `${claim.route.namespace}/${claim.route.name}\n${path}\n${winner.route.namespace}/${winner.route.name}`;
          if (reported.has(once)) continue;
          reported.add(once);
          ctx.report(claim.route, 'ConflictingGatewayApiRoutes',
            [claim.label, parent, hostname, named(winner.route), precedence(winner.route, claim.route, age).why], {path});
        }
      }
    }
  }
}

/** Whether `a` takes precedence over `b`, and why. */
function precedence(a: AnalysisResource, b: AnalysisResource, age: (route: AnalysisResource) => number | undefined): {first: boolean; why: string} {
  const ta = age(a);
  const tb = age(b);
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
 * What a parentRef attaches the route to, and for which of its hostnames: each listener of a
 * Gateway the run holds that its sectionName and port select, whose hostname intersects the
 * route's and whose allowedRoutes admit it; otherwise the reference itself, for every hostname.
 */
function parentKeys(ctx: AnalyzerContext, route: AnalysisResource, parent: ParentRef, hostnames: string[]): Array<{key: string; label: string; hostnames: string[]}> {
  const target = `${parent.namespace}/${parent.name}`;
  if (isGatewayParent(parent)) {
    const gateway = lookup(ctx, GATEWAY_GROUP, 'Gateway', parent.namespace, parent.name);
    if (gateway) {
      const claimed: Array<{key: string; label: string; hostnames: string[]}> = [];
      for (const listener of listenersOf(gateway)) {
        if ((parent.sectionName !== undefined && listener.name !== parent.sectionName) || (parent.port !== undefined && listener.port !== parent.port)) continue;
        if (namespaceVerdict(ctx, gateway, listener, route.namespace)?.allowed === false) continue;
        if (!admitsKind(listener, route)) continue;
        const listenerHostname = listener.hostname ?? '*';
        const attached = listenerHostname === '*' ? hostnames : hostnames.filter((hostname) => hostsOverlap(listenerHostname, hostname));
        if (attached.length > 0) claimed.push({...listenerParent(gateway, listener), hostnames: attached});
      }
      return claimed;
    }
  }
  const kind = parentKind(parent);
  const section = [parent.sectionName !== undefined ? `section ${JSON.stringify(parent.sectionName)}` : '', parent.port !== undefined ? `port ${parent.port}` : ''].filter(Boolean).join(', ');
  return [{key: `${kind} ${target} ${parent.sectionName ?? ''} ${parent.port ?? ''}`, label: `${kind} ${target}${section ? ` (${section})` : ''}`, hostnames}];
}

/** A parent object the routes of one kind name: the one route that names it (null: several), and who writes each match key there. */
interface Target {
  route?: RouteReading | null;
  owned?: Map<string, AnalysisResource | null>;
}

/** Targets by parentKind, namespace and name. */
type Targets = Map<string, Map<string, Map<string, Target>>>;

function targetOf(targets: Targets, parent: ParentRef): Target {
  const byName = mapUnder(mapUnder(targets, parentKind(parent)), parent.namespace);
  let target = byName.get(parent.name);
  if (!target) byName.set(parent.name, (target = {}));
  return target;
}

/** How a parent's kind is written in its key and message. */
const parentKind = (parent: ParentRef) => (isGatewayParent(parent) ? 'Gateway' : isServiceParent(parent) ? 'Service' : `${parent.group}/${parent.kind}`);

/** Whether a listener's kinds admit a route's (kindVerdict's answer). */
const admitsKind = (listener: Listener, route: AnalysisResource): boolean => kindVerdict(listener, route)?.allowed !== false;

const listenerParents = new WeakMap<Listener, {key: string; label: string}>();

/** A listener as a parent: its key and how the message names it, written once per listener. */
function listenerParent(gateway: AnalysisResource, listener: Listener): {key: string; label: string} {
  let parent = listenerParents.get(listener);
  if (!parent) {
    const target = `${gateway.namespace}/${gateway.name}`;
    parent = {key: `Gateway ${target} ${listener.name}`, label: `Gateway ${target} (listener ${JSON.stringify(listener.name)})`};
    listenerParents.set(listener, parent);
  }
  return parent;
}

/** Each rule's matches, defaulted and written as one key each. */
function matchesOf(route: AnalysisResource): Match[] {
  const found: Match[] = [];
  const keyOf = route.kind === 'HTTPRoute' ? httpMatchKey : grpcMatchKey;
  asArray(asObject(route.value.spec)?.rules).forEach((item, i) => {
    const rule = asObject(item);
    if (!rule) return;
    const matches = asArray(rule.matches);
    if (matches.length === 0) found.push(new Match(route, i, -1, keyOf({})));
    else matches.forEach((match, j) => found.push(new Match(route, i, j, keyOf(asObject(match) ?? {}))));
  });
  return found;
}

/** Fields of a key, joined by a character no YAML scalar of a match holds unescaped in practice; lists as JSON. */
const SEP = '\u0000';

function httpMatchKey(match: Obj): string {
  const path = asObject(match.path);
  const type = asString(path?.type) ?? 'PathPrefix';
  let value = asString(path?.value) ?? '/';
  if (type === 'PathPrefix' && value.length > 1 && value.endsWith('/')) value = value.slice(0, -1);
  return type + SEP + value + SEP + (asString(match.method) ?? '') + SEP + pairs(match.headers, true) + SEP + pairs(match.queryParams, false);
}

function grpcMatchKey(match: Obj): string {
  const method = asObject(match.method);
  return (asString(method?.type) ?? 'Exact') + SEP + (asString(method?.service) ?? '') + SEP + (asString(method?.method) ?? '') + SEP + pairs(match.headers, true);
}

/** Header or query parameter matches as sorted [name, type, value] triples, as JSON ('' for none). */
function pairs(list: unknown, caseless: boolean): string {
  if (!Array.isArray(list) || list.length === 0) return '';
  return JSON.stringify(list.map((item) => {
    const entry = asObject(item) ?? {};
    const name = asString(entry.name) ?? '';
    return JSON.stringify([caseless ? name.toLowerCase() : name, asString(entry.type) ?? 'Exact', asString(entry.value) ?? '']);
  }).sort());
}
