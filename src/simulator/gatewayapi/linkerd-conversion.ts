/**
 * Routes Linkerd 2.20's policy controller refuses to convert, and so never sends to a proxy
 * (policy-controller k8s/index/src/outbound/index.rs: "Failed to convert route", the route is
 * skipped): an annotation it cannot parse (linkerd-annotations.ts), or a rule filter it does
 * not support. Of the rule filters it takes RequestHeaderModifier, ResponseHeaderModifier and,
 * for an HTTPRoute, RequestRedirect (outbound/index/http.rs convert_gateway_filter,
 * outbound/index/grpc.rs convert_gateway_filter); RequestMirror, URLRewrite and ExtensionRef
 * are "not supported", any other is an "unknown filter".
 */
import {asObject} from '../../engine/istio/access';
import {filtersOf} from './filters';
import {linkerdRouting} from './linkerd-annotations';
import {rulesOf, type GatewayRoute} from './resources';

const NOT_SUPPORTED = new Set(['RequestMirror', 'URLRewrite', 'ExtensionRef']);

export function linkerdRefusal(route: GatewayRoute): string | undefined {
  const errors = linkerdRouting(route.kind, asObject(route.resource.metadata.annotations), {}).errors;
  if (errors.length > 0) return errors.join('; ');
  const supported = new Set(route.kind === 'HTTPRoute' ? ['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestRedirect'] : ['RequestHeaderModifier', 'ResponseHeaderModifier']);
  for (const [ruleIndex, rule] of rulesOf(route).entries()) {
    const filter = filtersOf(rule).find((f) => !supported.has(f.type));
    if (filter) return `rules[${ruleIndex}].filters[${filter.index}]: ${NOT_SUPPORTED.has(filter.type) ? `${filter.type} filter is not supported` : 'unknown filter'}`;
  }
  return undefined;
}
