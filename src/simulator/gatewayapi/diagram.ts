/**
 * An HTTPRoute or GRPCRoute in the routing diagram, drawn as a VirtualService is: its
 * parents (a Service for mesh traffic, a Gateway with the hostnames), its rules with their
 * matches (defaults included, as the API server stores them), each backend with its share
 * of the rule's traffic, and the pods each backend Service selects; a missing backend, a
 * rule whose weights are all 0 and one without backends are marked as the proxies answer, and so is
 * a backend of another namespace that no ReferenceGrant permits a route on a Gateway (Istio's reading).
 * A TLSRoute or TCPRoute is drawn the same way, its rule taking any connection.
 */
import {endpointsOf, resolveBackend} from '../destinations';
import {drawPods, failureLabel} from '../diagram-pods';
import type {World, WorldResource} from '../world';
import {ambientNote, drawAmbientNote} from '../ambient/diagram';
import {backendRefsOf} from './backends';
import {filtersOf} from './filters';
import {describeMatch, translateMatch} from './match';
import {l4Attachments} from './l4-routes';
import {referencePermitted} from '../../engine/model/reference-grants';
import {GATEWAY_API_GROUP, hostnamesOf, parentRefs, rulesOf, type AnyGatewayRoute, type GatewayRoute, type L4RouteKind} from './resources';
import {asArray, asObject} from '../../engine/istio/access';
import {fqdn} from '../../engine/model/hosts';
import {linkerdReadsService} from '../../engine/model/service-reference';

/** The diagram draws what either mesh may read as a Service: Linkerd's reading, the wider. */
const drawsService = linkerdReadsService;

export function drawGatewayRoute(world: World, route: AnyGatewayRoute, prefix: string, lines: string[], label: (text: string) => string): void {
  const hostNode = `${prefix}h`;
  const parents = parentRefs(route).map((ref) => ref.kind === 'Service' ? `Service ${ref.name}${ref.port ? `:${ref.port}` : ''}` : `${ref.kind} ${ref.name}${ref.sectionName ? `/${ref.sectionName}` : ''}`);
  const hostnames = hostnamesOf(route);
  lines.push(`  ${hostNode}(["${label(`${route.kind} ${route.resource.name}: ${parents.join(', ') || 'no parent'}${hostnames.length ? ` (${hostnames.join(', ')})` : ''}`)}"])`);
  const services = parentRefs(route).filter((ref) => drawsService(ref.group, ref.kind)).map((ref) => world.serviceByFqdn(fqdn(ref.name, ref.namespace))).filter((service): service is WorldResource => service !== undefined);
  drawAmbientNote(lines, hostNode, ambientNote(world, services), label);
  if (route.kind === 'TLSRoute' || route.kind === 'TCPRoute') drawListeners(world, {...route, kind: route.kind}, hostNode, lines, label);
  const onGateway = parentRefs(route).some((ref) => ref.group === GATEWAY_API_GROUP && ref.kind === 'Gateway');
  rulesOf(route).forEach((rule, ruleIndex) => {
    const ruleNode = `${prefix}r${ruleIndex}`;
    const matches = asArray(rule.matches).map((m) => asObject(m) ?? {});
    const kind = route.kind;
    // A TLSRoute or TCPRoute routes connections (Linkerd's proxies: a TLSRoute by the SNI its hostnames name).
    const l4 = kind === 'TLSRoute' || kind === 'TCPRoute';
    const condition = kind === 'TLSRoute' ? (hostnames.length ? `SNI ${hostnames.join(', ')}` : 'any SNI') : l4 ? 'any connection'
      : matches.length === 0 ? 'any request' : matches.map((m) => describeMatch(translateMatch(kind, m))).join(' or ');
    lines.push(`  ${ruleNode}{"${label(`rule ${ruleIndex + 1}: ${condition}`)}"}`);
    lines.push(`  ${hostNode} --> ${ruleNode}`);
    const redirect = filtersOf(rule).find((f) => f.type === 'RequestRedirect');
    if (redirect) {
      const spec = asObject(redirect.spec.requestRedirect) ?? {};
      lines.push(`  ${ruleNode}_redirect["${label(`redirect ${spec.statusCode ?? 302} ${[spec.scheme, spec.hostname, asObject(spec.path)?.replaceFullPath ?? asObject(spec.path)?.replacePrefixMatch].filter((v) => typeof v === 'string').join(' ')}`.trim())}"]`);
      lines.push(`  ${ruleNode} --> ${ruleNode}_redirect`);
      return;
    }
    const refs = backendRefsOf(rule, route);
    const total = refs.reduce((sum, ref) => sum + Math.max(ref.weight, 0), 0);
    if (refs.length === 0 || total === 0) {
      // Istio converts an L4 rule without weighted backends to its blackhole cluster (l4-routes.ts), which closes the connection.
      const text = refs.length === 0 ? `no backends: ${l4 ? 'connection closed' : '404'} (Istio), the parent Service (Linkerd)` : failureLabel(l4, {status: 500}, 'every backend has weight 0');
      lines.push(`  ${ruleNode}_x["${label(text)}"]:::problem`);
      lines.push(`  ${ruleNode} --> ${ruleNode}_x`);
      return;
    }
    refs.forEach((ref, index) => {
      const node = `${ruleNode}d${index}`;
      const share = Math.round((Math.max(ref.weight, 0) / total) * 1000) / 10;
      lines.push(`  ${node}["${label(`${ref.name}${ref.port ? `:${ref.port}` : ''}`)}"]`);
      lines.push(`  ${ruleNode} -->|"${label(`${share}%`)}"| ${node}`);
      // Istio asks a ReferenceGrant of a backend across namespaces on a Gateway parent (backends.ts, l4-routes.ts); Linkerd reads none.
      if (onGateway && !referencePermitted(world.ofKind(GATEWAY_API_GROUP, 'ReferenceGrant'), {group: GATEWAY_API_GROUP, kind: route.kind, namespace: route.resource.namespace}, ref)) {
        lines.push(`  ${node}_x["${label(failureLabel(l4, {status: 500}, `no ReferenceGrant in ${ref.namespace} permits it (Istio)`))}"]:::problem`);
        lines.push(`  ${node} --> ${node}_x`);
        return;
      }
      const backend = drawsService(ref.group, ref.kind) ? resolveBackend(world, fqdn(ref.name, ref.namespace)) : undefined;
      if (!backend || backend.kind !== 'service' || (ref.port !== undefined && !backend.ports.includes(ref.port))) {
        lines.push(`  ${node}_x["${label(failureLabel(l4, {status: 500}, `no Service ${ref.name}${ref.port ? ` port ${ref.port}` : ''}`))}"]:::problem`);
        lines.push(`  ${node} --> ${node}_x`);
        return;
      }
      drawPods(lines, node, endpointsOf(world, backend, undefined), label, failureLabel(l4, {status: 503}, 'no pods selected'));
    });
  });
}

/**
 * The Gateway listeners a TLSRoute or TCPRoute attaches to, drawn before the route as the way in (l4-routes.ts
 * l4Attachments): TLS Passthrough with the SNI hosts of its chain, TLS Terminate (TLS ends at the gateway, which
 * proxies the route's first rule as TCP), TCP (any connection); a listener that does not take the route is a
 * problem node beside it.
 */
function drawListeners(world: World, route: GatewayRoute<L4RouteKind>, hostNode: string, lines: string[], label: (text: string) => string): void {
  l4Attachments(world, route).forEach((attachment, index) => {
    const node = `${hostNode}_l${index}`;
    if (attachment.refused) {
      lines.push(`  ${node}["${label(`${attachment.listener}: ${attachment.refused}`)}"]:::problem`);
      lines.push(`  ${node} -.- ${hostNode}`);
      return;
    }
    const takes = attachment.mode === 'Terminate' ? 'TLS ends here; the first rule, as TCP'
      : attachment.hosts && !attachment.hosts.includes('*') ? `SNI ${attachment.hosts.join(', ')}` : attachment.mode ? 'any SNI' : 'any connection';
    lines.push(`  ${node}["${label(`${attachment.listener}: ${takes}`)}"]`);
    lines.push(`  ${node} --> ${hostNode}`);
  });
}
