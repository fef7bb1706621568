/**
 * The hosts of ServiceEntries as istiod 1.30.3's registry turns them into services
 * (pilot/pkg/serviceregistry/serviceentry/conversion.go convertServices): one per host, with the
 * entry's ports (their protocol as written, else sniffed) and addresses, visible to a proxy when the
 * entry is exported to its namespace (spec.exportTo: none is every namespace, `.` its own) and its
 * Sidecar imports the host; the cluster type from the resolution (cluster.go convertResolution:
 * STATIC → EDS, DNS → STRICT_DNS, DNS_ROUND_ROBIN → LOGICAL_DNS, NONE → ORIGINAL_DST, EDS for
 * gateways). Listeners, routes and endpoints follow them in ./outbound-services.ts,
 * ./sidecar-listeners.ts, ./sidecar-routes.ts and ./service-entry-endpoints.ts.
 */
import {asArray, asObject} from '../../engine/istio/access';
import {ModelGap, type StateModel} from './model';
import type {Proxy} from './istioctl-proxies';
import {convertProtocol, portHandling, type MeshService} from './sidecar-services';
import {importsHost} from './sidecar-scope';

export interface EntryService {
  service: MeshService;
  type: 'EDS' | 'STRICT_DNS' | 'LOGICAL_DNS' | 'ORIGINAL_DST';
}

const RESOLUTION_TYPES: Readonly<Record<string, EntryService['type']>> = {STATIC: 'EDS', DNS: 'STRICT_DNS', DNS_ROUND_ROBIN: 'LOGICAL_DNS', NONE: 'ORIGINAL_DST'};

export function serviceEntryServices(proxy: Proxy, model: StateModel): EntryService[] {
  const namespace = proxy.pod.namespace;
  const out: EntryService[] = [];
  for (const entry of model.objects.filter((o) => o.group === 'networking.istio.io' && o.kind === 'ServiceEntry')) {
    const spec = asObject(entry.value.spec) ?? {};
    const exportTo = asArray(spec.exportTo).map(String);
    if (exportTo.length > 0 && !exportTo.some((to) => to === '*' || to === namespace || (to === '.' && entry.namespace === namespace))) continue;
    const resolution = String(spec.resolution ?? 'NONE');
    let type = RESOLUTION_TYPES[resolution];
    if (type === undefined) throw new ModelGap(`ServiceEntry ${entry.namespace}/${entry.name} resolves by ${resolution}, which is not modelled here`);
    if (type === 'ORIGINAL_DST' && proxy.type === 'router') type = 'EDS';
    if (spec.workloadSelector !== undefined && resolution !== 'STATIC') throw new ModelGap(`ServiceEntry ${entry.namespace}/${entry.name} selects workloads, which is not modelled here`);
    const ports = asArray(spec.ports).map((p) => asObject(p) ?? {}).map((p) => {
      // The entry's protocol read as a Service port named after it would be.
      const asServicePort = {protocol: String(p.protocol ?? '').toUpperCase() === 'UDP' ? 'UDP' : 'TCP', name: String(p.protocol ?? '').toLowerCase(), port: p.number};
      return {name: String(p.name ?? ''), port: Number(p.number), targetPort: p.targetPort, handling: portHandling(asServicePort), protocol: convertProtocol(asServicePort)};
    });
    for (const host of asArray(spec.hosts).map((h) => String(h).toLowerCase())) {
      if (!importsHost(proxy, model, entry.namespace, host)) continue;
      out.push({type, service: {object: entry, hostname: host, namespace: entry.namespace, addresses: asArray(spec.addresses).map(String), headless: false, ports}});
    }
  }
  return out;
}
