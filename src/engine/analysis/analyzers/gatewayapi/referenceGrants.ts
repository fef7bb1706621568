/**
 * References across namespaces that no ReferenceGrant permits (gateway-api v1.5.1 apis/v1
 * referencegrant_types.go; istiod's ctx.Grants.BackendAllowed in conversion.go buildDestination
 * and the listener's certificateRefs in conversion.go): a route's backendRefs (RequestMirror's
 * included), whose requests then get a 500, and a Gateway listener's tls.certificateRefs, whose
 * listener then serves no TLS. Both say RefNotPermitted; whether a grant permits it: grants.ts.
 *
 * On a Gateway istiod builds listeners for, a certificateRef is judged in buildTLS's order
 * (listenerTls.ts): buildSecretReference first, so a Secret that is not there, not a Secret or
 * malformed is only that (gateway-api-listener-invalid says it), never also RefNotPermitted; and
 * a block buildTLS takes without reading its refs (Passthrough, ISTIO_SIMPLE or ISTIO_MUTUAL, more
 * than two) asks no grant; and once one of a listener's certificateRefs is usable, buildTLS drops
 * the others' errors and serves that one, so a refused second ref is not reported. A Gateway of
 * another class keeps the spec's rule alone.
 *
 * A route whose parents are all the mesh's (Services, ServiceEntries) asks no grant: istiod converts
 * its mesh routes with enforceRefGrant false (route_collections.go: convertHTTPRoute(..., !mesh)),
 * and Linkerd's policy controller reads no ReferenceGrant at all; the Gateway API's mesh conformance
 * (tests/mesh/mesh-consumer-route.yaml) sends a consumer route to a Service of another namespace
 * without one.
 */
import {asArray, asObject, asString} from '../../../istio/access';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer} from '../../analyzer';
import {permitted} from './grants';
import {listenerController} from './gatewayClasses';
import {listenersOf} from './listeners';
import {certificateRefErrors, readsEachCertificateRef} from './listenerTls';
import {GATEWAY_GROUP, isMeshParent, ref, ROUTE_INPUTS, routeReadings} from './routes';

/**
 * What istiod's refused backend does: an HTTPRoute's or GRPCRoute's share answers 500 (cluster_not_found_response_code);
 * a TLSRoute's or TCPRoute's is an empty destination (buildTCPDestination), cluster UnknownService, whose connections
 * Envoy's TCP proxy closes.
 */
const refusedConsequence = (kind: string): string =>
  kind === 'TLSRoute' || kind === 'TCPRoute' ? 'connections sent to it are closed' : 'requests sent to it get a 500';

export const referenceGrantAnalyzer: Analyzer = {
  name: 'gatewayapi.ReferenceGrantAnalyzer',
  inputs: [...ROUTE_INPUTS, ref(GATEWAY_GROUP, 'Gateway'), ref(GATEWAY_GROUP, 'GatewayClass'), ref(GATEWAY_GROUP, 'ReferenceGrant'), ref('', 'Secret')],
  reports: [...ROUTE_INPUTS, ref(GATEWAY_GROUP, 'Gateway')],
  analyze(ctx) {
    for (const reading of routeReadings(ctx)) {
      const {route, parents} = reading;
      if (parents.length > 0 && parents.every(isMeshParent)) continue;
      for (const backend of reading.resolvedBackends) {
        // A Hostname backend takes no namespace (istiod refuses one: "namespace may not be set with Hostname type").
        if (backend.namespace === route.namespace || backend.kind === 'Hostname') continue;
        const from = {group: GATEWAY_GROUP, kind: route.kind, namespace: route.namespace};
        if (permitted(ctx, from, backend)) continue;
        ctx.report(route, 'GatewayApiBackendRefNotPermitted',
          [backend.kind, `${backend.namespace}/${backend.name}`, backend.namespace, route.kind, route.namespace, refusedConsequence(route.kind)], {path: at(backend.path, 'namespace')});
      }
    }
    for (const gateway of ctx.resources(GATEWAY_GROUP, 'Gateway')) {
      const istiod = listenerController(ctx, gateway) !== undefined;
      for (const listener of listenersOf(gateway)) {
        const tls = asObject(listener.value.tls);
        // istiod reads no certificateRef of a block buildTLS refuses whole, or needs no certificate for
        if (!tls || (istiod && !readsEachCertificateRef(tls))) continue;
        const refs = asArray(tls.certificateRefs);
        // buildTLS keeps no error once one certificate is usable: the refused ones are then dropped without a word
        const refused = istiod ? certificateRefErrors(ctx, gateway, refs, at(listener.path, 'tls')) : undefined;
        if (istiod && !refused) continue;
        refs.forEach((item, j) => {
          const certificate = asObject(item);
          const name = asString(certificate?.name);
          const namespace = asString(certificate?.namespace);
          if (!certificate || !name || !namespace || namespace === gateway.namespace) return;
          const path = at(listener.path, 'tls', 'certificateRefs', j);
          const target = {group: asString(certificate.group) ?? '', kind: asString(certificate.kind) ?? 'Secret', namespace, name};
          if (istiod) {
            // buildSecretReference refuses a Secret that is not there (or not a Secret, or malformed) before the grant is asked: the listener's finding says it
            if (refused?.[j]?.reason !== 'RefNotPermitted') return;
          } else if (permitted(ctx, {group: GATEWAY_GROUP, kind: 'Gateway', namespace: gateway.namespace}, target)) return;
          ctx.report(gateway, 'GatewayApiCertificateRefNotPermitted', [target.kind, `${namespace}/${name}`, namespace, gateway.namespace, listener.name],
            {path: at(path, 'namespace')});
        });
      }
    }
  },
};

