/**
 * In a lab that shows ambient mode, the routing diagram says who applies a route to ambient clients,
 * as the router decides it (route.ts, waypoint.ts): the Service's waypoint, or nobody (ztunnel is L4,
 * so without a waypoint the routes are ignored; sidecar clients still apply them). Drawn as a note
 * beside the route's host node.
 */
import {fqdn} from '../../engine/model/hosts';
import type {World, WorldResource} from '../world';
import {showsAmbient} from './modes';
import {serviceWaypoint} from './waypoint';
import {isHeadless} from './workload-addressed';

/** The note for the routes of `services` (a VirtualService's hosts, a route's Service parents); none outside ambient labs. */
export function ambientNote(world: World, services: readonly WorldResource[]): {text: string; problem: boolean} | undefined {
  if (!showsAmbient(world) || services.length === 0) return undefined;
  const parts = services.map((service) => {
    if (isHeadless(service)) return {text: `${service.name} is headless: no waypoint routes requests to its pods`, problem: true};
    const bound = serviceWaypoint(world, service);
    return bound.bound
      ? {text: `ambient clients: waypoint ${bound.waypoint.namespace}/${bound.waypoint.name} applies these routes for ${service.name}`, problem: false}
      : {text: `ambient clients: ${service.name} has no waypoint, so ztunnel (L4) ignores these routes`, problem: true};
  });
  return {text: parts.map((part) => part.text).join('; '), problem: parts.some((part) => part.problem)};
}

/** The Services a VirtualService's hosts name (short names completed with its namespace). */
export function servicesOfHosts(world: World, hosts: readonly string[], namespace: string): WorldResource[] {
  return hosts.map((host) => world.serviceByFqdn(fqdn(host, namespace))).filter((service): service is WorldResource => service !== undefined);
}

/** Mermaid lines for the note, pointing at the route's host node. */
export function drawAmbientNote(lines: string[], hostNode: string, note: {text: string; problem: boolean} | undefined, label: (text: string) => string): void {
  if (!note) return;
  lines.push(`  ${hostNode}_ambient["${label(note.text)}"]${note.problem ? ':::problem' : ''}`);
  lines.push(`  ${hostNode}_ambient -.- ${hostNode}`);
}
