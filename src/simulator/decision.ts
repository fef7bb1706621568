/** What the simulator answers: the routing decision, its exact outcome shares and the path through the config. */
import type {DataplaneDecision, WaypointHop} from './ambient/types';
import type {Located, PodSet} from './world';
import type {MtlsConnection} from './mtls-connection';
import type {EgressDecision} from './egress/types';

export type Outcome =
  /** A route sends the request to destinations (some may fail with 503, see each). */
  | 'routed'
  /** No VirtualService route matched: Envoy answers 404 with flag NR. */
  | 'no-route'
  | 'redirect'
  | 'direct-response'
  /** No Istio route for the host: the sidecar passes the request through to the original destination. */
  | 'passthrough'
  /** Nothing listens on that host and port. */
  | 'unreachable';

export interface TraceStep {
  message: string;
  /** Where in the input the step points (file -1: the lab context). */
  at?: Located;
}

export interface ResourceRef {
  kind: string;
  name: string;
  namespace: string;
  at?: Located;
}

export interface DestinationDecision {
  host: string;
  port: number;
  subset?: string;
  /** Weight as written (undefined: a single destination takes all). */
  weight?: number;
  /** Share of the route's non-aborted traffic, 0..1. */
  share: number;
  cluster: string;
  /**
   * HTTP: 200 when a pod answers, else 503 with flag NC or UH (500 for a Gateway API backend that does
   * not exist; a waypoint's own answer to a gateway, NR for 404). Absent for an L4 connection (`connection`).
   */
  status?: number;
  /** An L4 connection (a TCP proxy, Linkerd's opaque or TLS forwarding) has no HTTP status: it is established to the pods, or closed (`problem` says why). */
  connection?: ConnectionState;
  /** Envoy's access-log flag: NC, UH or NR (the same for a closed TCP connection, whose response code is 0); Linkerd's proxy logs none. */
  flags?: 'NC' | 'UH' | 'NR';
  problem?: string;
  /** The pods that answer by name: all of them, or the first few when there are many. */
  pods: string[];
  /** How many pods answer (a Deployment may run 2^31-1 replicas: more than `pods` names). */
  podCount: number;
  /** The same pods by workload: counts, labels and names. */
  workloads: PodSet[];
  /** Each workload's relative weight when a DestinationRule's `distribute` or locality failover weighs localities (locality-distribute.ts); absent: its pod count. */
  workloadWeights?: number[];
  /** `failover`: the weights are locality failover's priority loads with every pod healthy (the timeline keeps its own levels, which ejections move). */
  workloadWeightsBy?: 'distribute' | 'failover';
  /** Labels the subset adds to the Service's selector. */
  subsetLabels?: Record<string, string>;
  destinationRule?: ResourceRef;
  at?: Located;
  /** Istio's mTLS matrix per destination workload (mtls-attach.ts): what the client sends, what the server accepts. */
  mtls?: MtlsConnection[];
  /** A waypoint between the client's proxy and these pods injects this fault into what it forwards (ambient/ingress-waypoint.ts). */
  waypointFault?: {waypoint: string; fault: FaultDecision};
  /** The waypoint that routed the request to these pods when an ingress gateway's shares cross different waypoints (ambient/ingress-waypoint.ts). */
  waypoint?: WaypointHop;
  /** Header changes of this backendRef's own filters (Gateway API HTTPBackendRef.filters), for the requests it receives. */
  requestHeaders?: HeaderOperations;
  responseHeaders?: HeaderOperations;
  /** That waypoint's own route timeout and retries, applied to every attempt it forwards (resilience/waypoint-hop.ts); `backoff` its VirtualService's `retries.backoff`. */
  waypointRoute?: {timeout: string | null; retries: RetryDecision | null; backoff?: string};
}

export interface FaultDecision {
  abort?: {status?: number; grpcStatus?: string; share: number};
  delay?: {fixedDelay: string; share: number};
}

export interface RetryDecision {
  attempts: number;
  perTryTimeout?: string;
  retryOn: string;
  /** `route` when the route sets it, `mesh default` otherwise. */
  from: 'route' | 'mesh default';
}

export interface DistributionEntry {
  share: number;
  /** HTTP: the status the client gets. Absent for an L4 connection's share, which has `connection`. */
  status?: number;
  connection?: ConnectionState;
  flags?: string;
  host?: string;
  subset?: string;
  /** The one pod this entry stands for. */
  pod?: string;
  /** Or a workload with more pods than are named: the entry stands for all `pods` of them. */
  workload?: string;
  pods?: number;
  labels?: Record<string, string>;
  /** The waypoint (`namespace/name`) this share crossed, when the decision's destinations cross different ones. */
  waypoint?: string;
}

/** Header changes a Gateway API filter makes (RequestHeaderModifier, ResponseHeaderModifier). */
export interface HeaderOperations {
  set?: Record<string, string>;
  add?: Record<string, string>;
  remove?: string[];
}

/** What Envoy's CORS filter did with a request carrying an Origin (cors.ts). */
export interface CorsDecision {
  /** Where the policy is written. */
  from: 'VirtualService corsPolicy' | 'HTTPRoute CORS filter';
  origin: string;
  originAllowed: boolean;
  /** OPTIONS with Access-Control-Request-Method. */
  preflight: boolean;
  /** The filter answered the preflight itself (200): the request never reached the backend. */
  answered: boolean;
  /** The CORS headers the filter sets on the response (its own answer's, or the backend's). */
  responseHeaders?: HeaderOperations;
}

/** The CORS headers a decision's response gets, as `name: value`, comma-separated. */
export const corsHeaderText = (cors: CorsDecision): string => Object.entries(cors.responseHeaders?.set ?? {}).map(([k, v]) => `${k}: ${v}`).join(', ');

/** One line for a decision's CORS (the CLI's text, the lab's request panel). */
export function corsLine(cors: CorsDecision): string {
  const what = cors.answered ? '; preflight answered by the proxy' : cors.preflight ? '; preflight forwarded to the backend' : '';
  return `CORS: origin ${cors.origin} ${cors.originAllowed ? 'allowed' : 'not allowed'} (${cors.from})${what}; ${cors.responseHeaders ? `response headers ${corsHeaderText(cors)}` : 'no CORS response header'}`;
}

/** Gateway API routing: the parent the routes attach to, and what the rule sets besides its backends. */
export interface GatewayApiDecision {
  /** Who routes: Istio (a sidecar, a waypoint or a Gateway's proxy) or Linkerd's proxy. */
  mesh: 'istio' | 'linkerd';
  parent: {kind: 'Gateway' | 'Service'; namespace: string; name: string; listener?: string; role?: 'consumer' | 'producer'};
  /** The virtual host that served the request (a Gateway's hostname, or the Service's name). */
  host: string;
  /** The winning match in words, or undefined for a rule without matches. */
  match?: string;
  requestHeaders?: HeaderOperations;
  responseHeaders?: HeaderOperations;
  /** The rule's `timeouts` as written. */
  timeouts?: {request?: string; backendRequest?: string};
  /** Linkerd's route annotations (timeout.linkerd.io/*, retry.linkerd.io/*), when Linkerd routes (a route with `errors` is never routed by). */
  linkerd?: {timeouts: {request?: string; response?: string; idle?: string}; retry?: {limit: number; timeout?: string; conditions?: string}; errors: string[]};
}

export interface Decision {
  request: {method: string; url: string; host: string; port: number; path: string; headers: Record<string, string>};
  source: {kind: 'sidecar' | 'gateway'; namespace: string; workload?: string; gateway?: string; labels: Record<string, string>};
  outcome: Outcome;
  /** The status most requests get (for 'routed', the status of the largest share). */
  status: number | null;
  flags?: string;
  summary: string;
  virtualServices: ResourceRef[];
  /** The HTTPRoutes and GRPCRoutes that competed for the request (Gateway API routing). */
  httpRoutes?: ResourceRef[];
  /**
   * The route taken: `virtualService` is the routing resource (a VirtualService, or an
   * HTTPRoute/GRPCRoute whose rule `index` and match `matchIndex` won).
   */
  route?: {index: number; name?: string; matchIndex?: number; virtualService: ResourceRef; at?: Located; matchAt?: Located;
    /** A VirtualService's `tcp` or `tls` route (an ingress gateway's L4 server, gateway-l4.ts); undefined: `http`. */
    section?: 'tcp' | 'tls';
    /** At an ingress gateway: Envoy's virtual host that held the route, `host:port` (gateway.go util.DomainName). */
    virtualHost?: string};
  /** An L4 connection instead of a request: at an ingress gateway's TCP, TLS or passthrough server (gateway-l4.ts), or to a Linkerd port carried by TCP or TLS (gatewayapi/linkerd-l4.ts); `status` is then null. */
  connection?: L4Connection;
  gatewayApi?: GatewayApiDecision;
  /** The client's TLS (`https://`) ended at an ingress gateway's HTTPS server, which its SNI picked; the request inside was routed as HTTP. */
  tlsTermination?: {sni: string; by: string};
  /** When a VirtualService and HTTPRoutes both route the host: which applied, what was dropped, and why (istiod's import order). */
  meshRouting?: {applied: 'VirtualService' | 'HTTPRoute'; dropped: ResourceRef[]; reason: string};
  destinations: DestinationDecision[];
  fault?: FaultDecision;
  /** Route timeout as written; null: disabled (Istio's default for HTTP routes). */
  timeout?: string | null;
  retries?: RetryDecision | null;
  rewrite?: {uri?: string; authority?: string; path?: string};
  redirect?: {status: number; location: string};
  directResponse?: {status: number; body?: string};
  mirrors?: Array<{host: string; subset?: string; percentage: number}>;
  /** The route's CORS policy at work (a request with an Origin): a preflight answered by the proxy is a `direct-response` 200. */
  cors?: CorsDecision;
  /** The mirrors resolved: share copied, pods, and that their answers are discarded (mirroring.ts). */
  mirroring?: MirrorPlan[];
  /** Exact shares of what the client sees, summing to 1. */
  distribution: DistributionEntry[];
  trace: TraceStep[];
  /** In a lab that shows ambient mode: the proxies crossed, HBONE or not, and which one routed (ambient/path.ts). */
  dataplane?: DataplaneDecision;
  /** For a host outside the cluster: whether the request leaves the mesh, by which policy, ServiceEntry or EgressNetwork, and its hops (egress/). */
  egress?: EgressDecision;
}

/**
 * What an L4 connection becomes. A proxy that forwards bytes has no HTTP status to answer with: it
 * connects the client to a pod, or closes the client's connection. Envoy's tcp_proxy closes it when
 * the cluster does not exist (flag NC) or has no healthy host (UH), or when no filter chain takes it
 * (NR); its access log's response code is then 0 (`-` in the default format). Linkerd's proxy fails
 * the forward (the client sees the connection reset).
 */
export type ConnectionState = 'established' | 'closed';

/** Whether a destination or a share reaches pods: a pod's HTTP 200, or an L4 connection established to it. */
export const reachesPods = (answer: {status?: number; connection?: ConnectionState}): boolean =>
  answer.status === 200 || answer.connection === 'established';

/** An answer as the book says it: `200`, `503 NC`, or for an L4 connection `established`, `closed UH`. */
export const answerText = (answer: {status?: number | null; connection?: ConnectionState; flags?: string}): string =>
  `${answer.status ?? answer.connection ?? ''}${answer.flags ? ` ${answer.flags}` : ''}`;

/** A decision's headline answer: its status, or its L4 connection's state; '' when neither (no response). */
export const decisionAnswer = (decision: Pick<Decision, 'status' | 'flags' | 'connection'>): string =>
  (decision.status === null && !decision.connection ? '' : answerText({status: decision.status, connection: decision.connection?.state, flags: decision.flags}));

interface ConnectionFacts {
  protocol: 'tcp' | 'tls';
  sni?: string;
  /** What most of the connections become (the largest share's), and, closed, why. */
  state: ConnectionState;
  reason?: string;
}

/** A gateway server as the book names it: `server 1 (TLS, PASSTHROUGH)`, after its Gateway's name when the port merges several. */
export const gatewayServerText = (server: GatewayConnection['server']): string =>
  `${server.gateway ? `${server.gateway}'s ` : ''}server ${server.index} (${server.protocol || 'no protocol'}${server.tlsMode ? `, ${server.tlsMode}` : ''})`;

/** An L4 connection at an ingress gateway: plain TCP, or TLS whose SNI is the request's host. */
export interface GatewayConnection extends ConnectionFacts {
  proxy: 'gateway';
  /** The Gateway server that took it (the first on the port when no chain did): its index, protocol and TLS mode, and its Gateway when the port merges several (gateway-merge.ts). */
  server: {index: number; protocol: string; tlsMode?: string; gateway?: string};
  /** How many filter chains istiod built for the port. */
  chains: number;
}

/** A Linkerd client's connection to a Service port its proxy forwards as TCP (opaque) or by TLS SNI. */
export interface LinkerdConnection extends ConnectionFacts {
  proxy: 'linkerd';
  /** Why the port carries connections, not requests (an opaque port, or the TLS or TCP routes sent for it). */
  because: string;
}

/** A client's Envoy sidecar proxying a TCP or TLS Service port by its VirtualService's `tcp` or `tls` routes (sidecar-l4.ts). */
export interface SidecarConnection extends ConnectionFacts {
  proxy: 'sidecar';
  /** Why the port carries connections (its protocol, the routes that apply). */
  because: string;
}

export type L4Connection = GatewayConnection | LinkerdConnection | SidecarConnection;

/** Who forwards a connection that is not a gateway's: the client's sidecar, or Linkerd's proxy. */
export const forwarderText = (connection: LinkerdConnection | SidecarConnection): string =>
  connection.proxy === 'sidecar' ? "the client's sidecar" : "Linkerd's proxy";

/** A mirror resolved (mirroring.ts): what share is copied where; its answers are discarded. */
export interface MirrorPlan {
  host: string;
  subset?: string;
  port: number;
  cluster: string;
  /** The percentage as written. */
  percentage: number;
  /** The share of all requests to this route that is copied (aborted requests excluded), 0..1. */
  share: number;
  /** The Host header the copy carries. */
  authority: string;
  /** Pods that receive copies; empty with `problem` when the cluster does not exist or is empty. */
  pods: string[];
  podCount: number;
  workloads: PodSet[];
  problem?: string;
  /** Always true: Envoy discards mirror responses. */
  responsesDiscarded: true;
  /** Whether any of the mirror's pods also answer users through the route's own destinations. */
  alsoServesUsers: boolean;
  /** The proxy that sends the copies when it is not the client's: a waypoint the request went through (`waypoint ns/name`). */
  by?: string;
}
