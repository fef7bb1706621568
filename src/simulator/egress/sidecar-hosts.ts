/**
 * What a Sidecar's `egress` listeners import into its workloads' registry (istio 1.30.3
 * pilot/pkg/model/sidecar.go): each `hosts` entry is `namespace/dnsName`, the namespace `.` being
 * the Sidecar's own, `*` any, and any other (`~` included) only that one; a Service or ServiceEntry
 * is imported when an entry of its namespace, else one of namespace `*`, matches its hostname
 * (selectServices, hostClassification.Matches: exact, or a wildcard suffix). A listener with a
 * `port` imports a service only on that port (needsPortMatch, serviceMatchingListenerPort). A
 * Sidecar without `egress` imports everything (the default scope imports every namespace's
 * every host). A host left out is,
 * for the client's sidecar, as a host outside the registry: the outbound traffic policy decides
 * (egress/istio.ts), unless a VirtualService the Sidecar imports sends to it (sidecar-virtual-services.ts).
 */
import {asArray, asNumber, asObject, asString} from '../../engine/istio/access';
import {hostsOverlap} from '../../engine/model/hosts';
import {locate, type Located, type WorldResource} from '../world';

export interface SidecarGap {
  /** Why the host is not imported, in words. */
  why: string;
  at?: Located;
}

function entryImports(entry: string, sidecarNamespace: string, namespace: string, hostname: string): boolean {
  if (entry.split('/').length !== 2) return false; // sidecar.go logs "Illegal host in sidecar resource" and skips it
  const [written, dnsName] = entry.split('/') as [string, string];
  const ns = written === '.' ? sidecarNamespace : written;
  return (ns === namespace || ns === '*') && hostsOverlap(dnsName, hostname);
}

/**
 * Undefined when the Sidecar imports `hostname` (of the Service or ServiceEntry in `namespace`) on
 * `port`, or has no egress listeners; otherwise why it leaves it out.
 */
export function sidecarEgressGap(sidecar: WorldResource, namespace: string, hostname: string, port: number): SidecarGap | undefined {
  const listeners = asArray(sidecar.spec.egress).map(asObject).filter((l) => l !== undefined);
  if (listeners.length === 0) return undefined;
  for (const listener of listeners) {
    const listenerPort = asNumber(asObject(listener!.port)?.number);
    if (listenerPort !== undefined && listenerPort !== port) continue;
    const hosts = asArray(listener!.hosts).map(asString).filter((h): h is string => h !== undefined);
    if (hosts.some((h) => entryImports(h, sidecar.namespace, namespace, hostname))) return undefined;
  }
  const written = listeners.flatMap((l) => asArray(l!.hosts).map(asString).filter((h): h is string => h !== undefined));
  return {
    why: `Sidecar ${sidecar.namespace}/${sidecar.name} egress hosts (${written.join(', ') || 'none'}) do not import ${namespace}/${hostname} on port ${port}: the client's sidecar has no route for it`,
    at: locate(sidecar, 'spec', 'egress'),
  };
}
