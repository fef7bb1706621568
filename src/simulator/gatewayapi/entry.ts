/**
 * Where a lab's request enters when the lab does not say: through the Gateway API Gateway
 * that the lab's own routes (the edited YAML, file 0) attach to, when they attach to
 * Gateways only and the Gateway exists; likewise through the Istio Gateway that the lab's own
 * VirtualServices are bound to when none of them is bound to `mesh` (a sidecar never applies
 * such a VirtualService); otherwise the request is mesh traffic (undefined).
 */
import {asArray, asString} from '../../engine/istio/access';
import {qualifyGatewayName} from '../match';
import type {World} from '../world';
import {GATEWAY_API_GROUP, gatewayRoutes, parentRefs} from './resources';

function istioEntryGateway(world: World): string | undefined {
  const own = world.virtualServices.filter((vs) => vs.at?.file === 0);
  if (own.length === 0 || gatewayRoutes(world).some((route) => route.resource.at?.file === 0)) return undefined;
  const bound = own.map((vs) => ({vs, gateways: asArray(vs.spec.gateways).map(asString).filter((g): g is string => g !== undefined)}));
  if (bound.some((b) => b.gateways.length === 0 || b.gateways.includes('mesh'))) return undefined;
  const gateways = world.ofKind('networking.istio.io', 'Gateway');
  for (const {vs, gateways: names} of bound) {
    for (const name of names) {
      const qualified = qualifyGatewayName(name, vs.namespace);
      if (gateways.some((g) => `${g.namespace}/${g.name}` === qualified)) return qualified;
    }
  }
  return undefined;
}

export function entryGateway(world: World): string | undefined {
  const istio = istioEntryGateway(world);
  if (istio !== undefined) return istio;
  const refs = gatewayRoutes(world).filter((route) => route.resource.at?.file === 0 && route.group === GATEWAY_API_GROUP).flatMap(parentRefs);
  if (refs.length === 0 || refs.some((ref) => ref.kind !== 'Gateway' || ref.group !== GATEWAY_API_GROUP)) return undefined;
  const gateways = world.ofKind(GATEWAY_API_GROUP, 'Gateway');
  const ref = refs.find((r) => gateways.some((g) => g.namespace === r.namespace && g.name === r.name));
  return ref && `${ref.namespace}/${ref.name}`;
}
