/** The kinds analyzers read (istioctl's gvk package), for their `inputs`. */
import type {KindRef} from '../analyzer';

const ref = (group: string, kind: string): KindRef => ({group, kind});

export const KINDS = {
  AuthorizationPolicy: ref('security.istio.io', 'AuthorizationPolicy'),
  ConfigMap: ref('', 'ConfigMap'),
  Deployment: ref('apps', 'Deployment'),
  DestinationRule: ref('networking.istio.io', 'DestinationRule'),
  EnvoyFilter: ref('networking.istio.io', 'EnvoyFilter'),
  Gateway: ref('networking.istio.io', 'Gateway'),
  Namespace: ref('', 'Namespace'),
  Node: ref('', 'Node'),
  PeerAuthentication: ref('security.istio.io', 'PeerAuthentication'),
  Pod: ref('', 'Pod'),
  RequestAuthentication: ref('security.istio.io', 'RequestAuthentication'),
  Secret: ref('', 'Secret'),
  Service: ref('', 'Service'),
  ServiceEntry: ref('networking.istio.io', 'ServiceEntry'),
  Sidecar: ref('networking.istio.io', 'Sidecar'),
  Telemetry: ref('telemetry.istio.io', 'Telemetry'),
  VirtualService: ref('networking.istio.io', 'VirtualService'),
  WorkloadEntry: ref('networking.istio.io', 'WorkloadEntry'),
  MeshConfig: ref('', 'MeshConfig'),
  MeshNetworks: ref('', 'MeshNetworks'),
  MutatingWebhookConfiguration: ref('admissionregistration.k8s.io', 'MutatingWebhookConfiguration'),
  CustomResourceDefinition: ref('apiextensions.k8s.io', 'CustomResourceDefinition'),
  ProxyConfig: ref('networking.istio.io', 'ProxyConfig'),
  WasmPlugin: ref('extensions.istio.io', 'WasmPlugin'),
} as const;
