/**
 * The additionalPrinterColumns of the CRDs a session's cluster may hold (the served version
 * kubectl prefers, which is the storage version for each of these): Istio 1.30.3
 * (istio/api kubernetes/customresourcedefinitions.gen.yaml), Gateway API v1.5.1
 * (experimental-install.yaml) and Linkerd 2.20 (linkerd-crds chart). Facts only; the test
 * tests/terminal/printers/crd-columns.test.ts compares them with those files.
 * An empty list: the CRD declares none, and the API server's table convertor prints Age alone
 * (apiextensions-apiserver pkg/registry/customresource/tableconvertor/tableconvertor.go).
 */
export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'date';

export interface PrinterColumn {
  name: string;
  type: ColumnType;
  jsonPath: string;
  priority?: number;
}

export const CRD_PRINTER_COLUMNS: Readonly<Record<string, readonly PrinterColumn[]>> = {
  'extensions.istio.io/TrafficExtension': [{name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp'}],
  'extensions.istio.io/WasmPlugin': [{name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp'}],
  'networking.istio.io/DestinationRule': [{name: 'Host', type: 'string', jsonPath: '.spec.host'}, {name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp'}],
  'networking.istio.io/EnvoyFilter': [],
  'networking.istio.io/Gateway': [],
  'networking.istio.io/ProxyConfig': [],
  'networking.istio.io/ServiceEntry': [{name: 'Hosts', type: 'string', jsonPath: '.spec.hosts'}, {name: 'Location', type: 'string', jsonPath: '.spec.location'}, {name: 'Resolution', type: 'string', jsonPath: '.spec.resolution'}, {name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp'}],
  'networking.istio.io/Sidecar': [],
  'networking.istio.io/VirtualService': [{name: 'Gateways', type: 'string', jsonPath: '.spec.gateways'}, {name: 'Hosts', type: 'string', jsonPath: '.spec.hosts'}, {name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp'}],
  'networking.istio.io/WorkloadEntry': [{name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp'}, {name: 'Address', type: 'string', jsonPath: '.spec.address'}],
  'networking.istio.io/WorkloadGroup': [{name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp'}],
  'security.istio.io/AuthorizationPolicy': [{name: 'Action', type: 'string', jsonPath: '.spec.action'}, {name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp'}],
  'security.istio.io/PeerAuthentication': [{name: 'Mode', type: 'string', jsonPath: '.spec.mtls.mode'}, {name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp'}],
  'security.istio.io/RequestAuthentication': [],
  'telemetry.istio.io/Telemetry': [{name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp'}],
  'gateway.networking.k8s.io/BackendTLSPolicy': [{name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp'}],
  'gateway.networking.k8s.io/GatewayClass': [{name: 'Controller', type: 'string', jsonPath: '.spec.controllerName'}, {name: 'Accepted', type: 'string', jsonPath: '.status.conditions[?(@.type=="Accepted")].status'}, {name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp'}, {name: 'Description', type: 'string', jsonPath: '.spec.description', priority: 1}],
  'gateway.networking.k8s.io/Gateway': [{name: 'Class', type: 'string', jsonPath: '.spec.gatewayClassName'}, {name: 'Address', type: 'string', jsonPath: '.status.addresses[*].value'}, {name: 'Programmed', type: 'string', jsonPath: '.status.conditions[?(@.type=="Programmed")].status'}, {name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp'}],
  'gateway.networking.k8s.io/GRPCRoute': [{name: 'Hostnames', type: 'string', jsonPath: '.spec.hostnames'}, {name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp'}],
  'gateway.networking.k8s.io/HTTPRoute': [{name: 'Hostnames', type: 'string', jsonPath: '.spec.hostnames'}, {name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp'}],
  'gateway.networking.k8s.io/ListenerSet': [{name: 'Accepted', type: 'string', jsonPath: '.status.conditions[?(@.type=="Accepted")].status'}, {name: 'Programmed', type: 'string', jsonPath: '.status.conditions[?(@.type=="Programmed")].status'}, {name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp'}],
  'gateway.networking.k8s.io/ReferenceGrant': [{name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp'}],
  'gateway.networking.k8s.io/TCPRoute': [{name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp'}],
  'gateway.networking.k8s.io/TLSRoute': [{name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp'}],
  'gateway.networking.k8s.io/UDPRoute': [{name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp'}],
  'gateway.networking.x-k8s.io/XBackendTrafficPolicy': [{name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp'}],
  'gateway.networking.x-k8s.io/XMesh': [{name: 'Accepted', type: 'string', jsonPath: '.status.conditions[?(@.type=="Accepted")].status'}, {name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp'}],
  'policy.linkerd.io/AuthorizationPolicy': [],
  'policy.linkerd.io/EgressNetwork': [],
  'policy.linkerd.io/HTTPLocalRateLimitPolicy': [{name: 'Target_kind', type: 'string', jsonPath: '.spec.targetRef.kind'}, {name: 'Target_name', type: 'string', jsonPath: '.spec.targetRef.name'}, {name: 'Total_RPS', type: 'integer', jsonPath: '.spec.total.requestsPerSecond'}, {name: 'Identity_RPS', type: 'integer', jsonPath: '.spec.identity.requestsPerSecond'}],
  'policy.linkerd.io/HTTPRoute': [{name: 'Hostnames', type: 'string', jsonPath: '.spec.hostnames'}, {name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp'}],
  'policy.linkerd.io/MeshTLSAuthentication': [],
  'policy.linkerd.io/NetworkAuthentication': [],
  'policy.linkerd.io/ServerAuthorization': [{name: 'Server', type: 'string', jsonPath: '.spec.server.name'}],
  'policy.linkerd.io/Server': [{name: 'Port', type: 'string', jsonPath: '.spec.port'}, {name: 'Protocol', type: 'string', jsonPath: '.spec.proxyProtocol'}, {name: 'Access Policy', type: 'string', jsonPath: '.spec.accessPolicy'}],
  'linkerd.io/ServiceProfile': [],
  'workload.linkerd.io/ExternalWorkload': [{name: 'Identity', type: 'string', jsonPath: '.spec.meshTLS.identity'}, {name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp'}],
};
