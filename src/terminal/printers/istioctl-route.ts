/**
 * `istioctl proxy-config route POD[.NS] [--name NAME] [--verbose=false]` as istioctl 1.30.3 prints
 * it: istioctl/pkg/writer/envoy/configdump/route.go PrintRouteSummary over the sidecar's route
 * configurations (./sidecar-routes.ts), sorted by retrieveSortedRouteSlice (sort.Slice by the name
 * read as a number, a name that is not one never less: ./go-sort.ts), filtered by RouteFilter.Verify
 * (the exact name). Verbose, a row per route (isPassthrough ones left out; a virtual host without
 * routes shows `/*` and 404) with describeRouteDomains, describeMatch and describeManagement;
 * otherwise NAME and the count of virtual hosts. A tabwriter with padding 5. `-o json`: PrintRouteDump,
 * the filtered configurations as Envoy's JSON (./route-json.ts); `-o yaml`: that JSON through
 * sigs.k8s.io/yaml JSONToYAML (go-yaml v2: keys re-sorted, ./output.ts).
 */
import {ModelGap, type StateModel} from './model';
import type {Proxy} from './istioctl-proxies';
import type {ProxyConfigLine} from './istioctl-config';
import {goSortSlice} from './go-sort';
import {tabwrite} from './tabwriter';
import {allServicesHeld} from './sidecar-services';
import {routeConfigurationJsonOf, sidecarRoutes, type RouteConfiguration} from './sidecar-routes';
import {printJson} from './route-json';
import {jsonToYaml} from './output';
import {gatewayRoutes} from './gateway-config';

export interface RouteRequest {
  section: 'route';
  pod: string;
  namespace: string;
  name: string;
  verbose: boolean;
  /** `-o json` or `-o yaml`: PrintRouteDump; otherwise the summary. */
  json: boolean;
  /** `-o yaml`: the dump's JSON through sigs.k8s.io/yaml JSONToYAML. */
  yaml?: boolean;
}

/** The request, or undefined for an output format istioctl does not have. */
export function parseRoute(line: ProxyConfigLine): RouteRequest | undefined {
  const output = line.flags['-o'] ?? line.flags['--output'] ?? 'short';
  if (output !== 'short' && output !== 'json' && output !== 'yaml') return undefined;
  return {section: 'route', pod: line.pod, namespace: line.namespace, name: line.flags['--name'] ?? '', verbose: line.flags['--verbose'] !== 'false', json: output !== 'short', ...(output === 'yaml' ? {yaml: true} : {})};
}

/** Go's strconv.Atoi for a route name: decimal digits with an optional sign, within int64. */
function atoi(name: string): number | undefined {
  if (!/^[+-]?\d+$/.test(name)) return undefined;
  const value = Number(name);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** retrieveSortedRouteSlice's less: both names numbers, the first smaller. */
function routeLess(a: RouteConfiguration, b: RouteConfiguration): boolean {
  const i = atoi(a.name);
  const j = atoi(b.name);
  return i !== undefined && j !== undefined && i < j;
}

/** describeRouteDomains: one domain as it is; else those without a port, unexpanded, the first two and a count. */
export function describeRouteDomains(domains: readonly string[]): string {
  if (domains.length === 0) return '';
  if (domains.length === 1) return domains[0]!;
  const withoutPort = domains.filter((d) => !d.includes(':') || ((d.match(/:/g) ?? []).length > 2 && d.endsWith(']')));
  const unexpanded = unexpandDomains(withoutPort);
  if (unexpanded.length > 2) return `${unexpanded.slice(0, 2).join(', ')} + ${unexpanded.length - 2} more...`;
  return unexpanded.join(', ');
}

/** unexpandDomains: drops NAME.svc.cluster.local and NAME.svc when NAME is itself a domain. */
function unexpandDomains(domains: readonly string[]): string[] {
  const unique = new Set(domains);
  const strip = (h: string, suffix: string): string => (h.endsWith(suffix) ? h.slice(0, -suffix.length) : h);
  return domains.filter((h) => {
    const full = strip(h, '.svc.cluster.local');
    const partial = strip(h, '.svc');
    return !((unique.has(full) && full !== h) || (unique.has(partial) && partial !== h));
  });
}

export function printRoutes(request: RouteRequest, proxy: Proxy, model: StateModel): string {
  allServicesHeld(model, 'the route configurations');
  const routes = goSortSlice(proxy.type === 'router' ? gatewayRoutes(proxy, model) : sidecarRoutes(proxy, model), routeLess).filter((r) => request.name === '' || r.name === request.name);
  if (request.json) {
    // PrintRouteDump: the filtered route configurations as one JSON array.
    const dump = routes.map(routeConfigurationJsonOf);
    const gap = dump.find((d): d is {gap: string} => 'gap' in d);
    if (gap) throw new ModelGap(gap.gap);
    // `-o yaml`: yaml.JSONToYAML of the same JSON, printed with Fprintln (the YAML's own newline, then one more).
    return request.yaml ? `${jsonToYaml(dump)}\n` : printJson(dump);
  }
  const rows: string[] = [request.verbose ? 'NAME\tVHOST NAME\tDOMAINS\tMATCH\tVIRTUAL SERVICE' : 'NAME\tVIRTUAL HOSTS'];
  for (const route of routes) {
    if (!request.verbose) {
      rows.push(`${route.name}\t${route.virtualHosts.length}`);
      continue;
    }
    for (const vhost of route.virtualHosts) {
      const domains = describeRouteDomains(vhost.domains);
      for (const r of vhost.routes) if (!r.passthrough) rows.push([route.name, vhost.name, domains, r.match, r.virtualService].join('\t'));
      if (vhost.routes.length === 0) rows.push([route.name, vhost.name, domains, '/*', '404'].join('\t'));
    }
  }
  return tabwrite(rows.map((row) => `${row}\n`).join(''), 0, 5);
}
