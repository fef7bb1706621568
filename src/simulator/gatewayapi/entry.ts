/**
 * Where a lab's request enters when the lab does not say: through the Gateway API Gateway
 * that the lab's own routes (the edited YAML, file 0) attach to, when they attach to
 * Gateways only and the Gateway exists; otherwise the request is mesh traffic (undefined).
 */
import type {World} from '../world';
import {GATEWAY_API_GROUP, gatewayRoutes, parentRefs} from './resources';

export function entryGateway(world: World): string | undefined {
  const refs = gatewayRoutes(world).filter((route) => route.resource.at?.file === 0 && route.group === GATEWAY_API_GROUP).flatMap(parentRefs);
  if (refs.length === 0 || refs.some((ref) => ref.kind !== 'Gateway' || ref.group !== GATEWAY_API_GROUP)) return undefined;
  const gateways = world.ofKind(GATEWAY_API_GROUP, 'Gateway');
  const ref = refs.find((r) => gateways.some((g) => g.namespace === r.namespace && g.name === r.name));
  return ref && `${ref.namespace}/${ref.name}`;
}
