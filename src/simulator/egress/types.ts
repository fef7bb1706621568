/** What the simulator says about a request that leaves the mesh, or would (egress/). */
import type {Located} from '../world';

/** A resource named in the answer (the same shape as decision.ts ResourceRef, kept here so decision.ts can import this file). */
export interface ResourceRef {
  kind: string;
  name: string;
  namespace: string;
  at?: Located;
}

export interface EgressHop {
  /** The proxy that handles this leg: the client's sidecar, an egress gateway, Linkerd's proxy. */
  proxy: string;
  /** The routing resource it applied, if any. */
  routedBy?: ResourceRef;
  /** Where it sends the request. */
  to: string;
}

export interface EgressDecision {
  mesh: 'istio' | 'linkerd';
  /** The external host and port as the client asked for them. */
  host: string;
  port: number;
  /** `allowed`: the request leaves for the external host; `blocked`: a proxy answers or resets instead. */
  verdict: 'allowed' | 'blocked';
  /** What the client gets, in words (the external host answers, 502 block_all, reset, 403). */
  answer: string;
  /** Envoy's cluster for the request (PassthroughCluster, BlackHoleCluster, outbound|port||host). */
  cluster?: string;
  /** Istio: the outbound traffic policy for hosts outside the registry, and where it comes from. */
  policy?: {mode: 'ALLOW_ANY' | 'REGISTRY_ONLY'; from: string; at?: Located};
  /** Istio: the ServiceEntry that registers the host. */
  serviceEntry?: ResourceRef & {location: string; resolution: string};
  /** Linkerd: the EgressNetwork that matched the destination, its traffic policy, and the route that decided. */
  egressNetwork?: ResourceRef & {trafficPolicy: 'Allow' | 'Deny'};
  route?: ResourceRef;
  /** The legs of the path, when the request crosses an egress gateway. */
  hops?: EgressHop[];
}
