/** The Bookinfo corner of a mesh whose clusters the `proxy-config cluster -o json` tests dump, and the sockets istiod 1.30.3 builds for it. */
import type {ModelObject, StateModel} from '../../../../src/terminal/printers/model';
import {GATEWAY, ISTIOD, namespace, namespaced, service, sidecarPod, withMeshConfig} from './mesh';
import {text} from './answers';

export {print, text} from './answers';
export type Cluster = Record<string, unknown> & {name: string};
export const dump = (line: string, model: StateModel): Cluster[] => JSON.parse(text(line, model)) as Cluster[];

export const withAccount = (pod: ModelObject, account: string): ModelObject => ({...pod, value: {...pod.value, spec: {...(pod.value.spec as object), serviceAccountName: account}}});
export const client = sidecarPod('productpage-v1-abc', 'default', {app: 'productpage'}, '10.244.0.5');
const reviewsV1 = withAccount(sidecarPod('reviews-v1-x', 'default', {app: 'reviews', version: 'v1'}, '10.244.0.7'), 'bookinfo-reviews');
const reviewsV2 = withAccount(sidecarPod('reviews-v2-x', 'default', {app: 'reviews', version: 'v2'}, '10.244.0.8'), 'bookinfo-reviews');
export const mesh = (...objects: ModelObject[]): StateModel => withMeshConfig(namespaced(ISTIOD, GATEWAY, client, reviewsV1, reviewsV2, namespace('default'), namespace('istio-system'),
  service('reviews', 'default', [{name: 'http', port: 9080}], {clusterIP: '10.96.0.12'}),
  service('productpage', 'default', [{name: 'http', port: 9080, targetPort: 9080}], {clusterIP: '10.96.0.13'}),
  ...objects));
export const REVIEWS = '--fqdn reviews.default.svc.cluster.local';

export const sds = (name: string) => ({
  name,
  sdsConfig: {apiConfigSource: {apiType: 'GRPC', transportApiVersion: 'V3', grpcServices: [{envoyGrpc: {clusterName: 'sds-grpc'}}], setNodeOnFirstMessageOnly: true}, initialFetchTimeout: '0s', resourceApiVersion: 'V3'},
});
export const istioMutual = (sni: string, alpn = ['istio-peer-exchange', 'istio'], sans = ['spiffe://cluster.local/ns/default/sa/bookinfo-reviews']) => ({
  name: 'envoy.transport_sockets.tls',
  typedConfig: {
    '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext',
    commonTlsContext: {
      tlsParams: {tlsMinimumProtocolVersion: 'TLSv1_2', tlsMaximumProtocolVersion: 'TLSv1_3'},
      tlsCertificateSdsSecretConfigs: [sds('default')],
      // By default the SANs are the identities of the Service's pods, each once.
      combinedValidationContext: {defaultValidationContext: {matchSubjectAltNames: sans.map((exact) => ({exact}))}, validationContextSdsSecretConfig: sds('ROOTCA')},
      alpnProtocols: alpn,
    },
    sni,
  },
});
export const UNLIMITED = {maxConnections: 4294967295, maxPendingRequests: 4294967295, maxRequests: 4294967295, maxRetries: 4294967295};
