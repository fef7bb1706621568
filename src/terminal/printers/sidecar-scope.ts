/**
 * What a Sidecar resource leaves a sidecar proxy, as istiod 1.30.3's SidecarScope computes it
 * (pilot/pkg/model/sidecar.go, virtualservice.go SelectVirtualServices):
 * - which Sidecar applies (push_context.go getSidecarScope): one in the pod's namespace whose
 *   workloadSelector its labels match, else the namespace's one without a selector, else the root
 *   namespace's one without a selector; none: every Service and VirtualService exported to the namespace;
 * - its egress listener's `hosts` (`ns/dnsName`, `.` the proxy's namespace, `*` any namespace):
 *   convertIstioListenerToWrapper's hostClassification; a Service is imported when its hostname
 *   matches a host of its namespace or of `*` (selectServices, matchingService); a VirtualService
 *   when one of its hosts does (VSMatches: exact, or wildcard in either direction);
 * - collectImportedServices: then the Services the imported VirtualServices route to.
 * One egress listener without a port or bind, no ingress listeners, no outboundTrafficPolicy and
 * no captureMode: anything else is a gap.
 */
import {asArray, asObject} from '../../engine/istio/access';
import {pushTo} from '../../engine/model/groups';
import {field, ModelGap, stringMap, type ModelObject, type StateModel} from './model';
import {rootNamespaceOf} from './root-namespace';
import type {Proxy} from './istioctl-proxies';
import {CLUSTER_DOMAIN, sidecarServices, type MeshService} from './sidecar-services';

/** Imported hosts by namespace (`*` for any). */
type Imports = ReadonlyMap<string, readonly string[]>;

/** The Sidecar that applies to the proxy, or undefined. */
export function applyingSidecar(proxy: Proxy, model: StateModel): ModelObject | undefined {
  if (proxy.type !== 'sidecar') return undefined;
  const rootNamespace = rootNamespaceOf(model);
  const sidecars = model.objects.filter((o) => o.group === 'networking.istio.io' && o.kind === 'Sidecar');
  const labels = stringMap(field(proxy.pod.value, 'metadata', 'labels'));
  const selector = (s: ModelObject): Record<string, string> => stringMap(field(s.value, 'spec', 'workloadSelector', 'labels'));
  const levels = [
    sidecars.filter((s) => s.namespace === proxy.pod.namespace && Object.keys(selector(s)).length > 0 && Object.entries(selector(s)).every(([k, v]) => labels[k] === v)),
    sidecars.filter((s) => s.namespace === proxy.pod.namespace && Object.keys(selector(s)).length === 0),
    sidecars.filter((s) => s.namespace === rootNamespace && Object.keys(selector(s)).length === 0),
  ];
  for (const level of levels) {
    if (level.length > 1) throw new ModelGap(`${level.length} Sidecars apply to pod ${proxy.pod.namespace}/${proxy.pod.name} at one level: which one istiod takes is not modelled here`);
    if (level.length === 1) return level[0];
  }
  return undefined;
}

function imports(sidecar: ModelObject, proxyNamespace: string): Imports {
  const spec = asObject(sidecar.value.spec) ?? {};
  const what = `Sidecar ${sidecar.namespace}/${sidecar.name}`;
  for (const key of ['ingress', 'outboundTrafficPolicy', 'inboundConnectionPool']) {
    if (spec[key] !== undefined) throw new ModelGap(`${what} sets ${key}, which is not modelled here`);
  }
  const egress = asArray(spec.egress).map((e) => asObject(e) ?? {});
  if (egress.length !== 1) throw new ModelGap(`${what} has ${egress.length} egress listeners: only one, without a port, is modelled here`);
  const listener = egress[0]!;
  if (listener.port !== undefined || listener.bind !== undefined || listener.captureMode !== undefined) throw new ModelGap(`${what}'s egress listener sets a port, bind or captureMode, which is not modelled here`);
  const byNamespace = new Map<string, string[]>();
  for (const h of asArray(listener.hosts).map(String)) {
    const parts = h.split('/');
    if (parts.length !== 2) continue; // istiod logs "Illegal host in sidecar resource" and skips it.
    const namespace = parts[0] === '.' ? proxyNamespace : parts[0]!;
    pushTo(byNamespace, namespace, parts[1]!.toLowerCase());
  }
  return byNamespace;
}

/** host.Name SubsetOf. */
function subsetOf(a: string, b: string): boolean {
  if (a.startsWith('*')) return b.startsWith('*') && a.length >= b.length && a.slice(1).endsWith(b.slice(1));
  if (b.startsWith('*')) return a.endsWith(b.slice(1));
  return a === b;
}

/** host.Name Matches: either way round. */
const matches = (a: string, b: string): boolean => subsetOf(a, b) || subsetOf(b, a);

const importedHosts = (scope: Imports, namespace: string): string[] => [...(scope.get(namespace) ?? []), ...(scope.get('*') ?? [])];

/** hostClassification.Matches for a Service hostname. */
const importsService = (scope: Imports, service: MeshService): boolean => importedHosts(scope, service.namespace).some((h) => h === service.hostname || subsetOf(service.hostname, h));

/** SelectVirtualServices for a VirtualService without gateway semantics (its hosts resolved to FQDNs). */
export function importsVirtualService(proxy: Proxy, model: StateModel, vs: ModelObject): boolean {
  const sidecar = applyingSidecar(proxy, model);
  if (!sidecar) return true;
  const scope = imports(sidecar, proxy.pod.namespace);
  const hosts = asArray(asObject(vs.value.spec)?.hosts).map((h) => resolve(String(h), vs.namespace));
  return hosts.some((vh) => importedHosts(scope, vs.namespace).some((h) => h === vh || matches(vh, h)));
}

const resolve = (host: string, namespace: string): string => {
  const h = host.toLowerCase();
  return h.includes('.') || h.includes('*') ? h : `${h}.${namespace}.${CLUSTER_DOMAIN}`;
};

/** The Services of the proxy's scope, sorted by hostname: all it is exported without a Sidecar. */
export function scopedServices(proxy: Proxy, model: StateModel): MeshService[] {
  const all = sidecarServices(model, proxy.pod.namespace);
  const sidecar = applyingSidecar(proxy, model);
  if (!sidecar) return all;
  const scope = imports(sidecar, proxy.pod.namespace);
  const chosen = new Set(all.filter((s) => importsService(scope, s)));
  // collectImportedServices: the destinations of the imported VirtualServices' HTTP routes and mirrors.
  const virtualServices = model.objects.filter((o) => o.group === 'networking.istio.io' && o.kind === 'VirtualService' && importsVirtualService(proxy, model, o));
  for (const vs of virtualServices) {
    for (const http of asArray(asObject(vs.value.spec)?.http).map((h) => asObject(h) ?? {})) {
      const destinations = [...asArray(http.route).map((r) => asObject(asObject(r)?.destination)), asObject(http.mirror)];
      for (const destination of destinations) {
        if (!destination) continue;
        if (destination.port !== undefined) throw new ModelGap(`VirtualService ${vs.namespace}/${vs.name} names a destination port, which trims the Service a Sidecar imports: not modelled here`);
        const service = all.find((s) => s.hostname === resolve(String(destination.host ?? ''), vs.namespace));
        if (service) chosen.add(service);
      }
    }
  }
  return all.filter((s) => chosen.has(s));
}

/** Whether the proxy's scope imports `hostname` of `namespace` (every host without a Sidecar). */
export function importsHost(proxy: Proxy, model: StateModel, namespace: string, hostname: string): boolean {
  const sidecar = applyingSidecar(proxy, model);
  if (!sidecar) return true;
  return importedHosts(imports(sidecar, proxy.pod.namespace), namespace).some((h) => h === hostname || subsetOf(hostname, h));
}
