/**
 * References across namespaces that no ReferenceGrant permits (gateway-api v1.5.1 apis/v1
 * referencegrant_types.go; istiod's ctx.Grants.BackendAllowed in conversion.go buildDestination
 * and the listener's certificateRefs in conversion.go): a route's backendRefs (RequestMirror's
 * included), whose requests then get a 500, and a Gateway listener's tls.certificateRefs, whose
 * listener then serves no TLS. Both say RefNotPermitted.
 *
 * A ReferenceGrant lives in the namespace referred to and permits a reference when one of its
 * `from` entries names the referring kind's group, kind and namespace, and one of its `to`
 * entries the target's group and kind, and its name when it gives one.
 */
import {asArray, asObject, asString} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {listenersOf} from './listeners';
import {backendRefsOf, GATEWAY_GROUP, isCoreGroup, knowsIn, ref, ROUTE_INPUTS, routesOf} from './routes';

export const referenceGrantAnalyzer: Analyzer = {
  name: 'gatewayapi.ReferenceGrantAnalyzer',
  inputs: [...ROUTE_INPUTS, ref(GATEWAY_GROUP, 'Gateway'), ref(GATEWAY_GROUP, 'ReferenceGrant')],
  analyze(ctx) {
    for (const route of routesOf(ctx)) {
      for (const backend of backendRefsOf(route)) {
        // A Hostname backend takes no namespace (istiod refuses one: "namespace may not be set with Hostname type").
        if (backend.namespace === route.namespace || backend.kind === 'Hostname') continue;
        const from = {group: GATEWAY_GROUP, kind: route.kind, namespace: route.namespace};
        if (permitted(ctx, from, backend)) continue;
        ctx.report(route, 'GatewayApiBackendRefNotPermitted',
          [backend.kind, `${backend.namespace}/${backend.name}`, backend.namespace, route.kind, route.namespace], {path: at(backend.path, 'namespace')});
      }
    }
    for (const gateway of ctx.resources(GATEWAY_GROUP, 'Gateway')) {
      for (const listener of listenersOf(gateway)) {
        asArray(asObject(listener.value.tls)?.certificateRefs).forEach((item, j) => {
          const certificate = asObject(item);
          const name = asString(certificate?.name);
          const namespace = asString(certificate?.namespace);
          if (!certificate || !name || !namespace || namespace === gateway.namespace) return;
          const target = {group: asString(certificate.group) ?? '', kind: asString(certificate.kind) ?? 'Secret', namespace, name};
          if (permitted(ctx, {group: GATEWAY_GROUP, kind: 'Gateway', namespace: gateway.namespace}, target)) return;
          ctx.report(gateway, 'GatewayApiCertificateRefNotPermitted', [target.kind, `${namespace}/${name}`, namespace, gateway.namespace, listener.name],
            {path: at(listener.path, 'tls', 'certificateRefs', j, 'namespace')});
        });
      }
    }
  },
};

interface Reference {
  group: string;
  kind: string;
  namespace: string;
}

const verdicts = new WeakMap<AnalyzerContext, Map<string, boolean>>();

/** True when a ReferenceGrant permits it, or when the run cannot know; once per distinct reference (routes repeat theirs). */
export function permitted(ctx: AnalyzerContext, from: Reference, to: Reference & {name: string}): boolean {
  let known = verdicts.get(ctx);
  if (!known) verdicts.set(ctx, (known = new Map()));
  const key = `${from.group}\0${from.kind}\0${from.namespace}\0${to.group}\0${to.kind}\0${to.namespace}\0${to.name}`;
  let verdict = known.get(key);
  if (verdict === undefined) known.set(key, (verdict = judge(ctx, from, to)));
  return verdict;
}

/** True when a ReferenceGrant permits it, or when the run cannot know (no grant of that namespace in an open world). */
function judge(ctx: AnalyzerContext, from: Reference, to: Reference & {name: string}): boolean {
  if (!knowsIn(ctx, GATEWAY_GROUP, 'ReferenceGrant', to.namespace)) return true;
  return (grantsIn(ctx).get(to.namespace) ?? []).some((grant) => {
    const spec = asObject(grant.value.spec) ?? {};
    const fromMatches = asArray(spec.from).some((entry) => {
      const f = asObject(entry) ?? {};
      return sameGroup(f.group, from.group) && f.kind === from.kind && f.namespace === from.namespace;
    });
    if (!fromMatches) return false;
    return asArray(spec.to).some((entry) => {
      const t = asObject(entry) ?? {};
      const name = asString(t.name);
      return sameGroup(t.group, to.group) && t.kind === to.kind && (!name || name === to.name);
    });
  });
}

/** Groups as references write them: "" (or Linkerd's "core") for the core group. */
const sameGroup = (written: unknown, group: string) => typeof written === 'string' && (written === group || (isCoreGroup(written) && isCoreGroup(group)));

const grants = new WeakMap<AnalyzerContext, Map<string, AnalysisResource[]>>();

function grantsIn(ctx: AnalyzerContext): Map<string, AnalysisResource[]> {
  let byNamespace = grants.get(ctx);
  if (!byNamespace) {
    byNamespace = new Map();
    for (const grant of ctx.resources(GATEWAY_GROUP, 'ReferenceGrant')) {
      const list = byNamespace.get(grant.namespace);
      if (list) list.push(grant);
      else byNamespace.set(grant.namespace, [grant]);
    }
    grants.set(ctx, byNamespace);
  }
  return byNamespace;
}
