/**
 * Routes Linkerd 2.20's policy controller refuses to convert, and so never sends to a proxy
 * (policy-controller k8s/index/src/outbound/index.rs: "Failed to convert route", the route is
 * skipped): an annotation it cannot parse (linkerd-annotations.ts), or a rule filter it does
 * not support. Of the rule filters it takes RequestHeaderModifier, ResponseHeaderModifier and,
 * for an HTTPRoute, RequestRedirect (outbound/index/http.rs convert_gateway_filter,
 * outbound/index/grpc.rs convert_gateway_filter); RequestMirror, URLRewrite and ExtensionRef
 * are "not supported", any other (a Gateway API `CORS` filter among them: Linkerd 2.20 has no CORS) is an
 * "unknown filter", while the admission webhook (runtime/src/admission.rs validate_filter) lets it
 * through. A match it cannot convert (index/routes/{http,grpc}.rs
 * try_match: a header name that is no HTTP header name, a regex Rust's regex crate does not compile, a
 * relative path, a GRPCRoute method matched by regex) fails the route too; Linkerd's admission webhook
 * refuses such routes already, with the same checks (engine/families/linkerd/admission/httpRules.ts).
 */
import {asArray, asObject} from '../../engine/istio/access';
import {Denied} from '../../engine/families/linkerd/admission/deny';
import {headerMatch, httpMatch} from '../../engine/families/linkerd/admission/httpRules';
import {filtersOf} from './filters';
import {linkerdRouting} from './linkerd-annotations';
import {rulesOf, type GatewayRoute} from './resources';

const NOT_SUPPORTED = new Set(['RequestMirror', 'URLRewrite', 'ExtensionRef']);

export function linkerdRefusal(route: GatewayRoute): string | undefined {
  const errors = linkerdRouting(route.kind, asObject(route.resource.metadata.annotations), {}).errors;
  if (errors.length > 0) return errors.join('; ');
  const supported = new Set(route.kind === 'HTTPRoute' ? ['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestRedirect'] : ['RequestHeaderModifier', 'ResponseHeaderModifier']);
  for (const [ruleIndex, rule] of rulesOf(route).entries()) {
    const unmatched = matchRefusal(route, rule, ruleIndex);
    if (unmatched) return unmatched;
    const filter = filtersOf(rule).find((f) => !supported.has(f.type));
    if (filter) return `rules[${ruleIndex}].filters[${filter.index}]: ${NOT_SUPPORTED.has(filter.type) ? `${filter.type} filter is not supported` : 'unknown filter'}`;
  }
  return undefined;
}

/** The first match of the rule try_match cannot convert, with why. */
function matchRefusal(route: GatewayRoute, rule: Record<string, unknown>, ruleIndex: number): string | undefined {
  for (const [matchIndex, value] of asArray(rule.matches).entries()) {
    const match = asObject(value) ?? {};
    const where = `rules[${ruleIndex}].matches[${matchIndex}]`;
    if (route.kind === 'GRPCRoute' && asObject(match.method)?.type === 'RegularExpression') return `${where}: unsupported GRPCRoute method match type: Some(RegularExpression)`;
    try {
      // The field path is the webhook's, which a refusal here does not name.
      if (route.kind === 'HTTPRoute') httpMatch(match, '');
      else asArray(match.headers).forEach((header) => headerMatch(asObject(header) ?? {}, ''));
    } catch (error) {
      if (error instanceof Denied) return `${where}: ${error.message}`;
      throw error;
    }
  }
  return undefined;
}
