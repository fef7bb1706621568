/**
 * VirtualService delegation, as istiod expands it before building routes
 * (istio/istio pilot/pkg/model/virtualservice.go: mergeVirtualServicesIfNeeded,
 * mergeHTTPRoutes, mergeHTTPRoute, mergeHTTPMatchRequests, hasConflict).
 *
 * - A VirtualService without `hosts` is a delegate: it never applies by itself.
 * - A root route with `delegate: {name, namespace}` (namespace defaults to the root's) is
 *   replaced by the delegate's routes, in order. A missing delegate, or one not exported
 *   to the root's namespace, drops that root route only.
 * - Each delegate route's matches are merged with the root route's: every delegate match
 *   must fit (not conflict with) some root match, else the delegate route is dropped. A
 *   merged match takes the delegate's conditions and fills the rest from the root.
 * - The delegate route inherits rewrite, timeout, retries, fault, mirror, corsPolicy and
 *   headers from the root route when it does not set them.
 */
import {asArray, asNumber, asObject, asString, type Obj} from '../engine/istio/access';
import type {TraceStep} from './decision';
import {fqdn} from '../engine/model/hosts';
import {qualifyGatewayName} from './match';
import {ownValue} from '../engine/model/own';
import {exportedTo, locate, type Located, type World, type WorldResource} from './world';

export interface CandidateRoute {
  /** The VirtualService the route is written in (the delegate for delegated routes). */
  vs: WorldResource;
  index: number;
  http: Obj;
  /** For a delegated route: the root VirtualService and route that delegate to it. */
  root?: {vs: WorldResource; index: number};
  /** Where the n-th (merged) match block was written. */
  matchAt?: (matchIndex: number) => Located | undefined;
  /** At a gateway merging several Gateways: the one whose server brought the route in (its `gateways` matches read that name). */
  gateway?: string;
}

const INHERITED = ['rewrite', 'timeout', 'retries', 'fault', 'mirror', 'mirrorPercent', 'mirrorPercentage', 'corsPolicy', 'headers'] as const;

/** The HTTP routes of `vs` after delegation, in order. */
export function expandRoutes(world: World, vs: WorldResource, trace: TraceStep[]): CandidateRoute[] {
  const out: CandidateRoute[] = [];
  asArray(vs.spec.http).forEach((entry, index) => {
    const http = asObject(entry) ?? {};
    const delegate = asObject(http.delegate);
    if (!delegate) {
      out.push({vs, index, http});
      return;
    }
    const name = asString(delegate.name) ?? '';
    const namespace = asString(delegate.namespace) || vs.namespace;
    const at = locate(vs, 'spec', 'http', index, 'delegate');
    const target = world.virtualServices.find((d) => d.name === name && d.namespace === namespace && asArray(d.spec.hosts).length === 0);
    if (!target) {
      trace.push({message: `${vs.name} http[${index}] delegates to VirtualService ${namespace}/${name}, which does not exist (or has hosts): the route is dropped`, at});
      return;
    }
    if (!exportedTo(target, vs.namespace)) {
      trace.push({message: `${vs.name} http[${index}] delegates to VirtualService ${namespace}/${name}, which is not exported to ${vs.namespace}: the route is dropped`, at});
      return;
    }
    asArray(target.spec.http).forEach((subEntry, subIndex) => {
      const sub = asObject(subEntry) ?? {};
      const merged = mergeRoute(http, vs, sub, target);
      if (!merged) {
        trace.push({message: `${target.name} http[${subIndex}] (delegate of ${vs.name} http[${index}]) is dropped: its match conflicts with the root route's match`, at: locate(target, 'spec', 'http', subIndex)});
        return;
      }
      out.push({
        vs: target, index: subIndex, http: merged.http, root: {vs, index},
        matchAt: (m) => {
          const origin = merged.origins[m];
          if (!origin) return undefined;
          return origin.leaf !== undefined ? locate(target, 'spec', 'http', subIndex, 'match', origin.leaf) : locate(vs, 'spec', 'http', index, 'match', origin.root!);
        },
      });
    });
  });
  return out;
}

interface MergedRoute {
  http: Obj;
  /** For each merged match block: the delegate's match index and/or the root's. */
  origins: Array<{leaf?: number; root?: number}>;
}

function mergeRoute(root: Obj, rootVs: WorldResource, leaf: Obj, leafVs: WorldResource): MergedRoute | undefined {
  const rootMatches = asArray(root.match).map((m) => qualifyGateways(asObject(m) ?? {}, rootVs.namespace));
  const leafMatches = asArray(leaf.match).map((m) => qualifyGateways(asObject(m) ?? {}, leafVs.namespace));
  let matches: Obj[];
  let origins: MergedRoute['origins'];
  if (rootMatches.length === 0) {
    matches = leafMatches;
    origins = leafMatches.map((_, i) => ({leaf: i}));
  } else if (leafMatches.length === 0) {
    matches = rootMatches;
    origins = rootMatches.map((_, i) => ({root: i}));
  } else {
    matches = [];
    origins = [];
    for (const [i, sub] of leafMatches.entries()) {
      let found = false;
      for (const [j, rootMatch] of rootMatches.entries()) {
        if (hasConflict(rootMatch, sub)) continue;
        matches.push(mergeMatch(rootMatch, sub));
        origins.push({leaf: i, root: j});
        found = true;
      }
      if (!found) return undefined;
    }
    if (matches.length === 0) return undefined;
  }
  const http: Obj = {...leaf, match: matches.length > 0 ? matches : undefined};
  const rootName = asString(root.name);
  const leafName = asString(leaf.name);
  http.name = leafName ? (rootName ? `${rootName}-${leafName}` : leafName) : rootName;
  for (const field of INHERITED) {
    if (http[field] === undefined && root[field] !== undefined) http[field] = root[field];
  }
  // The root's mirror host was written in the root's namespace.
  if (leaf.mirror === undefined && asObject(root.mirror)) {
    const mirror = asObject(root.mirror)!;
    http.mirror = {...mirror, host: fqdn(asString(mirror.host) ?? '', rootVs.namespace)};
  }
  return {http, origins};
}

function qualifyGateways(match: Obj, namespace: string): Obj {
  const gateways = asArray(match.gateways).filter((g): g is string => typeof g === 'string');
  return gateways.length === 0 ? match : {...match, gateways: gateways.map((g) => qualifyGatewayName(g, namespace))};
}

function mergeMatch(root: Obj, leaf: Obj): Obj {
  const out: Obj = {...leaf};
  for (const field of ['uri', 'scheme', 'method', 'authority'] as const) if (out[field] === undefined) out[field] = root[field];
  for (const field of ['headers', 'withoutHeaders', 'queryParams', 'sourceLabels'] as const) {
    const a = asObject(root[field]);
    const b = asObject(leaf[field]);
    if (a || b) out[field] = {...a, ...b};
  }
  if (!asNumber(out.port)) out.port = root.port;
  if (!asString(out.sourceNamespace)) out.sourceNamespace = root.sourceNamespace;
  if (asArray(out.gateways).length === 0) out.gateways = root.gateways;
  return out;
}

function hasConflict(root: Obj, leaf: Obj): boolean {
  for (const field of ['uri', 'scheme', 'method', 'authority'] as const) {
    if (stringMatchConflict(root[field], leaf[field])) return true;
  }
  for (const field of ['headers', 'withoutHeaders', 'queryParams'] as const) {
    const rootMap = asObject(root[field]) ?? {};
    for (const [key, value] of Object.entries(asObject(leaf[field]) ?? {})) {
      if (stringMatchConflict(ownValue(rootMap, key), value)) return true;
    }
  }
  if ((root.ignoreUriCase === true) !== (leaf.ignoreUriCase === true)) return true;
  const rootPort = asNumber(root.port) ?? 0;
  const leafPort = asNumber(leaf.port) ?? 0;
  if (rootPort > 0 && leafPort > 0 && rootPort !== leafPort) return true;
  const rootNs = asString(root.sourceNamespace);
  if (rootNs && asString(leaf.sourceNamespace) !== rootNs) return true;
  const rootLabels = asObject(root.sourceLabels) ?? {};
  for (const [key, value] of Object.entries(asObject(leaf.sourceLabels) ?? {})) {
    if (Object.hasOwn(rootLabels, key) && rootLabels[key] !== value) return true;
  }
  const rootGateways = asArray(root.gateways);
  const leafGateways = asArray(leaf.gateways);
  if (rootGateways.length > 0 && leafGateways.length > 0) {
    if (rootGateways.length < leafGateways.length) return true;
    if (leafGateways.some((g) => !rootGateways.includes(g))) return true;
  }
  return false;
}

/** stringMatchConflict: a leaf condition must narrow the root's; regexes cannot be compared. */
function stringMatchConflict(rootValue: unknown, leafValue: unknown): boolean {
  const root = asObject(rootValue);
  const leaf = asObject(leafValue);
  if (!root || !leaf) return false;
  const text = (m: Obj, kind: string): string => asString(m[kind]) ?? '';
  if (text(root, 'regex') !== '' && (text(leaf, 'regex') || text(leaf, 'prefix') || text(leaf, 'exact'))) return true;
  if (text(leaf, 'regex') !== '' && (text(root, 'regex') || text(root, 'prefix') || text(root, 'exact'))) return true;
  const exact = text(root, 'exact');
  if (exact !== '') return text(leaf, 'prefix') !== '' || text(leaf, 'exact') !== exact;
  const prefix = text(root, 'prefix');
  if (prefix !== '') {
    if (text(leaf, 'prefix') !== '') return !text(leaf, 'prefix').startsWith(prefix);
    if (text(leaf, 'exact') !== '') return !text(leaf, 'exact').startsWith(prefix);
  }
  return true;
}
