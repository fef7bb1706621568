/**
 * The order in which a parent's routes are tried: every match of every rule of every route
 * attached to the parent, in one list, as the Gateway API orders it (HTTPRouteRule
 * `matches`: exact path, then the longest prefix, then a method match, the most header
 * matches, the most query parameter matches; then the oldest route, then the route's
 * namespace/name alphabetically; then rule order within the route).
 *
 * Istio builds exactly that list: each rule is split into one route per match
 * (route_collections.go HTTPRouteCollection, "split the rule to make sure each rule has up
 * to one match"), the routes of every HTTPRoute for a parent and host are concatenated oldest
 * first, ties by namespace then name (sortRoutesByCreationTime, mergeHTTPRoutes), then
 * stably sorted by sortHTTPRoutes (conversion.go): path kind (Exact > PathPrefix >
 * RegularExpression), path length, method, header count, query count. A rule written with
 * `matches: []` has no match at all and goes last. "Oldest" compares creationTimestamp,
 * which has one-second resolution (resources.ts creationSecond).
 */
import type {Obj} from '../../engine/istio/access';
import {asArray, asObject} from '../../engine/istio/access';
import {creationSecond, rulesOf, type GatewayRoute} from './resources';
import {translateMatch, type TranslatedMatch} from './match';

export interface RouteEntry {
  route: GatewayRoute;
  ruleIndex: number;
  rule: Obj;
  /** Undefined for a rule without any match (`matches: []`): it matches every request. */
  matchIndex?: number;
  match?: TranslatedMatch;
  /** The rule did not write `matches`: its one match is the CRD's default, PathPrefix /. */
  defaulted?: boolean;
}

export function routeEntries(routes: readonly GatewayRoute[]): RouteEntry[] {
  const entries = routes.flatMap((route) => rulesOf(route).flatMap((rule, ruleIndex): RouteEntry[] => {
    const matches = asArray(rule.matches).map((m) => asObject(m) ?? {});
    if (matches.length === 0) return [{route, ruleIndex, rule}];
    const defaulted = asObject(asArray(route.resource.spec.rules)[ruleIndex])?.matches === undefined;
    return matches.map((match, matchIndex) => ({route, ruleIndex, rule, matchIndex, match: translateMatch(route.kind, match), defaulted}));
  }));
  return entries.sort(comparePrecedence);
}

const PATH_RANK = {Exact: 3, PathPrefix: 2, RegularExpression: 1} as const;

function pathRank(entry: RouteEntry): number {
  return entry.match?.path ? PATH_RANK[entry.match.path.type] : -1;
}

function pathLength(entry: RouteEntry): number {
  return entry.match?.path?.value.length ?? 0;
}

/** Negative when `a` is tried before `b`. */
export function comparePrecedence(a: RouteEntry, b: RouteEntry): number {
  if (!a.match || !b.match) return Number(!a.match) - Number(!b.match) || tieBreak(a, b);
  return pathRank(b) - pathRank(a)
    || pathLength(b) - pathLength(a)
    || Number(b.match.method !== undefined) - Number(a.match.method !== undefined)
    || b.match.headers.length - a.match.headers.length
    || b.match.queryParams.length - a.match.queryParams.length
    || tieBreak(a, b);
}

function tieBreak(a: RouteEntry, b: RouteEntry): number {
  const ra = a.route.resource;
  const rb = b.route.resource;
  return creationSecond(ra) - creationSecond(rb)
    || compareText(ra.namespace, rb.namespace)
    || compareText(ra.name, rb.name)
    || compareText(`${a.route.group}/${a.route.kind}`, `${b.route.group}/${b.route.kind}`)
    || a.ruleIndex - b.ruleIndex
    || (a.matchIndex ?? 0) - (b.matchIndex ?? 0);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Why `winner` is tried before `other`: the first criterion that told them apart. */
export function precedenceReason(winner: RouteEntry, other: RouteEntry): string {
  if (!other.match) return 'a rule without matches is tried last';
  if (!winner.match) return 'tried last';
  if (pathRank(winner) !== pathRank(other)) return `${winner.match.path?.type ?? 'no path'} path beats ${other.match.path?.type ?? 'no path'}`;
  if (pathLength(winner) !== pathLength(other)) return 'longer path';
  if ((winner.match.method === undefined) !== (other.match.method === undefined)) return 'method match';
  if (winner.match.headers.length !== other.match.headers.length) return 'more header matches';
  if (winner.match.queryParams.length !== other.match.queryParams.length) return 'more query parameter matches';
  const rw = winner.route.resource;
  const ro = other.route.resource;
  if (creationSecond(rw) !== creationSecond(ro)) return 'older route';
  if (rw.namespace !== ro.namespace || rw.name !== ro.name) return 'route namespace/name first alphabetically';
  return 'earlier rule';
}
