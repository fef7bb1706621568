/** The exercises' ambient checks: `crosses` (the proxies on every path, in order) and `routedBy` (who applies the route). */
import type {Decision} from '../decision';
import type {ProxyKind, RoutedBy} from './path';

export type AmbientCheck = {crosses: ProxyKind[]} | {routedBy: RoutedBy};

export function evaluateAmbientCheck(check: AmbientCheck, decision: Decision): {passed: boolean; reason: string} {
  const dataplane = decision.dataplane;
  if (!dataplane) return {passed: false, reason: 'the lab shows no ambient mode (no namespace or pod labelled istio.io/dataplane-mode=ambient, no waypoint): every client is a sidecar'};
  if ('routedBy' in check) {
    return {passed: dataplane.routedBy === check.routedBy, reason: `routed by ${dataplane.routedBy === 'none' ? 'no proxy' : `the ${dataplane.routedBy}`}: ${dataplane.routing}`};
  }
  const wanted = check.crosses.join(' → ');
  const paths = dataplane.paths.length > 0 ? dataplane.paths.map((path) => ({crosses: path.crosses.join(' → '), text: path.text})) : [{crosses: dataplane.crosses.join(' → '), text: `no destination reached (${decision.summary})`}];
  const wrong = paths.filter((path) => path.crosses !== wanted);
  if (wrong.length === 0) return {passed: true, reason: `every path crosses ${wanted}`};
  const why = dataplane.waypoint ? '' : ` (no waypoint: ${dataplane.noWaypoint ?? 'none'})`;
  return {passed: false, reason: `${wrong.map((path) => path.text).join('; ')}${why}`};
}

export function describeAmbientCheck(check: AmbientCheck, request: string): string {
  return 'routedBy' in check
    ? `${request} is routed by ${check.routedBy === 'none' ? 'no proxy (L4 only)' : `the ${check.routedBy}`}`
    : `${request} crosses ${check.crosses.join(', ')}`;
}
