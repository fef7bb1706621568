/**
 * A mesh route (GAMMA) whose Service parentRef names a `port` the Service does not expose. The
 * spec binds such a route to that one Service port (gateway-api v1.5.1 apis/v1 shared_types.go
 * ParentReference.Port: "When the parent resource is a Service, this targets a specific port in
 * the Service spec"), and both meshes route by it: istiod adds the port to the mesh route's matches
 * (route_collections.go, augmentPortMatch on the parentRef's port), Linkerd's outbound index
 * applies the route to that service port only (k8s/index/src/outbound/index.rs, parent_ref.port). Neither reports the mismatch
 * in the route's status (istiod's referenceAllowed checks a Service parent's existence alone;
 * Linkerd's parent_condition_service its existence and cluster IP), so the route is Accepted and
 * silently applies to no request. A Service parent without a port applies to all its ports.
 */
import {joinPointer as at} from '../../../pointer';
import type {Analyzer} from '../../analyzer';
import {isServiceParent, lookup, ref, ROUTE_INPUTS, routeReadings, servicePortsOf} from './routes';

export const serviceParentPortAnalyzer: Analyzer = {
  name: 'gatewayapi.ServiceParentPortAnalyzer',
  inputs: [...ROUTE_INPUTS, ref('', 'Service')],
  reports: ROUTE_INPUTS,
  analyze(ctx) {
    for (const {route, parents} of routeReadings(ctx)) {
      for (const parent of parents) {
        if (!isServiceParent(parent) || parent.port === undefined) continue;
        // A missing Service is ParentRefAnalyzer's finding.
        const service = lookup(ctx, '', 'Service', parent.namespace, parent.name);
        if (!service) continue;
        const ports = servicePortsOf(service);
        if (ports.includes(parent.port)) continue;
        ctx.report(route, 'GatewayApiServiceParentPortNotFound', [parent.port, `${parent.namespace}/${parent.name}`, ports], {path: at(parent.path, 'port')});
      }
    }
  },
};
