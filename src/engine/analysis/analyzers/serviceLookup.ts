/**
 * util/service_lookup.go: the hosts Services and ServiceEntries provide, each in the scope of the
 * namespaces it is exported to (`*`: all), and GetDestinationHost, which resolves a destination host
 * from a resource's namespace and exportTo. Built once per analysis and shared by the analyzers.
 */
import {asArray, asObject, stringOr} from '../../istio/access';
import {fqdn, stringLabels} from '../../model/cluster';
import type {AnalysisResource} from '../../model/resource';
import type {AnalyzerContext} from '../analyzer';

export interface ProvidedHost {
  /** The Service or ServiceEntry providing the host. */
  provider: AnalysisResource;
  ports: number[];
  /** The pods it selects: a Service's selector, a ServiceEntry's workloadSelector labels. */
  selector: Record<string, string>;
}

export interface ServiceHostMap {
  /**
   * fqdn → scope → provider; the last one written wins, Services over ServiceEntries. By host
   * first: a lookup reads the destination's host as it is (its hash kept on the string) instead
   * of building and hashing a `scope/fqdn` key per scope tried.
   */
  scopesByHost: Map<string, Map<string, ProvidedHost>>;
  /** The entries whose host is a wildcard, in order, for suffix matching. */
  wildcards: Array<{scope: string; suffix: string; provided: ProvidedHost}>;
}

const maps = new WeakMap<AnalyzerContext, ServiceHostMap>();

/** InitServiceEntryHostMap, once per analysis. */
export function serviceHostMap(ctx: AnalyzerContext): ServiceHostMap {
  let map = maps.get(ctx);
  if (!map) maps.set(ctx, (map = build(ctx)));
  return map;
}

function build(ctx: AnalyzerContext): ServiceHostMap {
  const scopesByHost = new Map<string, Map<string, ProvidedHost>>();
  // Wildcard hosts in the order each scope and host was first written.
  const wildcardKeys: Array<{scope: string; host: string}> = [];
  const add = (scope: string, host: string, provided: ProvidedHost) => {
    let scopes = scopesByHost.get(host);
    if (!scopes) scopesByHost.set(host, (scopes = new Map()));
    if (host.startsWith('*') && !scopes.has(scope)) wildcardKeys.push({scope, host});
    scopes.set(scope, provided);
  };
  for (const entry of ctx.resources('networking.istio.io', 'ServiceEntry')) {
    const spec = asObject(entry.value.spec) ?? {};
    const provided: ProvidedHost = {
      provider: entry,
      ports: numbers(asArray(spec.ports), 'number'),
      selector: stringLabels(asObject(spec.workloadSelector)?.labels),
    };
    const exportTo = asArray(spec.exportTo).filter((e): e is string => typeof e === 'string');
    for (const host of asArray(spec.hosts)) {
      if (typeof host !== 'string') continue;
      const name = fqdn(host, entry.namespace);
      if (exportTo.length === 0 || exportTo.includes('*')) add('*', name, provided);
      else for (const scope of exportTo) add(scope === '.' ? entry.namespace : scope, name, provided);
    }
  }
  for (const service of ctx.resources('', 'Service')) {
    const spec = asObject(service.value.spec) ?? {};
    const provided: ProvidedHost = {provider: service, ports: numbers(asArray(spec.ports), 'port'), selector: stringLabels(spec.selector)};
    const name = fqdn(service.name, service.namespace);
    // The networking.istio.io/exportTo annotation: comma-separated namespaces, `.` its own; none: all.
    const annotation = stringOr(asObject(asObject(service.value.metadata)?.annotations)?.['networking.istio.io/exportTo']);
    const scopes = annotation === '' ? ['*'] : annotation.split(',').map((ns) => ns.trim()).map((ns) => (ns === '.' ? service.namespace : ns));
    for (const scope of scopes) add(scope, name, provided);
  }
  const wildcards = wildcardKeys.map(({scope, host}) => ({scope, suffix: host.slice(1), provided: scopesByHost.get(host)!.get(scope)!}));
  return {scopesByHost, wildcards};
}

/**
 * GetDestinationHost: the host exported to all namespaces; else in the scope of the resource's own
 * namespace (no exportTo) or of each namespace it is exported to; else a wildcard entry, exported to
 * all or to the resource's namespace, whose suffix ends the host.
 */
export function destinationHost(map: ServiceHostMap, namespace: string, exportTo: unknown, host: string): ProvidedHost | undefined {
  const scoped = map.scopesByHost.get(fqdn(host, namespace));
  if (scoped) {
    const found = scoped.get('*') ?? inScopes(scoped, namespace, exportTo);
    if (found) return found;
  }
  if (map.wildcards.length === 0) return undefined;
  const bare = host.startsWith('*') ? host.slice(1) : host;
  for (const wildcard of map.wildcards) {
    if ((wildcard.scope === '*' || wildcard.scope === namespace) && bare.endsWith(wildcard.suffix)) return wildcard.provided;
  }
  return undefined;
}

/** The host's entry in the resource's own namespace (no exportTo) or in the first namespace it is exported to that has one. */
function inScopes(scoped: Map<string, ProvidedHost>, namespace: string, exportTo: unknown): ProvidedHost | undefined {
  let named = false;
  for (const scope of asArray(exportTo)) {
    if (typeof scope !== 'string') continue;
    named = true;
    const found = scoped.get(scope === '.' ? namespace : scope);
    if (found) return found;
  }
  return named ? undefined : scoped.get(namespace);
}

function numbers(ports: unknown[], field: string): number[] {
  const found: number[] = [];
  for (const port of ports) {
    const value = asObject(port)?.[field];
    if (typeof value === 'number') found.push(value);
  }
  return found;
}
