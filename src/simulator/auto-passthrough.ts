/**
 * AUTO_PASSTHROUGH at an Istio gateway (east-west, multi-cluster): the filter chains istiod 1.30.3
 * builds without any VirtualService (pilot/pkg/networking/core/gateway.go builtAutoPassthroughFilterChains):
 * for every service the gateway sees that is not MeshExternal (a Kubernetes Service, a MESH_INTERNAL
 * ServiceEntry), every port but UDP, whose hostname is within one of the server's hosts, one chain on
 * SNI `outbound_.PORT_._.HOST` and one per subset of the service's DestinationRule (as the gateway's
 * namespace sees it) on `outbound_.PORT_.SUBSET_.HOST` (model.BuildDNSSrvSubsetKey); each proxies the
 * connection, still encrypted, to the cluster of that name. The chains also require Istio's mTLS
 * ALPNs (allIstioMtlsALPNs), which a mesh proxy of another cluster sends with such an SNI. Any
 * other SNI meets no chain of the server.
 */
import {asArray, asNumber, asObject, asString, type Obj} from '../engine/istio/access';
import {hostSubsetOf} from '../engine/model/hosts';
import {destinationRuleFor, resolveBackend, resolveSubset} from './destinations';
import type {World} from './world';

/** What an `outbound_.PORT_.SUBSET_.HOST` SNI names. */
export interface AutoPassthroughTarget {
  host: string;
  port: number;
  subset?: string;
}

const SNI = /^outbound_\.(\d{1,5})_\.([^.]*)_\.(.+)$/;

/** Reads an SNI in Istio's outbound cluster form, or undefined. */
export function parseOutboundSni(sni: string): AutoPassthroughTarget | undefined {
  const found = SNI.exec(sni);
  if (!found) return undefined;
  const port = Number(found[1]);
  if (port < 1 || port > 65535) return undefined;
  return {host: found[3]!.toLowerCase(), port, ...(found[2] ? {subset: found[2]} : {})};
}

/**
 * The chain an AUTO_PASSTHROUGH server has for `sni`, or why it has none. `gatewayNamespace` reads the
 * DestinationRule's subsets as the gateway proxy does.
 */
export function autoPassthroughChain(world: World, server: Obj, sni: string, gatewayNamespace: string): {target: AutoPassthroughTarget} | {why: string} {
  const target = parseOutboundSni(sni);
  if (!target) return {why: `SNI ${sni} is not Istio's outbound_.PORT_.SUBSET_.HOST form`};
  const backend = resolveBackend(world, target.host);
  const entry = backend.kind === 'service-entry' ? backend.resource! : undefined;
  if (backend.kind === 'unknown' || entry && (asString(entry.spec.location) !== 'MESH_INTERNAL' || !asArray(entry.spec.hosts).includes(target.host))) {
    return {why: `${target.host} is no Service or MESH_INTERNAL ServiceEntry of the mesh`};
  }
  const ports = asArray(backend.kind === 'service' ? backend.resource!.spec.ports : entry!.spec.ports).map((p) => asObject(p) ?? {});
  const port = ports.find((p) => asNumber(backend.kind === 'service' ? p.port : p.number) === target.port);
  if (!port || (asString(port.protocol) ?? '').toUpperCase() === 'UDP') return {why: `${target.host} has no TCP port ${target.port}`};
  const hosts = asArray(server.hosts).filter((h): h is string => typeof h === 'string').map((h) => h.split('/').pop()!);
  if (!hosts.some((h) => hostSubsetOf(target.host, h))) return {why: `${target.host} is not within the server's hosts (${hosts.join(', ')})`};
  if (target.subset !== undefined) {
    const rules = destinationRuleFor(world, target.host, gatewayNamespace, backend.kind === 'service' ? backend.resource!.namespace : undefined);
    if (!resolveSubset(rules, target.subset).defined) return {why: `no DestinationRule for ${target.host} visible to the gateway defines subset ${target.subset}`};
  }
  return {target};
}
