/**
 * Gateway API v1.5.1's conformance manifests (kubernetes-sigs/gateway-api, tag v1.5.1), transcribed as the
 * facts the status tests of tests/engine/gateway-api-conformance-status.test.ts read: the suite's base cluster
 * (conformance/base/manifests.yaml), the objects the suite creates before any test (suite.go Setup), and each
 * test's resources (conformance/tests/<name>.yaml, cited per entry), written with the builders below and
 * serialized as YAML. Documents keep the upstream order, and every field a check reads (list order included)
 * is kept; comments are not. Gateways are of Istio's class, the suite's --gateway-class as Istio runs it.
 */
import {stringify} from 'yaml';
import {istiod} from './gateway-api';
import {CA_CERT, RSA_CERT, RSA_KEY_PKCS8, base64} from './key-pairs';

/** A resource's fields, in the order they are written. */
type Fields = Record<string, unknown>;

const GATEWAY_API = 'gateway.networking.k8s.io';
const INFRA = 'gateway-conformance-infra';
const APP = 'gateway-conformance-app-backend';
const WEB = 'gateway-conformance-web-backend';

const resource = (apiVersion: string, kind: string, name: string, body: Fields): Fields =>
  ({apiVersion, kind, metadata: {name, namespace: INFRA}, ...body});
const gatewayApi = (kind: string) => (name: string, spec: Fields) => resource(`${GATEWAY_API}/v1`, kind, name, {spec});
const withMetadata = (metadata: Fields, object: Fields): Fields => ({...object, metadata: {...(object.metadata as Fields), ...metadata}});
/** `object` in namespace `ns` (resources are in gateway-conformance-infra unless moved). */
const inNamespace = (ns: string, object: Fields) => withMetadata({namespace: ns}, object);
const labeled = (labels: Fields, object: Fields) => withMetadata({labels}, object);
const annotated = (annotations: Fields, object: Fields) => withMetadata({annotations}, object);
/** `object` as the suite applies it in Gateway API's v1beta1 (the API serves both). */
const v1beta1 = (object: Fields): Fields => ({...object, apiVersion: `${GATEWAY_API}/v1beta1`});

/** A Gateway of Istio's class with `listeners`, and `spec`'s other fields (addresses, tls, allowedListeners). */
const gateway = (name: string, listeners: Fields[], spec: Fields = {}) => gatewayApi('Gateway')(name, {gatewayClassName: 'istio', listeners, ...spec});
const httpRoute = gatewayApi('HTTPRoute');
const grpcRoute = gatewayApi('GRPCRoute');
const tlsRoute = gatewayApi('TLSRoute');
/** A ListenerSet attached to the Gateway `gateway` (in gateway-conformance-infra), adding `listeners`. */
const listenerSet = (name: string, gateway: string, ...listeners: Fields[]) =>
  gatewayApi('ListenerSet')(name, {parentRef: {kind: 'Gateway', group: GATEWAY_API, name: gateway, namespace: INFRA}, listeners});
/** A BackendTLSPolicy over `targetRefs`, checking the backend's certificate as `validation` says. */
const backendTLSPolicy = (name: string, targetRefs: Fields[], validation: Fields) => gatewayApi('BackendTLSPolicy')(name, {targetRefs, validation});
/** A ReferenceGrant in `ns` (v1beta1, as the suite writes them) admitting `from` to `to`. */
const referenceGrant = (name: string, ns: string, from: Fields[], to: Fields[]) =>
  v1beta1(inNamespace(ns, gatewayApi('ReferenceGrant')(name, {from, to})));
const service = (name: string, spec: Fields) => resource('v1', 'Service', name, {spec});
const namespace = (name: string, labels?: Fields): Fields => ({apiVersion: 'v1', kind: 'Namespace', metadata: {name, ...(labels && {labels})}});

const listener = (name: string, port: number, protocol: string, more: Fields = {}): Fields => ({name, port, protocol, ...more});
/** allowedRoutes: from namespaces `from`, of `kinds` when any are listed. */
const routes = (from: string, ...kinds: string[]): Fields => ({namespaces: {from}, ...(kinds.length > 0 && {kinds: kinds.map((kind) => ({kind}))})});
/** allowedRoutes: from the namespaces labelled `matchLabels`, of `kinds` when any are listed. */
const routesSelected = (matchLabels: Fields, ...kinds: string[]): Fields =>
  ({namespaces: {from: 'Selector', selector: {matchLabels}}, ...(kinds.length > 0 && {kinds: kinds.map((kind) => ({kind}))})});
/** A reference to a core object (group ""), with `name` and `namespace` when given. */
const coreRef = (kind: string, name?: string, namespace?: string): Fields =>
  ({group: '', kind, ...(name !== undefined && {name}), ...(namespace !== undefined && {namespace})});
const secretRef = (name: string, namespace?: string) => coreRef('Secret', name, namespace);
/** A Service in the referrer's namespace, with `more` (port, sectionName). */
const serviceRef = (name: string, more: Fields = {}): Fields => ({...coreRef('Service', name), ...more});
const configMapRef = (name: string, namespace?: string) => coreRef('ConfigMap', name, namespace);
/** A ReferenceGrant's `from`: resources of Gateway API's `kind` in `namespace`. */
const grantFrom = (kind: string, namespace: string): Fields => ({group: GATEWAY_API, kind, namespace});
/** A route's parentRef to `name` in gateway-conformance-infra. */
const parentRef = (name: string, more: Fields = {}): Fields => ({name, namespace: INFRA, ...more});
const listenerSetParent = (name: string, more: Fields = {}) => parentRef(name, {kind: 'ListenerSet', group: GATEWAY_API, ...more});
const backendRef = (name: string, port: number, namespace?: string): Fields => ({name, port, ...(namespace !== undefined && {namespace})});
/** Rules: forward every request, or those whose path has `prefix` or is `path`, to `backends`. */
const forwardTo = (...backends: Fields[]): Fields => ({backendRefs: backends});
const prefixTo = (prefix: string, ...backends: Fields[]): Fields => ({matches: [{path: {type: 'PathPrefix', value: prefix}}], backendRefs: backends});
const exactTo = (path: string, ...backends: Fields[]): Fields => ({matches: [{path: {type: 'Exact', value: path}}], backendRefs: backends});
/** A BackendTLSPolicy's validation: the backend's certificate for `hostname`, signed by the CA in `caRef`, with `subjectAltNames` when any. */
const validation = (hostname: string, caRef: Fields, ...subjectAltNames: Fields[]): Fields =>
  ({caCertificateRefs: [caRef], hostname, ...(subjectAltNames.length > 0 && {subjectAltNames})});
/** The CA the suite signs its backends' certificates with (the ConfigMap tls-checks-ca-certificate). */
const SUITE_CA = configMapRef('tls-checks-ca-certificate');
const hostnameSAN = (hostname: string): Fields => ({type: 'Hostname', hostname});
const uriSAN = (uri: string): Fields => ({type: 'URI', uri});

/** The documents as YAML, one after another. */
const yaml = (objects: Fields[]) => objects.map((object) => stringify(object, {indentSeq: false, lineWidth: 0})).join('---\n');

const ECHO_IMAGE = 'gcr.io/k8s-staging-gateway-api/echo-basic:v20260204-monthly-2026.01-60-g28382302';
const fromField = (name: string, fieldPath: string): Fields => ({name, valueFrom: {fieldRef: {fieldPath}}});
const env = (name: string, value: string): Fields => ({name, value});
/** The TLS key pair of `secretName`, mounted where the echo server reads it (TLS_SERVER_CERT and its key). */
const SECRET_MOUNT = [{name: 'secret-volume', mountPath: '/etc/secret-volume'}];
const secretVolume = (secretName: string): Fields[] =>
  [{name: 'secret-volume', secret: {secretName, items: [{key: 'tls.crt', path: 'crt'}, {key: 'tls.key', path: 'key'}]}}];
const TLS_SERVER_CERT = env('TLS_SERVER_CERT', '/etc/secret-volume/crt');

/** An echo-basic Deployment (pods `app: name`) told its pod and namespace, then `extraEnv`; serving `tlsSecret` when given. */
function echoDeployment(name: string, ns: string, options: {replicas?: number; extraEnv?: Fields[]; tlsSecret?: string} = {}): Fields {
  const {replicas = 2, extraEnv = [], tlsSecret} = options;
  const container = {
    name, image: ECHO_IMAGE, ...(tlsSecret && {volumeMounts: SECRET_MOUNT}),
    env: [fromField('POD_NAME', 'metadata.name'), fromField('NAMESPACE', 'metadata.namespace'), ...extraEnv],
    resources: {requests: {cpu: '10m'}},
  };
  return inNamespace(ns, labeled({app: name}, resource('apps/v1', 'Deployment', name, {spec: {
    replicas, selector: {matchLabels: {app: name}},
    template: {metadata: {labels: {app: name}}, spec: {containers: [container], ...(tlsSecret && {volumes: secretVolume(tlsSecret)})}},
  }})));
}
const tcpPort = (port: number, targetPort: number, more: Fields = {}): Fields => ({protocol: 'TCP', port, targetPort, ...more});
/** A Service `name` over the pods `app: name`. */
const appService = (name: string, ns: string, ...ports: Fields[]) => inNamespace(ns, service(name, {selector: {app: name}, ports}));
/** A Service over the base's tls-backend pods (the BackendTLSPolicy tests' backends). */
const tlsBackendService = (name: string, ...ports: Fields[]) => service(name, {selector: {app: 'tls-backend'}, ports});
/** An echo backend on port 8080 (the container's 3000), two replicas. */
const echoBackend = (name: string, ns: string) => [appService(name, ns, tcpPort(8080, 3000)), echoDeployment(name, ns)];
/** A TLS echo backend on port 443 (the container's 8443), one replica, serving `tlsSecret`. */
const tlsBackend = (name: string, ns: string, tlsSecret: string) => [
  appService(name, ns, tcpPort(443, 8443)),
  echoDeployment(name, ns, {replicas: 1, tlsSecret, extraEnv: [TLS_SERVER_CERT, env('TLS_SERVER_PRIVKEY', '/etc/secret-volume/key')]}),
];
const grpcBackend = (name: string) => [
  appService(name, INFRA, tcpPort(8080, 3000, {appProtocol: 'kubernetes.io/h2c'})),
  echoDeployment(name, INFRA, {extraEnv: [env('GRPC_ECHO_SERVER', '1')]}),
];
const httpsListener = (name: string, hostname?: string) => listener(name, 443, 'HTTPS', {
  ...(hostname && {hostname}), allowedRoutes: routes('Same'), tls: {certificateRefs: [secretRef('tls-validity-checks-certificate', INFRA)]},
});

/** conformance/base/manifests.yaml: Namespaces, Gateways, Services and the Deployments behind them. */
export const BASE_MANIFESTS = yaml([
  namespace(INFRA, {'gateway-conformance': 'infra'}),
  v1beta1(gateway('same-namespace', [listener('http', 80, 'HTTP', {allowedRoutes: routes('Same')})])),
  v1beta1(gateway('same-namespace-with-https-listener', [
    httpsListener('https'),
    httpsListener('https-with-hostname', 'second-example.org'),
    httpsListener('https-with-wildcard-hostname', '*.wildcard.org'),
    httpsListener('https-with-hostname-matching-wildcard', 'fourth-example.wildcard.org'),
  ])),
  v1beta1(gateway('all-namespaces', [listener('http', 80, 'HTTP', {allowedRoutes: routes('All')})])),
  v1beta1(gateway('backend-namespaces', [listener('http', 80, 'HTTP', {allowedRoutes: routesSelected({'gateway-conformance': 'backend'})})])),
  appService('infra-backend-v1', INFRA,
    tcpPort(8080, 3000, {name: 'first-port'}),
    tcpPort(8081, 3001, {name: 'second-port', appProtocol: 'kubernetes.io/h2c'}),
    tcpPort(8082, 3000, {name: 'third-port', appProtocol: 'kubernetes.io/ws'})),
  echoDeployment('infra-backend-v1', INFRA),
  ...echoBackend('infra-backend-v2', INFRA),
  ...echoBackend('infra-backend-v3', INFRA),
  ...tlsBackend('tls-backend', INFRA, 'tls-checks-certificate'),
  ...tlsBackend('tls-backend-2', INFRA, 'tls-checks-certificate'),
  namespace(APP, {'gateway-conformance': 'backend'}),
  ...tlsBackend('tls-backend', APP, 'tls-passthrough-checks-certificate'),
  ...echoBackend('app-backend-v1', APP),
  ...echoBackend('app-backend-v2', APP),
  namespace(WEB, {'gateway-conformance': 'backend'}),
  ...echoBackend('web-backend', WEB),
  ...['grpc-infra-backend-v1', 'grpc-infra-backend-v2', 'grpc-infra-backend-v3'].flatMap(grpcBackend),
  // A DNS server over UDP (coredns answering whoami for foo.bar.com), for the UDPRoute tests.
  labeled({app: 'udp'}, service('coredns', {ports: [{name: 'udp-dns', port: 53, protocol: 'UDP', targetPort: 53}], selector: {app: 'udp'}})),
  labeled({app: 'udp'}, resource('apps/v1', 'Deployment', 'coredns', {spec: {
    selector: {matchLabels: {app: 'udp'}},
    template: {metadata: {labels: {app: 'udp'}}, spec: {
      containers: [{
        args: ['-conf', '/root/Corefile'], image: 'registry.k8s.io/coredns/coredns:v1.12.2', imagePullPolicy: 'IfNotPresent', name: 'coredns',
        securityContext: {allowPrivilegeEscalation: false, capabilities: {add: ['NET_BIND_SERVICE'], drop: ['ALL']}},
        volumeMounts: [{mountPath: '/root', name: 'conf'}],
      }],
      volumes: [{configMap: {defaultMode: 420, name: 'coredns'}, name: 'conf'}],
    }},
  }})),
  resource('v1', 'ConfigMap', 'coredns', {data: {Corefile: '.:53 {\n    forward . 8.8.8.8 9.9.9.9\n    log\n    errors\n}\nfoo.bar.com:53 {\n  whoami\n}\n'}}),
  // The TCP and TLS echo backend: plain on 3000, TLS on 8443 with the passthrough certificate.
  appService('tcp-backend', INFRA, tcpPort(3000, 3000, {name: 'echo-tcp-plain'}), tcpPort(8443, 8443, {name: 'echo-tcp-tls'})),
  echoDeployment('tcp-backend', INFRA, {tlsSecret: 'tls-passthrough-checks-certificate', extraEnv: [
    TLS_SERVER_CERT, env('TLS_SERVER_PRIV_KEY', '/etc/secret-volume/key'), env('TCP_ECHO_SERVER', '1'),
  ]}),
]);

/** What the suite creates before any test (conformance/utils/suite/suite.go Setup, "Applying programmatic resources"): its
 * kubernetes.io/tls Secrets (MustCreateSelfSignedCertSecret, MustCreateCASigned*CertSecret) and CA ConfigMaps
 * (MustCreateCACertConfigMap: ca.crt). One key pair and one CA stand for the freshly made ones. */
const tlsSecret = (namespace: string, name: string) => 'apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\n'
  + `metadata: {name: ${name}, namespace: ${namespace}}\ndata:\n  tls.crt: ${base64(RSA_CERT)}\n  tls.key: ${base64(RSA_KEY_PKCS8)}\n`;
const caConfigMap = (namespace: string, name: string) => 'apiVersion: v1\nkind: ConfigMap\n'
  + `metadata: {name: ${name}, namespace: ${namespace}}\ndata:\n  ca.crt: |\n${CA_CERT.trimEnd().replace(/^/gm, '    ')}\n`;
export const SUITE_OBJECTS = [
  tlsSecret('gateway-conformance-web-backend', 'certificate'),
  tlsSecret('gateway-conformance-infra', 'tls-validity-checks-certificate'),
  caConfigMap('gateway-conformance-web-backend', 'web-backend-cm'),
  caConfigMap('gateway-conformance-infra', 'tls-validity-checks-ca-certificate'),
  tlsSecret('gateway-conformance-infra', 'tls-validity-checks-client-certificate'),
  caConfigMap('gateway-conformance-infra', 'tls-validity-checks-per-port-ca-certificate'),
  tlsSecret('gateway-conformance-infra', 'tls-validity-checks-per-port-client-certificate'),
  tlsSecret('gateway-conformance-infra', 'tls-passthrough-checks-certificate'),
  tlsSecret('gateway-conformance-app-backend', 'tls-passthrough-checks-certificate'),
  caConfigMap('gateway-conformance-infra', 'tls-checks-ca-certificate'),
  tlsSecret('gateway-conformance-infra', 'tls-checks-certificate'),
  tlsSecret('gateway-conformance-infra', 'tls-checks-client-certificate'),
  tlsSecret('gateway-conformance-infra', 'tls-terminate-checks-certificate'),
  caConfigMap('gateway-conformance-infra', 'mismatch-ca-certificate'),
].join('---\n');

/** istiod as Istio 1.30.3 runs the suite (tests/integration/pilot/gateway_conformance_test.go over tests/integration/base.yaml):
 * PILOT_ENABLE_ALPHA_GATEWAY_API=true, so TCP and TLS listeners and routes are served. */
export const ISTIOD = istiod({PILOT_ENABLE_ALPHA_GATEWAY_API: 'true'});

/** backendtlspolicy-san.yaml's cases: the case's name, its Service port's appProtocol, and the SANs its policy expects. */
const SAN_CASES: {name: string; appProtocol?: string; sans: Fields[]}[] = [
  {name: 'san-dns', sans: [hostnameSAN('abc.example.com')]},
  {name: 'san-dns-mismatch', appProtocol: 'HTTPS', sans: [hostnameSAN('dce.example.com')]},
  {name: 'san-uri', appProtocol: 'HTTPS', sans: [uriSAN('spiffe://abc.example.com/test-identity')]},
  {name: 'san-uri-mismatch', appProtocol: 'HTTPS', sans: [uriSAN('spiffe://def.example.com/test-identity')]},
  {name: 'multiple-sans', appProtocol: 'HTTPS', sans: [uriSAN('spiffe://abc.example.com/test-identity'), hostnameSAN('abc.example.com')]},
  {name: 'multiple-mismatch-sans', appProtocol: 'HTTPS', sans: [uriSAN('spiffe://def.example.com/test-identity'), hostnameSAN('def.example.com')]},
];

/** Each test's resources, in the order of its file: conformance/tests/<name>.yaml. */
const TEST_RESOURCES: Record<string, Fields[]> = {
  // conformance/tests/gateway-invalid-route-kind.yaml
  'gateway-invalid-route-kind': [
    gateway('gateway-only-invalid-route-kind', [listener('http', 80, 'HTTP', {allowedRoutes: routes('All', 'InvalidRoute')})]),
    gateway('gateway-supported-and-invalid-route-kind', [listener('http', 80, 'HTTP', {allowedRoutes: routes('All', 'InvalidRoute', 'HTTPRoute')})]),
  ],
  // conformance/tests/gateway-invalid-tls-configuration.yaml
  'gateway-invalid-tls-configuration': [
    gateway('gateway-certificate-nonexistent-secret', [
      listener('https', 443, 'HTTPS', {allowedRoutes: routes('All'), tls: {certificateRefs: [secretRef('nonexistent-certificate')]}}),
    ]),
    gateway('gateway-certificate-unsupported-group', [
      listener('https', 443, 'HTTPS', {
        allowedRoutes: routes('All'),
        tls: {certificateRefs: [{group: 'wrong.group.company.io', kind: 'Secret', name: 'tls-validity-checks-certificate'}]},
      }),
    ]),
    gateway('gateway-certificate-unsupported-kind', [
      listener('https', 443, 'HTTPS', {
        allowedRoutes: routes('All'),
        tls: {certificateRefs: [coreRef('WrongKind', 'tls-validity-checks-certificate')]},
      }),
    ]),
    gateway('gateway-certificate-malformed-secret', [
      listener('https', 443, 'HTTPS', {allowedRoutes: routes('All'), tls: {certificateRefs: [secretRef('malformed-certificate')]}}),
    ]),
    resource('v1', 'Secret', 'malformed-certificate', {
      data: {'tls.crt': 'SGVsbG8gd29ybGQK', 'tls.key': 'SGVsbG8gd29ybGQK'},
      type: 'kubernetes.io/tls',
    }),
  ],
  // conformance/tests/gateway-secret-invalid-reference-grant.yaml
  'gateway-secret-invalid-reference-grant': [
    gateway('gateway-secret-invalid-reference-grant', [
      listener('https', 443, 'HTTPS', {allowedRoutes: routes('All'), tls: {certificateRefs: [secretRef('certificate', WEB)]}}),
    ]),
    referenceGrant('reference-grant-wrong-namespace', APP, [grantFrom('Gateway', INFRA)], [secretRef('certificate')]),
    referenceGrant(
      'reference-grant-wrong-from-group',
      WEB,
      [{group: 'not-the-group-youre-looking-for', kind: 'Gateway', namespace: INFRA}],
      [secretRef('certificate')],
    ),
    referenceGrant('reference-grant-wrong-from-kind', WEB, [grantFrom('HTTPRoute', INFRA)], [secretRef('certificate')]),
    referenceGrant(
      'reference-grant-wrong-from-namespace',
      WEB,
      [grantFrom('Gateway', 'not-the-namespace-youre-looking-for')],
      [secretRef('certificate')],
    ),
    referenceGrant(
      'reference-grant-wrong-to-group',
      WEB,
      [grantFrom('Gateway', INFRA)],
      [{group: 'not-the-group-youre-looking-for', kind: 'Secret', name: 'not-the-certificate-youre-looking-for'}],
    ),
    referenceGrant('reference-grant-wrong-to-kind', WEB, [grantFrom('Gateway', INFRA)], [serviceRef('certificate')]),
    referenceGrant('reference-grant-wrong-to-name', WEB, [grantFrom('Gateway', INFRA)], [secretRef('not-the-certificate-youre-looking-for')]),
  ],
  // conformance/tests/gateway-secret-missing-reference-grant.yaml
  'gateway-secret-missing-reference-grant': [
    gateway('gateway-secret-missing-reference-grant', [
      listener('https', 443, 'HTTPS', {allowedRoutes: routes('All'), tls: {certificateRefs: [secretRef('certificate', WEB)]}}),
    ]),
  ],
  // conformance/tests/gateway-secret-reference-grant-all-in-namespace.yaml
  'gateway-secret-reference-grant-all-in-namespace': [
    gateway('gateway-secret-reference-grant-all-in-namespace', [
      listener('https', 443, 'HTTPS', {allowedRoutes: routes('All'), tls: {certificateRefs: [secretRef('certificate', WEB)]}}),
    ]),
    referenceGrant('reference-grant-all-in-namespace', WEB, [grantFrom('Gateway', INFRA)], [coreRef('Secret')]),
  ],
  // conformance/tests/gateway-secret-reference-grant-specific.yaml
  'gateway-secret-reference-grant-specific': [
    gateway('gateway-secret-reference-grant-specific', [
      listener('https', 443, 'HTTPS', {allowedRoutes: routes('All'), tls: {certificateRefs: [secretRef('certificate', WEB)]}}),
    ]),
    referenceGrant('reference-grant-specific', WEB, [grantFrom('Gateway', INFRA)], [secretRef('certificate')]),
  ],
  // conformance/tests/gateway-with-attached-routes.yaml
  'gateway-with-attached-routes': [
    gateway('gateway-with-one-attached-route', [
      listener('http', 80, 'HTTP', {allowedRoutes: routesSelected({'kubernetes.io/metadata.name': INFRA}, 'HTTPRoute')}),
    ]),
    httpRoute('http-route-1', {
      parentRefs: [parentRef('gateway-with-one-attached-route', {kind: 'Gateway'})],
      rules: [forwardTo(backendRef('infra-backend-v1', 8080))],
    }),
    gateway('gateway-with-two-attached-routes', [
      listener('http', 80, 'HTTP', {hostname: 'foo.example.com', allowedRoutes: routesSelected({'kubernetes.io/metadata.name': INFRA}, 'HTTPRoute')}),
    ]),
    httpRoute('http-route-2', {
      parentRefs: [parentRef('gateway-with-two-attached-routes', {kind: 'Gateway'})],
      rules: [forwardTo(backendRef('infra-backend-v1', 8080))],
    }),
    httpRoute('http-route-3', {
      parentRefs: [parentRef('gateway-with-two-attached-routes', {kind: 'Gateway'})],
      rules: [forwardTo(backendRef('infra-backend-v1', 8080))],
    }),
    httpRoute('http-route-not-accepted', {
      hostnames: ['not-accepted.test.com'],
      parentRefs: [parentRef('gateway-with-two-attached-routes', {kind: 'Gateway'})],
      rules: [forwardTo(backendRef('infra-backend-v1', 8080))],
    }),
    v1beta1(gateway('unresolved-gateway-with-one-attached-unresolved-route', [
      listener('tls', 443, 'HTTPS', {
        allowedRoutes: routesSelected({'kubernetes.io/metadata.name': INFRA}, 'HTTPRoute'),
        tls: {certificateRefs: [secretRef('does-not-exist')], mode: 'Terminate'},
      }),
    ])),
    v1beta1(httpRoute('http-route-4', {
      parentRefs: [parentRef('unresolved-gateway-with-one-attached-unresolved-route', {kind: 'Gateway', sectionName: 'tls'})],
      rules: [forwardTo(backendRef('does-not-exist', 8080))],
    })),
  ],
  // conformance/tests/gateway-with-attached-routes-with-port-8080.yaml
  'gateway-with-attached-routes-with-port-8080': [
    gateway('gateway-with-two-listeners-and-one-attached-route', [
      listener('http-unattached', 8080, 'HTTP', {allowedRoutes: routes('All', 'HTTPRoute')}),
      listener('http', 80, 'HTTP', {allowedRoutes: routes('All', 'HTTPRoute')}),
    ]),
    httpRoute('http-route-4-port-8080', {
      parentRefs: [parentRef('gateway-with-two-listeners-and-one-attached-route', {kind: 'Gateway', sectionName: 'http'})],
      rules: [forwardTo(backendRef('infra-backend-v1', 8080))],
    }),
  ],
  // conformance/tests/httproute-disallowed-kind.yaml
  'httproute-disallowed-kind': [
    gateway('tlsroutes-only', [listener('tls', 443, 'TLS', {tls: {mode: 'Passthrough'}, allowedRoutes: routes('Same', 'TLSRoute')})]),
    httpRoute('disallowed-kind', {parentRefs: [parentRef('tlsroutes-only')], rules: [forwardTo(backendRef('infra-backend-v1', 8080))]}),
  ],
  // conformance/tests/httproute-hostname-intersection.yaml
  'httproute-hostname-intersection': [
    gateway('httproute-hostname-intersection', [
      listener('listener-1', 80, 'HTTP', {allowedRoutes: routes('Same'), hostname: 'very.specific.com'}),
      listener('listener-2', 80, 'HTTP', {allowedRoutes: routes('Same'), hostname: '*.wildcard.io'}),
      listener('listener-3', 80, 'HTTP', {allowedRoutes: routes('Same'), hostname: '*.anotherwildcard.io'}),
    ]),
    gateway('httproute-hostname-intersection-all', [listener('listener-1', 80, 'HTTP', {allowedRoutes: routes('Same')})]),
    httpRoute('specific-host-matches-listener-specific-host', {
      parentRefs: [parentRef('httproute-hostname-intersection')],
      hostnames: ['non.matching.com', '*.nonmatchingwildcard.io', 'very.specific.com'],
      rules: [prefixTo('/s1', backendRef('infra-backend-v1', 8080))],
    }),
    httpRoute('specific-host-matches-listener-wildcard-host', {
      parentRefs: [parentRef('httproute-hostname-intersection')],
      hostnames: ['non.matching.com', 'wildcard.io', 'foo.wildcard.io', 'bar.wildcard.io', 'foo.bar.wildcard.io'],
      rules: [prefixTo('/s2', backendRef('infra-backend-v2', 8080))],
    }),
    httpRoute('wildcard-host-matches-listener-specific-host', {
      parentRefs: [parentRef('httproute-hostname-intersection')],
      hostnames: ['non.matching.com', '*.specific.com'],
      rules: [prefixTo('/s3', backendRef('infra-backend-v3', 8080))],
    }),
    httpRoute('wildcard-host-matches-listener-wildcard-host', {
      parentRefs: [parentRef('httproute-hostname-intersection')],
      hostnames: ['*.anotherwildcard.io'],
      rules: [prefixTo('/s4', backendRef('infra-backend-v1', 8080))],
    }),
    httpRoute('no-intersecting-hosts', {
      parentRefs: [parentRef('httproute-hostname-intersection')],
      hostnames: ['specific.but.wrong.com', 'wildcard.io'],
      rules: [prefixTo('/s5', backendRef('infra-backend-v2', 8080))],
    }),
    httpRoute('httproute-hostname-intersection-all', {
      parentRefs: [parentRef('httproute-hostname-intersection-all')],
      hostnames: ['first.com', 'sub.first.com', 'second.com', 'sub.second.com'],
      rules: [forwardTo(backendRef('infra-backend-v2', 8080))],
    }),
  ],
  // conformance/tests/httproute-invalid-backendref-unknown-kind.yaml
  'httproute-invalid-backendref-unknown-kind': [
    httpRoute('invalid-backend-ref-unknown-kind', {
      parentRefs: [{name: 'same-namespace'}],
      rules: [forwardTo({group: 'unknownkind.example.com', kind: 'NonExistent', name: 'infra-backend-v1', port: 8080})],
    }),
  ],
  // conformance/tests/httproute-invalid-cross-namespace-backend-ref.yaml
  'httproute-invalid-cross-namespace-backend-ref': [
    httpRoute('invalid-cross-namespace-backend-ref', {
      parentRefs: [{name: 'same-namespace'}],
      rules: [forwardTo(backendRef('web-backend', 8080, WEB))],
    }),
  ],
  // conformance/tests/httproute-invalid-cross-namespace-parent-ref.yaml
  'httproute-invalid-cross-namespace-parent-ref': [
    inNamespace(WEB, httpRoute('invalid-cross-namespace-parent-ref', {
      parentRefs: [parentRef('same-namespace')],
      rules: [forwardTo(backendRef('web-backend', 8080))],
    })),
  ],
  // conformance/tests/httproute-invalid-nonexistent-backendref.yaml
  'httproute-invalid-nonexistent-backendref': [
    httpRoute('invalid-nonexistent-backend-ref', {parentRefs: [{name: 'same-namespace'}], rules: [forwardTo(backendRef('nonexistent', 8080, INFRA))]}),
  ],
  // conformance/tests/httproute-invalid-parentref-not-matching-listener-port.yaml
  'httproute-invalid-parentref-not-matching-listener-port': [
    httpRoute('httproute-listener-not-matching-route-port', {
      parentRefs: [parentRef('same-namespace', {port: 81})],
      rules: [forwardTo({name: 'infra-backend-v1', kind: 'Service', port: 8080})],
    }),
  ],
  // conformance/tests/httproute-invalid-parentref-not-matching-section-name.yaml
  'httproute-invalid-parentref-not-matching-section-name': [
    httpRoute('httproute-listener-not-matching-section-name', {
      parentRefs: [parentRef('same-namespace', {port: 80, sectionName: 'http1'})],
      rules: [forwardTo({name: 'infra-backend-v1', kind: 'Service', port: 8080})],
    }),
  ],
  // conformance/tests/httproute-invalid-parentref-section-name-not-matching-port.yaml
  'httproute-invalid-parentref-section-name-not-matching-port': [
    gateway('gateway-with-one-not-matching-port-and-section-name-route', [listener('http', 80, 'HTTP', {allowedRoutes: routes('All', 'HTTPRoute')})]),
    httpRoute('httproute-listener-section-name-not-matching-port', {
      parentRefs: [parentRef('gateway-with-one-not-matching-port-and-section-name-route', {sectionName: 'http', port: 81})],
      rules: [forwardTo({name: 'infra-backend-v1', kind: 'Service', port: 8080})],
    }),
  ],
  // conformance/tests/httproute-invalid-reference-grant.yaml
  'httproute-invalid-reference-grant': [
    referenceGrant('reference-grant-wrong-namespace', INFRA, [grantFrom('HTTPRoute', INFRA)], [serviceRef('web-backend')]),
    referenceGrant(
      'reference-grant-wrong-from-group',
      WEB,
      [{group: 'not-the-group-youre-looking-for', kind: 'HTTPRoute', namespace: INFRA}],
      [serviceRef('web-backend')],
    ),
    referenceGrant('reference-grant-wrong-from-kind', WEB, [grantFrom('Gateway', INFRA)], [serviceRef('web-backend')]),
    referenceGrant(
      'reference-grant-wrong-from-namespace',
      WEB,
      [grantFrom('HTTPRoute', 'not-the-namespace-youre-looking-for')],
      [serviceRef('web-backend')],
    ),
    referenceGrant(
      'reference-grant-wrong-to-group',
      WEB,
      [grantFrom('HTTPRoute', INFRA)],
      [{group: 'not-the-group-youre-looking-for', kind: 'Service', name: 'web-backend'}],
    ),
    referenceGrant('reference-grant-wrong-to-kind', WEB, [grantFrom('HTTPRoute', INFRA)], [secretRef('web-backend')]),
    referenceGrant('reference-grant-wrong-to-name', WEB, [grantFrom('HTTPRoute', INFRA)], [secretRef('not-the-service-youre-looking-for')]),
    httpRoute('reference-grant', {parentRefs: [{name: 'same-namespace'}], rules: [forwardTo(backendRef('web-backend', 8080, WEB))]}),
  ],
  // conformance/tests/httproute-partially-invalid-via-invalid-reference-grant.yaml
  'httproute-partially-invalid-via-invalid-reference-grant': [
    referenceGrant('invalid-reference-grant', APP, [grantFrom('HTTPRoute', INFRA)], [serviceRef('app-backend-v1')]),
    httpRoute('invalid-reference-grant', {
      parentRefs: [{name: 'same-namespace'}],
      rules: [prefixTo('/v2', backendRef('app-backend-v2', 8080, APP)), forwardTo(backendRef('app-backend-v1', 8080, APP))],
    }),
  ],
  // conformance/tests/grpcroute-listener-hostname-matching.yaml
  'grpcroute-listener-hostname-matching': [
    gateway('grpcroute-listener-hostname-matching', [
      listener('listener-1', 80, 'HTTP', {allowedRoutes: routes('Same'), hostname: 'bar.com'}),
      listener('listener-2', 80, 'HTTP', {allowedRoutes: routes('Same'), hostname: 'foo.bar.com'}),
      listener('listener-3', 80, 'HTTP', {allowedRoutes: routes('Same'), hostname: '*.bar.com'}),
      listener('listener-4', 80, 'HTTP', {allowedRoutes: routes('Same'), hostname: '*.foo.com'}),
    ]),
    grpcRoute('backend-v1', {
      parentRefs: [parentRef('grpcroute-listener-hostname-matching', {sectionName: 'listener-1'})],
      rules: [forwardTo(backendRef('grpc-infra-backend-v1', 8080))],
    }),
    grpcRoute('backend-v2', {
      parentRefs: [parentRef('grpcroute-listener-hostname-matching', {sectionName: 'listener-2'})],
      rules: [forwardTo(backendRef('grpc-infra-backend-v2', 8080))],
    }),
    grpcRoute('backend-v3', {
      parentRefs: [
        parentRef('grpcroute-listener-hostname-matching', {sectionName: 'listener-3'}),
        parentRef('grpcroute-listener-hostname-matching', {sectionName: 'listener-4'}),
      ],
      rules: [forwardTo(backendRef('grpc-infra-backend-v3', 8080))],
    }),
  ],
  // conformance/tests/httproute-listener-hostname-matching.yaml
  'httproute-listener-hostname-matching': [
    gateway('httproute-listener-hostname-matching', [
      listener('listener-1', 80, 'HTTP', {allowedRoutes: routes('Same'), hostname: 'bar.com'}),
      listener('listener-2', 80, 'HTTP', {allowedRoutes: routes('Same'), hostname: 'foo.bar.com'}),
      listener('listener-3', 80, 'HTTP', {allowedRoutes: routes('Same'), hostname: '*.bar.com'}),
      listener('listener-4', 80, 'HTTP', {allowedRoutes: routes('Same'), hostname: '*.foo.com'}),
    ]),
    httpRoute('backend-v1', {
      parentRefs: [parentRef('httproute-listener-hostname-matching', {sectionName: 'listener-1'})],
      rules: [forwardTo(backendRef('infra-backend-v1', 8080))],
    }),
    httpRoute('backend-v2', {
      parentRefs: [parentRef('httproute-listener-hostname-matching', {sectionName: 'listener-2'})],
      rules: [forwardTo(backendRef('infra-backend-v2', 8080))],
    }),
    httpRoute('backend-v3', {
      parentRefs: [
        parentRef('httproute-listener-hostname-matching', {sectionName: 'listener-3'}),
        parentRef('httproute-listener-hostname-matching', {sectionName: 'listener-4'}),
      ],
      rules: [forwardTo(backendRef('infra-backend-v3', 8080))],
    }),
  ],
  // conformance/tests/httproute-reference-grant.yaml
  'httproute-reference-grant': [
    referenceGrant('reference-grant', WEB, [grantFrom('HTTPRoute', INFRA)], [serviceRef('web-backend')]),
    httpRoute('reference-grant', {parentRefs: [{name: 'same-namespace'}], rules: [forwardTo(backendRef('web-backend', 8080, WEB))]}),
  ],
  // conformance/tests/httproute-cross-namespace.yaml
  'httproute-cross-namespace': [
    inNamespace(WEB, httpRoute('cross-namespace', {
      parentRefs: [parentRef('backend-namespaces')],
      rules: [forwardTo(backendRef('web-backend', 8080))],
    })),
  ],
  // conformance/tests/gateway-static-addresses.yaml
  'gateway-static-addresses': [
    annotated(
      {'gateway-api/skip-this-for-readiness': 'true'},
      gateway(
        'gateway-static-addresses',
        [listener('http', 8080, 'HTTP')],
        {addresses: [
          {type: 'test/fake-invalid-type', value: 'fake address teehee!'},
          {value: 'PLACEHOLDER_UNUSABLE_ADDRS'},
          {value: 'PLACEHOLDER_USABLE_ADDRS'},
        ]},
      ),
    ),
  ],
  // conformance/tests/gateway-invalid-default-frontend-client-certificate-validation.yaml
  'gateway-invalid-default-frontend-client-certificate-validation': [
    gateway(
      'invalid-default-client-validation-config',
      [
        listener('https', 443, 'HTTPS', {
          allowedRoutes: routes('Same'),
          tls: {certificateRefs: [secretRef('tls-validity-checks-certificate', INFRA)]},
        }),
        listener('http', 80, 'HTTP', {allowedRoutes: routes('Same')}),
      ],
      {tls: {
        frontend: {
          default: {validation: {caCertificateRefs: [configMapRef('does-not-exist')]}},
          perPort: [{port: 80, tls: {validation: {caCertificateRefs: [configMapRef('tls-validity-checks-per-port-ca-certificate')]}}}],
        },
      }},
    ),
    httpRoute('invalid-default-client-validation-config', {
      parentRefs: [{name: 'invalid-default-client-validation-config'}],
      hostnames: ['example.org'],
      rules: [forwardTo(backendRef('infra-backend-v1', 8080))],
    }),
  ],
  // conformance/tests/gateway-invalid-tls-backend-configuration.yaml
  'gateway-invalid-tls-backend-configuration': [
    gateway(
      'gateway-client-certificate-nonexistent-secret',
      [listener('http', 80, 'HTTP', {allowedRoutes: routes('Same')})],
      {tls: {backend: {clientCertificateRef: secretRef('nonexistent-certificate')}}},
    ),
    gateway(
      'gateway-client-certificate-unsupported-group',
      [listener('http', 80, 'HTTP', {allowedRoutes: routes('Same')})],
      {tls: {backend: {clientCertificateRef: {group: 'wrong.group.company.io', kind: 'Secret', name: 'tls-validity-checks-certificate'}}}},
    ),
    gateway(
      'gateway-client-certificate-unsupported-kind',
      [listener('http', 80, 'HTTP', {allowedRoutes: routes('Same')})],
      {tls: {backend: {clientCertificateRef: coreRef('WrongKind', 'tls-validity-checks-certificate')}}},
    ),
    gateway(
      'gateway-client-certificate-malformed-secret',
      [listener('http', 80, 'HTTP', {allowedRoutes: routes('Same')})],
      {tls: {backend: {clientCertificateRef: secretRef('malformed-client-certificate')}}},
    ),
    resource('v1', 'Secret', 'malformed-client-certificate', {data: {}, type: 'Opaque'}),
    gateway(
      'gateway-client-certificate-missing-reference-grant',
      [listener('http', 80, 'HTTP', {allowedRoutes: routes('Same')})],
      {tls: {backend: {clientCertificateRef: secretRef('certificate', WEB)}}},
    ),
  ],
  // conformance/tests/gateway-with-invalid-clientcertificate-validation.yaml
  'gateway-with-invalid-clientcertificate-validation': [
    gateway(
      'gateway-with-invalid-client-cert-validation',
      [
        listener('https', 443, 'HTTPS', {
          allowedRoutes: routes('Same'),
          tls: {certificateRefs: [secretRef('tls-validity-checks-certificate', INFRA)]},
        }),
        listener('https-unresolved', 7443, 'HTTPS', {
          hostname: 'first-example.org',
          allowedRoutes: routes('Same'),
          tls: {certificateRefs: [secretRef('tls-validity-checks-certificate', INFRA)]},
        }),
        listener('https-invalid-kind', 8443, 'HTTPS', {
          hostname: 'second-example.org',
          allowedRoutes: routes('Same'),
          tls: {certificateRefs: [secretRef('tls-validity-checks-certificate', INFRA)]},
        }),
        listener('https-grant-missing', 6443, 'HTTPS', {
          hostname: 'fourth-example.org',
          allowedRoutes: routes('Same'),
          tls: {certificateRefs: [secretRef('tls-validity-checks-certificate', INFRA)]},
        }),
      ],
      {tls: {
        frontend: {
          default: {validation: {caCertificateRefs: [configMapRef('tls-validity-checks-ca-certificate')]}},
          perPort: [
            {port: 7443, tls: {validation: {caCertificateRefs: [configMapRef('non-exisitng-cm')]}}},
            {port: 8443, tls: {validation: {caCertificateRefs: [serviceRef('infra-backend-v2')]}}},
            {port: 6443, tls: {validation: {caCertificateRefs: [configMapRef('web-backend-cm', WEB)]}}},
          ],
        },
      }},
    ),
    httpRoute('misconfigured-client-certificate-validation-https-test', {
      parentRefs: [{name: 'client-validation-invalid'}],
      hostnames: ['example.org'],
      rules: [forwardTo(backendRef('infra-backend-v1', 8080))],
    }),
  ],
  // conformance/tests/listenerset-allowed-namespace-none.yaml
  'listenerset-allowed-namespace-none': [
    gateway(
      'gateway-does-not-allow-listenerset',
      [listener('gateway-listener', 80, 'HTTP', {hostname: 'gateway-listener.com', allowedRoutes: routes('All')})],
      {allowedListeners: {namespaces: {from: 'None'}}},
    ),
    listenerSet('listenerset-not-allowed', 'gateway-does-not-allow-listenerset', listener('listener-set-listener', 80, 'HTTP', {
      hostname: 'listener-set-listener.com',
      allowedRoutes: routes('All'),
    })),
  ],
  // conformance/tests/listenerset-allowed-namespace-same.yaml
  'listenerset-allowed-namespace-same': [
    gateway(
      'gateway-allows-listenerset-in-same-namespace',
      [listener('gateway-listener', 80, 'HTTP', {hostname: 'gateway-listener.com', allowedRoutes: routes('All')})],
      {allowedListeners: {namespaces: {from: 'Same'}}},
    ),
    listenerSet(
      'listenerset-in-same-namespace',
      'gateway-allows-listenerset-in-same-namespace',
      listener('listenerset-in-same-namespace-listener', 80, 'HTTP', {
        hostname: 'listenerset-in-same-namespace-listener.com',
        allowedRoutes: routes('All'),
      }),
    ),
    namespace('gateway-api-listenerset-not-allowed-ns'),
    inNamespace(
      'gateway-api-listenerset-not-allowed-ns',
      listenerSet(
        'listenerset-in-different-namespace',
        'gateway-allows-listenerset-in-same-namespace',
        listener('listenerset-in-different-namespace-listener', 80, 'HTTP', {
          hostname: 'listenerset-in-different-namespace-listener',
          allowedRoutes: routes('All'),
        }),
      ),
    ),
  ],
  // conformance/tests/listenerset-allowed-namespace-selector.yaml
  'listenerset-allowed-namespace-selector': [
    gateway(
      'gateway-allows-listenerset-in-selected-namespace',
      [listener('gateway-listener', 80, 'HTTP', {hostname: 'gateway-listener.com', allowedRoutes: routes('All')})],
      {allowedListeners: {namespaces: {from: 'Selector', selector: {matchLabels: {allowed: 'ns'}}}}},
    ),
    namespace('gateway-api-listenerset-selector-allowed-ns', {allowed: 'ns'}),
    inNamespace(
      'gateway-api-listenerset-selector-allowed-ns',
      listenerSet(
        'listenerset-in-selected-namespace',
        'gateway-allows-listenerset-in-selected-namespace',
        listener('listenerset-in-selected-namespace-listener', 80, 'HTTP', {
          hostname: 'listenerset-in-selected-namespace-listener.com',
          allowedRoutes: routes('All'),
        }),
      ),
    ),
    namespace('gateway-api-listenerset-selector-not-allowed-ns'),
    inNamespace(
      'gateway-api-listenerset-selector-not-allowed-ns',
      listenerSet(
        'listenerset-not-in-selected-namespace',
        'gateway-allows-listenerset-in-selected-namespace',
        listener('listenerset-not-in-selected-namespace-listener', 80, 'HTTP', {
          hostname: 'listenerset-not-in-selected-namespace-listener.com',
          allowedRoutes: routes('All'),
        }),
      ),
    ),
  ],
  // conformance/tests/listenerset-allowed-routes-supported-kinds.yaml
  'listenerset-allowed-routes-supported-kinds': [
    gateway(
      'gateway-with-listener-sets-test-supported-route-kinds',
      [listener('gateway-listener', 80, 'HTTP', {hostname: 'gateway-listener.com', allowedRoutes: routes('All')})],
      {allowedListeners: {namespaces: {from: 'All'}}},
    ),
    listenerSet(
      'listenerset-test-allowed-routes-supported-kinds',
      'gateway-with-listener-sets-test-supported-route-kinds',
      listener('listener-set-listener-allowed-routes-tls-only', 443, 'TLS', {
        hostname: 'listener-set-listener-allowed-routes-tls-only.com',
        allowedRoutes: routes('All', 'HTTPRoute'),
        tls: {mode: 'Passthrough'},
      }),
    ),
  ],
  // conformance/tests/listenerset-default-not-allowed.yaml
  'listenerset-default-not-allowed': [
    gateway('gateway-default-does-not-allow-listenerset', [
      listener('gateway-listener', 80, 'HTTP', {hostname: 'gateway-listener.com', allowedRoutes: routes('All')}),
    ]),
    listenerSet(
      'listenerset-default-not-allowed',
      'gateway-default-does-not-allow-listenerset',
      listener('listenerset-default-not-allowed-listener', 80, 'HTTP', {
        hostname: 'listenerset-default-not-allowed-listener.com',
        allowedRoutes: routes('All'),
      }),
    ),
  ],
  // conformance/tests/listenerset-hostname-conflict.yaml
  'listenerset-hostname-conflict': [
    gateway(
      'gateway-with-listenerset-hostname-conflict',
      [
        listener('gateway-listener', 80, 'HTTP', {hostname: 'gateway-listener.com', allowedRoutes: routes('All')}),
        listener('hostname-conflict-with-gateway-listener', 80, 'HTTP', {
          hostname: 'hostname-conflict-with-gateway-listener.com',
          allowedRoutes: routes('All'),
        }),
      ],
      {allowedListeners: {namespaces: {from: 'Same'}}},
    ),
    listenerSet(
      'listenerset-with-hostname-conflict-with-gateway-1',
      'gateway-with-listenerset-hostname-conflict',
      listener('listener-set-1-listener', 80, 'HTTP', {hostname: 'listener-set-1-listener.com', allowedRoutes: routes('All')}),
      listener('hostname-conflict-with-gateway-listener', 80, 'HTTP', {
        hostname: 'hostname-conflict-with-gateway-listener.com',
        allowedRoutes: routes('All'),
      }),
      listener('hostname-conflict-with-listener-set-listener', 80, 'HTTP', {
        hostname: 'hostname-conflict-with-listener-set-listener.com',
        allowedRoutes: routes('All'),
      }),
    ),
    listenerSet(
      'listenerset-with-hostname-conflict-with-gateway-2',
      'gateway-with-listenerset-hostname-conflict',
      listener('hostname-conflict-with-gateway-listener', 80, 'HTTP', {
        hostname: 'hostname-conflict-with-gateway-listener.com',
        allowedRoutes: routes('All'),
      }),
    ),
    listenerSet(
      'listenerset-with-hostname-conflict-with-listener-set-1',
      'gateway-with-listenerset-hostname-conflict',
      listener('listener-set-2-listener', 80, 'HTTP', {hostname: 'listener-set-2-listener.com', allowedRoutes: routes('All')}),
      listener('hostname-conflict-with-listener-set-listener', 80, 'HTTP', {
        hostname: 'hostname-conflict-with-listener-set-listener.com',
        allowedRoutes: routes('All'),
      }),
    ),
    listenerSet(
      'listenerset-with-hostname-conflict-with-listener-set-2',
      'gateway-with-listenerset-hostname-conflict',
      listener('hostname-conflict-with-listener-set-listener', 80, 'HTTP', {
        hostname: 'hostname-conflict-with-listener-set-listener.com',
        allowedRoutes: routes('All'),
      }),
    ),
  ],
  // conformance/tests/listenerset-protocol-conflict.yaml
  'listenerset-protocol-conflict': [
    gateway(
      'gateway-with-listenerset-protocol-conflict',
      [
        listener('gateway-listener', 80, 'HTTP', {hostname: 'gateway-listener.com', allowedRoutes: routes('All')}),
        listener('protocol-conflict-with-gateway-listener', 80, 'HTTP', {
          hostname: 'protocol-conflict-with-gateway-listener.com',
          allowedRoutes: routes('All'),
        }),
      ],
      {allowedListeners: {namespaces: {from: 'Same'}}},
    ),
    listenerSet(
      'listenerset-with-protocol-conflict-with-gateway-1',
      'gateway-with-listenerset-protocol-conflict',
      listener('listener-set-1-listener', 80, 'HTTP', {hostname: 'listener-set-1-listener.com', allowedRoutes: routes('All')}),
      listener('protocol-conflict-with-gateway-listener', 80, 'TCP', {allowedRoutes: routes('All')}),
      listener('protocol-conflict-with-listener-set-listener', 80, 'HTTP', {
        hostname: 'protocol-conflict-with-listener-set-listener.com',
        allowedRoutes: routes('All'),
      }),
    ),
    listenerSet(
      'listenerset-with-protocol-conflict-with-gateway-2',
      'gateway-with-listenerset-protocol-conflict',
      listener('protocol-conflict-with-gateway-listener', 80, 'TCP', {allowedRoutes: routes('All')}),
    ),
    listenerSet(
      'listenerset-with-protocol-conflict-with-listener-set-1',
      'gateway-with-listenerset-protocol-conflict',
      listener('listener-set-2-listener', 80, 'HTTP', {hostname: 'listener-set-2-listener.com', allowedRoutes: routes('All')}),
      listener('protocol-conflict-with-listener-set-listener', 80, 'TCP', {allowedRoutes: routes('All')}),
    ),
    listenerSet(
      'listenerset-with-protocol-conflict-with-listener-set-2',
      'gateway-with-listenerset-protocol-conflict',
      listener('protocol-conflict-with-listener-set-listener', 80, 'TCP', {allowedRoutes: routes('All')}),
    ),
  ],
  // conformance/tests/listenerset-reference-grant.yaml
  'listenerset-reference-grant': [
    gateway(
      'gateway-with-listener-sets-test-reference-grant',
      [listener(
        'gateway-listener',
        443,
        'HTTPS',
        {hostname: 'gateway-listener.com', allowedRoutes: routes('All'), tls: {certificateRefs: [secretRef('certificate', WEB)]}},
      )],
      {allowedListeners: {namespaces: {from: 'All'}}},
    ),
    referenceGrant('reference-grant-for-gateway', WEB, [grantFrom('Gateway', INFRA)], [coreRef('Secret')]),
    listenerSet(
      'listenerset-with-reference-grant',
      'gateway-with-listener-sets-test-reference-grant',
      listener('listenerset-with-reference-grant-listener', 443, 'HTTPS', {
        hostname: 'listenerset-with-reference-grant-listener.com',
        allowedRoutes: routes('All'),
        tls: {certificateRefs: [secretRef('certificate', WEB)]},
      }),
    ),
    referenceGrant('reference-grant-for-listener-set', WEB, [grantFrom('ListenerSet', INFRA)], [coreRef('Secret')]),
    namespace('gateway-api-listener-sets-test-reference-grant-ns'),
    inNamespace(
      'gateway-api-listener-sets-test-reference-grant-ns',
      listenerSet(
        'listenerset-without-reference-grant',
        'gateway-with-listener-sets-test-reference-grant',
        listener('listenerset-without-reference-grant-listener', 443, 'HTTPS', {
          hostname: 'listenerset-without-reference-grant-listener-1.com',
          allowedRoutes: routes('All'),
          tls: {certificateRefs: [secretRef('certificate', WEB)]},
        }),
      ),
    ),
  ],
  // conformance/tests/listenerset-allowed-routes-namespaces.yaml
  'listenerset-allowed-routes-namespaces': [
    gateway(
      'gateway-with-listener-sets-test-allowed-routes',
      [listener('gateway-listener', 80, 'HTTP', {hostname: 'gateway-listener.com', allowedRoutes: routes('All')})],
      {allowedListeners: {namespaces: {from: 'All'}}},
    ),
    listenerSet(
      'listenerset-test-allowed-routes-namespaces',
      'gateway-with-listener-sets-test-allowed-routes',
      listener('listener-set-listener-allowed-routes-all', 80, 'HTTP', {
        hostname: 'listener-set-listener-allowed-routes-all.com',
        allowedRoutes: routes('All'),
      }),
      listener('listener-set-listener-allowed-routes-same', 80, 'HTTP', {
        hostname: 'listener-set-listener-allowed-routes-same.com',
        allowedRoutes: routes('Same'),
      }),
      listener('listener-set-listener-allowed-routes-selector', 80, 'HTTP', {
        hostname: 'listener-set-listener-allowed-routes-selector.com',
        allowedRoutes: routesSelected({allowed: 'ns'}),
      }),
    ),
    httpRoute('route-in-same-namespace', {
      parentRefs: [listenerSetParent('listenerset-test-allowed-routes-namespaces')],
      rules: [prefixTo('/route-in-same-namespace', backendRef('infra-backend-v1', 8080))],
    }),
    namespace('gateway-api-routes-allowed-ns', {allowed: 'ns'}),
    inNamespace('gateway-api-routes-allowed-ns', httpRoute('route-in-selected-namespace', {
      parentRefs: [listenerSetParent('listenerset-test-allowed-routes-namespaces')],
      rules: [prefixTo('/route-in-selected-namespace', backendRef('infra-backend-v2', 8080, INFRA))],
    })),
    namespace('gateway-api-routes-not-allowed-ns'),
    inNamespace('gateway-api-routes-not-allowed-ns', httpRoute('route-not-in-selected-namespace', {
      parentRefs: [listenerSetParent('listenerset-test-allowed-routes-namespaces')],
      rules: [prefixTo('/route-not-in-selected-namespace', backendRef('infra-backend-v3', 8080, INFRA))],
    })),
    referenceGrant(
      'listenerset-test-allowed-routes-namespaces-reference-grant',
      INFRA,
      [grantFrom('HTTPRoute', 'gateway-api-routes-allowed-ns'), grantFrom('HTTPRoute', 'gateway-api-routes-not-allowed-ns')],
      [coreRef('Service')],
    ),
  ],
  // conformance/tests/tlsroute-invalid-backendref-nonexistent.yaml
  'tlsroute-invalid-backendref-nonexistent': [
    gateway('gateway-tlsroute-invalid-backend-ref-nonexistent', [
      listener('tls', 443, 'TLS', {allowedRoutes: routes('Same'), tls: {mode: 'Passthrough'}}),
    ]),
    tlsRoute('invalid-backend-ref-nonexistent', {
      parentRefs: [parentRef('gateway-tlsroute-invalid-backend-ref-nonexistent')],
      hostnames: ['example.com'],
      rules: [forwardTo(backendRef('nonexistent', 443, INFRA))],
    }),
  ],
  // conformance/tests/tlsroute-invalid-backendref-unknown-kind.yaml
  'tlsroute-invalid-backendref-unknown-kind': [
    gateway('gateway-tlsroute-invalid-backend-ref-unknown-kind', [
      listener('tls', 443, 'TLS', {allowedRoutes: routes('Same'), tls: {mode: 'Passthrough'}}),
    ]),
    tlsRoute('invalid-backend-ref-unknown-kind', {
      parentRefs: [parentRef('gateway-tlsroute-invalid-backend-ref-unknown-kind')],
      hostnames: ['example.com'],
      rules: [forwardTo({group: 'unknownkind.example.com', kind: 'NonExistent', name: 'tls-backend', port: 443})],
    }),
  ],
  // conformance/tests/tlsroute-invalid-no-matching-listener.yaml
  'tlsroute-invalid-no-matching-listener': [
    gateway('gateway-tlsroute-tls-passthrough-only', [
      listener('tls-passthrough', 443, 'TLS', {allowedRoutes: routes('Same'), tls: {mode: 'Passthrough'}}),
    ]),
    gateway('gateway-tlsroute-http-only', [listener('http', 80, 'HTTP', {allowedRoutes: routes('Same')})]),
    gateway('gateway-tlsroute-https-only', [
      listener('https', 443, 'HTTPS', {
        allowedRoutes: routes('Same'),
        tls: {mode: 'Terminate', certificateRefs: [{name: 'tls-validity-checks-certificate', namespace: INFRA}]},
      }),
    ]),
    tlsRoute('tlsroute-not-allowed-protocol-http', {
      parentRefs: [{name: 'gateway-tlsroute-http-only'}],
      hostnames: ['tls.example.com'],
      rules: [forwardTo(backendRef('tls-backend', 443))],
    }),
    tlsRoute('tlsroute-not-allowed-protocol-https', {
      parentRefs: [{name: 'gateway-tlsroute-https-only'}],
      hostnames: ['tls.example.com'],
      rules: [forwardTo(backendRef('tls-backend', 443))],
    }),
    tlsRoute('tlsroute-no-matching-section-name', {
      parentRefs: [{name: 'gateway-tlsroute-tls-passthrough-only', sectionName: 'nonexistent-listener'}],
      hostnames: ['tls.example.com'],
      rules: [forwardTo(backendRef('tls-backend', 443))],
    }),
  ],
  // conformance/tests/tlsroute-invalid-no-matching-listener-hostname.yaml
  'tlsroute-invalid-no-matching-listener-hostname': [
    gateway('gateway-tls-exact-hostname', [
      listener('tls', 443, 'TLS', {hostname: 'www.example.com', allowedRoutes: routes('Same', 'TLSRoute'), tls: {mode: 'Passthrough'}}),
    ]),
    gateway('gateway-tls-wildcard-hostname', [
      listener('tls', 443, 'TLS', {hostname: '*.example.com', allowedRoutes: routes('Same', 'TLSRoute'), tls: {mode: 'Passthrough'}}),
    ]),
    tlsRoute('tlsroute-hostname-mismatch-1', {
      parentRefs: [{name: 'gateway-tls-exact-hostname'}],
      hostnames: ['www.nomatch.com', '*.nomatch.com'],
      rules: [forwardTo(backendRef('tls-backend', 443))],
    }),
    tlsRoute('tlsroute-hostname-mismatch-2', {
      parentRefs: [{name: 'gateway-tls-wildcard-hostname'}],
      hostnames: ['www.different.com', '*.different.com'],
      rules: [forwardTo(backendRef('tls-backend', 443))],
    }),
  ],
  // conformance/tests/tlsroute-invalid-reference-grant.yaml
  'tlsroute-invalid-reference-grant': [
    referenceGrant('reference-grant-wrong-namespace', INFRA, [grantFrom('TLSRoute', INFRA)], [serviceRef('tls-backend')]),
    referenceGrant(
      'reference-grant-wrong-from-group',
      APP,
      [{group: 'not-the-group-youre-looking-for', kind: 'TLSRoute', namespace: INFRA}],
      [serviceRef('tls-backend')],
    ),
    referenceGrant('reference-grant-wrong-from-kind', APP, [grantFrom('Gateway', INFRA)], [serviceRef('tls-backend')]),
    referenceGrant(
      'reference-grant-wrong-from-namespace',
      APP,
      [grantFrom('TLSRoute', 'not-the-namespace-youre-looking-for')],
      [serviceRef('tls-backend')],
    ),
    referenceGrant(
      'reference-grant-wrong-to-group',
      APP,
      [grantFrom('TLSRoute', INFRA)],
      [{group: 'not-the-group-youre-looking-for', kind: 'Service', name: 'tls-backend'}],
    ),
    referenceGrant('reference-grant-wrong-to-kind', APP, [grantFrom('TLSRoute', INFRA)], [secretRef('tls-backend')]),
    referenceGrant('reference-grant-wrong-to-name', APP, [grantFrom('TLSRoute', INFRA)], [serviceRef('not-the-service-youre-looking-for')]),
    tlsRoute('gateway-conformance-infra-test', {
      parentRefs: [{name: 'gateway-tlsroute-referencegrant'}],
      hostnames: ['abc.example.com'],
      rules: [forwardTo(backendRef('tls-backend', 443, APP))],
    }),
    v1beta1(gateway('gateway-tlsroute-referencegrant', [
      listener('https', 443, 'TLS', {hostname: '*.example.com', allowedRoutes: routes('Same', 'TLSRoute'), tls: {mode: 'Passthrough'}}),
    ])),
  ],
  // conformance/tests/tlsroute-listener-passthrough-supported-kinds.yaml
  'tlsroute-listener-passthrough-supported-kinds': [
    gateway('gateway-tlsroute-passthrough-supported-kind', [
      listener('tls-passthrough', 443, 'TLS', {allowedRoutes: routes('Same', 'TCPRoute', 'TLSRoute'), tls: {mode: 'Passthrough'}}),
    ]),
  ],
  // conformance/tests/tlsroute-listener-terminate-supported-kinds.yaml
  'tlsroute-listener-terminate-supported-kinds': [
    gateway('gateway-tlsroute-terminate-supported', [
      listener('tls-terminate', 8443, 'TLS', {
        hostname: 'terminate.example.com',
        allowedRoutes: routes('Same', 'TLSRoute'),
        tls: {mode: 'Terminate', certificateRefs: [{name: 'tls-terminate-checks-certificate'}]},
      }),
    ]),
  ],
  // conformance/tests/tlsroute-hostname-intersection.yaml
  'tlsroute-hostname-intersection': [
    gateway('gw-tlsroute-exact-hostname-x-1', [
      listener('listener-exact-hostname', 443, 'TLS', {
        hostname: 'abc.example.com',
        allowedRoutes: routes('Same', 'TLSRoute'),
        tls: {mode: 'Passthrough'},
      }),
    ]),
    gateway('gw-tlsroute-more-specific-wc-hostname-x-2', [
      listener('listener-more-specific-wc-hostname', 443, 'TLS', {
        hostname: '*.example.com',
        allowedRoutes: routes('Same', 'TLSRoute'),
        tls: {mode: 'Passthrough'},
      }),
    ]),
    gateway('gw-tlsroute-less-specific-wc-hostname-x-3', [
      listener('listener-less-specific-wc-hostname', 443, 'TLS', {
        hostname: '*.com',
        allowedRoutes: routes('Same', 'TLSRoute'),
        tls: {mode: 'Passthrough'},
      }),
    ]),
    gateway('gw-tlsroute-empty-hostname-x-4', [
      listener('listener-empty-hostname', 443, 'TLS', {allowedRoutes: routes('Same', 'TLSRoute'), tls: {mode: 'Passthrough'}}),
    ]),
    tlsRoute('tlsroute-more-specific-wc-hostname-x-1', {
      parentRefs: [parentRef('gw-tlsroute-exact-hostname-x-1')],
      hostnames: ['*.example.com'],
      rules: [forwardTo(backendRef('tls-backend', 443))],
    }),
    tlsRoute('tlsroute-exact-hostname-x-2', {
      parentRefs: [parentRef('gw-tlsroute-more-specific-wc-hostname-x-2')],
      hostnames: ['abc.example.com'],
      rules: [forwardTo(backendRef('tls-backend', 443))],
    }),
    tlsRoute('tlsroute-less-specific-wc-hostname-x-2', {
      parentRefs: [parentRef('gw-tlsroute-more-specific-wc-hostname-x-2')],
      hostnames: ['*.com'],
      rules: [forwardTo(backendRef('tls-backend-2', 443))],
    }),
    tlsRoute('tlsroute-exact-hostname-x-3', {
      parentRefs: [parentRef('gw-tlsroute-less-specific-wc-hostname-x-3')],
      hostnames: ['abc.example.com'],
      rules: [forwardTo(backendRef('tls-backend', 443))],
    }),
    tlsRoute('tlsroute-more-specific-wc-hostname-x-3', {
      parentRefs: [parentRef('gw-tlsroute-less-specific-wc-hostname-x-3')],
      hostnames: ['*.example.com'],
      rules: [forwardTo(backendRef('tls-backend-2', 443))],
    }),
    tlsRoute('tlsroute-exact-hostname-x-4', {
      parentRefs: [parentRef('gw-tlsroute-empty-hostname-x-4')],
      hostnames: ['abc.example.com'],
      rules: [forwardTo(backendRef('tls-backend', 443))],
    }),
    tlsRoute('tlsroute-less-specific-wc-hostname-x-4', {
      parentRefs: [parentRef('gw-tlsroute-empty-hostname-x-4')],
      hostnames: ['*.com'],
      rules: [forwardTo(backendRef('tls-backend-2', 443))],
    }),
  ],
  // conformance/tests/gateway-modify-listeners.yaml
  'gateway-modify-listeners': [
    gateway('gateway-add-listener', [
      listener('https', 443, 'HTTPS', {
        hostname: 'secure.test.com',
        allowedRoutes: routes('All'),
        tls: {certificateRefs: [secretRef('tls-validity-checks-certificate', INFRA)]},
      }),
    ]),
    httpRoute('http-route-1', {
      parentRefs: [parentRef('gateway-add-listener', {kind: 'Gateway'})],
      rules: [forwardTo(backendRef('infra-backend-v1', 8080))],
    }),
    gateway('gateway-remove-listener', [
      listener('https', 443, 'HTTPS', {
        hostname: 'secure.test.com',
        allowedRoutes: routes('All'),
        tls: {certificateRefs: [secretRef('tls-validity-checks-certificate', INFRA)]},
      }),
      listener('http', 80, 'HTTP', {allowedRoutes: routes('All')}),
    ]),
    httpRoute('http-route-2', {
      parentRefs: [parentRef('gateway-remove-listener', {kind: 'Gateway'})],
      rules: [forwardTo(backendRef('infra-backend-v1', 8080))],
    }),
  ],
  // conformance/tests/backendtlspolicy-invalid-ca-certificate-ref.yaml
  'backendtlspolicy-invalid-ca-certificate-ref': [
    httpRoute('backendtlspolicy-invalid-ca-certificate-ref', {
      parentRefs: [parentRef('same-namespace')],
      hostnames: ['abc.example.com'],
      rules: [
        exactTo('/backendtlspolicy-nonexistent-ca-certificate-ref', backendRef('backendtlspolicy-nonexistent-ca-certificate-ref-test', 443)),
        exactTo('/backendtlspolicy-malformed-ca-certificate-ref', backendRef('backendtlspolicy-malformed-ca-certificate-ref-test', 443)),
      ],
    }),
    tlsBackendService('backendtlspolicy-nonexistent-ca-certificate-ref-test', tcpPort(443, 8443, {name: 'https', appProtocol: 'HTTPS'})),
    tlsBackendService('backendtlspolicy-malformed-ca-certificate-ref-test', tcpPort(443, 8443, {name: 'https', appProtocol: 'HTTPS'})),
    backendTLSPolicy(
      'nonexistent-ca-certificate-ref',
      [serviceRef('backendtlspolicy-nonexistent-ca-certificate-ref-test')],
      validation('abc.example.com', configMapRef('nonexistent-ca-certificate')),
    ),
    backendTLSPolicy(
      'malformed-ca-certificate-ref',
      [serviceRef('backendtlspolicy-malformed-ca-certificate-ref-test')],
      validation('abc.example.com', configMapRef('malformed-ca-certificate')),
    ),
    resource('v1', 'ConfigMap', 'malformed-ca-certificate', {data: {}}),
  ],
  // conformance/tests/backendtlspolicy-invalid-kind.yaml
  'backendtlspolicy-invalid-kind': [
    httpRoute('backendtlspolicy-invalid-kind-test', {
      parentRefs: [parentRef('same-namespace')],
      hostnames: ['abc.example.com'],
      rules: [exactTo('/backendtlspolicy-invalid-kind', backendRef('backendtlspolicy-invalid-kind-test', 443))],
    }),
    tlsBackendService('backendtlspolicy-invalid-kind-test', tcpPort(443, 8443, {name: 'https', appProtocol: 'HTTPS'})),
    backendTLSPolicy(
      'invalid-kind',
      [serviceRef('backendtlspolicy-invalid-kind-test')],
      validation('abc.example.com', {group: 'invalid.io', kind: 'InvalidKind', name: 'invalid-kind'}),
    ),
  ],
  // conformance/tests/backendtlspolicy-conflict-resolution.yaml
  'backendtlspolicy-conflict-resolution': [
    httpRoute('backendtlspolicy-conflict-resolution', {
      parentRefs: [{name: 'same-namespace'}],
      hostnames: ['abc.example.com'],
      rules: [
        exactTo('/backendtlspolicy-conflicted-without-section-name', serviceRef('backendtlspolicy-conflicted-without-section-name-test', {port: 443})),
        exactTo('/backendtlspolicy-conflicted-with-section-name', serviceRef('backendtlspolicy-conflicted-with-section-name-test', {port: 443})),
        exactTo('/backendtlspolicy-not-conflicted-with-section-name', serviceRef('backendtlspolicy-not-conflicted-test', {port: 443})),
        exactTo('/backendtlspolicy-not-conflicted-without-section-name', serviceRef('backendtlspolicy-not-conflicted-test', {port: 8443})),
      ],
    }),
    tlsBackendService('backendtlspolicy-conflicted-without-section-name-test', tcpPort(443, 8443, {name: 'https'})),
    tlsBackendService(
      'backendtlspolicy-conflicted-with-section-name-test',
      tcpPort(443, 8443, {name: 'https-1'}),
      tcpPort(8443, 8443, {name: 'https-2'}),
    ),
    tlsBackendService('backendtlspolicy-not-conflicted-test', tcpPort(443, 8443, {name: 'https-1'}), tcpPort(8443, 8443, {name: 'https-2'})),
    backendTLSPolicy(
      'conflicted-without-section-name-1',
      [serviceRef('backendtlspolicy-conflicted-without-section-name-test')],
      validation('other.example.com', SUITE_CA),
    ),
    backendTLSPolicy(
      'conflicted-without-section-name-2',
      [serviceRef('backendtlspolicy-conflicted-without-section-name-test')],
      validation('abc.example.com', SUITE_CA),
    ),
    backendTLSPolicy(
      'conflicted-with-section-name-1',
      [serviceRef('backendtlspolicy-conflicted-with-section-name-test', {sectionName: 'https-1'})],
      validation('other.example.com', SUITE_CA),
    ),
    backendTLSPolicy(
      'conflicted-with-section-name-2',
      [serviceRef('backendtlspolicy-conflicted-with-section-name-test', {sectionName: 'https-1'})],
      validation('abc.example.com', SUITE_CA),
    ),
    backendTLSPolicy(
      'not-conflicted-with-section-name',
      [serviceRef('backendtlspolicy-not-conflicted-test', {sectionName: 'https-1'})],
      validation('other.example.com', SUITE_CA),
    ),
    backendTLSPolicy(
      'not-conflicted-without-section-name',
      [serviceRef('backendtlspolicy-not-conflicted-test')],
      validation('abc.example.com', SUITE_CA),
    ),
  ],
  // conformance/tests/backendtlspolicy.yaml
  'backendtlspolicy': [
    httpRoute('backendtlspolicy', {
      parentRefs: [parentRef('same-namespace')],
      hostnames: ['abc.example.com'],
      rules: [
        exactTo('/backendtlspolicy', serviceRef('backendtlspolicy-test', {port: 443})),
        exactTo('/backendtlspolicy-host-mismatch', serviceRef('backendtlspolicy-host-mismatch-test', {port: 443})),
        exactTo('/backendtlspolicy-cert-mismatch', serviceRef('backendtlspolicy-cert-mismatch-test', {port: 443})),
        exactTo('/backendtlspolicy-reconcile-test', serviceRef('backendtlspolicy-reconcile-test', {port: 443})),
      ],
    }),
    httpRoute('backendtlspolicy-reencrypt', {
      parentRefs: [parentRef('same-namespace-with-https-listener')],
      hostnames: ['https-listener.org'],
      rules: [exactTo('/backendtlspolicy', serviceRef('backendtlspolicy-test', {port: 443}))],
    }),
    tlsBackendService('backendtlspolicy-test', tcpPort(443, 8443, {name: 'btls'})),
    tlsBackendService('backendtlspolicy-host-mismatch-test', tcpPort(443, 8443, {name: 'btls', appProtocol: 'HTTPS'})),
    tlsBackendService('backendtlspolicy-cert-mismatch-test', tcpPort(443, 8443, {name: 'btls', appProtocol: 'HTTPS'})),
    tlsBackendService('backendtlspolicy-reconcile-test', tcpPort(443, 8443, {name: 'btls'})),
    backendTLSPolicy('normative-test', [serviceRef('backendtlspolicy-test', {sectionName: 'btls'})], validation('abc.example.com', SUITE_CA)),
    backendTLSPolicy(
      'host-mismatch',
      [serviceRef('backendtlspolicy-host-mismatch-test', {sectionName: 'btls'})],
      validation('mismatch.example.com', SUITE_CA),
    ),
    backendTLSPolicy(
      'cert-mismatch',
      [serviceRef('backendtlspolicy-cert-mismatch-test', {sectionName: 'btls'})],
      validation('abc.example.com', configMapRef('mismatch-ca-certificate')),
    ),
    backendTLSPolicy(
      'reconcile-test',
      [serviceRef('backendtlspolicy-reconcile-test', {sectionName: 'btls'})],
      validation('abc.example.com', SUITE_CA),
    ),
  ],
  // conformance/tests/backendtlspolicy-san.yaml: per case, a route path, a Service over tls-backend and a policy checking its SANs.
  'backendtlspolicy-san': [
    httpRoute('backendtlspolicy-san-test', {
      parentRefs: [parentRef('same-namespace')],
      hostnames: ['abc.example.com'],
      rules: SAN_CASES.map(({name}) => exactTo(`/backendtlspolicy-${name}`, serviceRef(`backendtlspolicy-${name}-test`, {port: 443}))),
    }),
    ...SAN_CASES.map(({name, appProtocol}) => tlsBackendService(`backendtlspolicy-${name}-test`, tcpPort(443, 8443, {name: 'btls', ...(appProtocol && {appProtocol})}))),
    ...SAN_CASES.map(({name, sans}) =>
      backendTLSPolicy(name, [serviceRef(`backendtlspolicy-${name}-test`, {sectionName: 'btls'})], validation('abc.example.com', SUITE_CA, ...sans))),
  ],
  // conformance/tests/httproute-listener-port-matching.yaml
  'httproute-listener-port-matching': [
    gateway('httproute-listener-port-matching', [
      listener('listener-1', 80, 'HTTP', {allowedRoutes: routes('Same'), hostname: 'foo.com'}),
      listener('listener-2', 8080, 'HTTP', {allowedRoutes: routes('Same'), hostname: 'foo.com'}),
      listener('listener-3', 8080, 'HTTP', {allowedRoutes: routes('Same'), hostname: 'bar.com'}),
      listener('listener-4', 8090, 'HTTP', {allowedRoutes: routes('Same'), hostname: 'foo.com'}),
      listener('listener-5', 8090, 'HTTP', {allowedRoutes: routes('Same'), hostname: 'bar.com'}),
    ]),
    httpRoute('backend-v1', {
      parentRefs: [parentRef('httproute-listener-port-matching', {port: 80})],
      rules: [forwardTo(backendRef('infra-backend-v1', 8080))],
    }),
    httpRoute('backend-v2', {
      parentRefs: [parentRef('httproute-listener-port-matching', {port: 8080})],
      rules: [forwardTo(backendRef('infra-backend-v2', 8080))],
    }),
    httpRoute('backend-v3', {
      parentRefs: [parentRef('httproute-listener-port-matching', {port: 8090, sectionName: 'listener-4'})],
      rules: [forwardTo(backendRef('infra-backend-v3', 8080))],
    }),
  ],
  // conformance/tests/gateway-http-listener-isolation.yaml
  'gateway-http-listener-isolation': [
    gateway('http-listener-isolation', [
      listener('empty-hostname', 80, 'HTTP', {allowedRoutes: routes('All')}),
      listener('wildcard-example-com', 80, 'HTTP', {hostname: '*.example.com', allowedRoutes: routes('All')}),
      listener('wildcard-foo-example-com', 80, 'HTTP', {hostname: '*.foo.example.com', allowedRoutes: routes('All')}),
      listener('abc-foo-example-com', 80, 'HTTP', {hostname: 'abc.foo.example.com', allowedRoutes: routes('All')}),
    ]),
    httpRoute('attaches-to-empty-hostname', {
      parentRefs: [parentRef('http-listener-isolation', {sectionName: 'empty-hostname'})],
      rules: [prefixTo('/empty-hostname', backendRef('infra-backend-v1', 8080))],
    }),
    httpRoute('attaches-to-wildcard-example-com', {
      parentRefs: [parentRef('http-listener-isolation', {sectionName: 'wildcard-example-com'})],
      rules: [prefixTo('/wildcard-example-com', backendRef('infra-backend-v1', 8080))],
    }),
    httpRoute('attaches-to-wildcard-foo-example-com', {
      parentRefs: [parentRef('http-listener-isolation', {sectionName: 'wildcard-foo-example-com'})],
      rules: [prefixTo('/wildcard-foo-example-com', backendRef('infra-backend-v1', 8080))],
    }),
    httpRoute('attaches-to-abc-foo-example-com', {
      parentRefs: [parentRef('http-listener-isolation', {sectionName: 'abc-foo-example-com'})],
      rules: [prefixTo('/abc-foo-example-com', backendRef('infra-backend-v1', 8080))],
    }),
  ],
  // conformance/tests/gateway-http-listener-isolation-with-hostname-intersection.yaml
  'gateway-http-listener-isolation-with-hostname-intersection': [
    gateway('http-listener-isolation-with-hostname-intersection', [
      listener('empty-hostname', 80, 'HTTP', {allowedRoutes: routes('All')}),
      listener('wildcard-example-com', 80, 'HTTP', {hostname: '*.example.com', allowedRoutes: routes('All')}),
      listener('wildcard-foo-example-com', 80, 'HTTP', {hostname: '*.foo.example.com', allowedRoutes: routes('All')}),
      listener('abc-foo-example-com', 80, 'HTTP', {hostname: 'abc.foo.example.com', allowedRoutes: routes('All')}),
    ]),
    httpRoute('attaches-to-empty-hostname-with-hostname-intersection', {
      parentRefs: [parentRef('http-listener-isolation-with-hostname-intersection', {sectionName: 'empty-hostname'})],
      hostnames: ['bar.com', '*.example.com', '*.foo.example.com', 'abc.foo.example.com'],
      rules: [prefixTo('/empty-hostname', backendRef('infra-backend-v1', 8080))],
    }),
    httpRoute('attaches-to-wildcard-example-com-with-hostname-intersection', {
      parentRefs: [parentRef('http-listener-isolation-with-hostname-intersection', {sectionName: 'wildcard-example-com'})],
      hostnames: ['bar.com', '*.example.com', '*.foo.example.com', 'abc.foo.example.com'],
      rules: [prefixTo('/wildcard-example-com', backendRef('infra-backend-v1', 8080))],
    }),
    httpRoute('attaches-to-wildcard-foo-example-com-with-hostname-intersection', {
      parentRefs: [parentRef('http-listener-isolation-with-hostname-intersection', {sectionName: 'wildcard-foo-example-com'})],
      hostnames: ['bar.com', '*.example.com', '*.foo.example.com', 'abc.foo.example.com'],
      rules: [prefixTo('/wildcard-foo-example-com', backendRef('infra-backend-v1', 8080))],
    }),
    httpRoute('attaches-to-abc-foo-example-com-with-hostname-intersection', {
      parentRefs: [parentRef('http-listener-isolation-with-hostname-intersection', {sectionName: 'abc-foo-example-com'})],
      hostnames: ['bar.com', '*.example.com', '*.foo.example.com', 'abc.foo.example.com'],
      rules: [prefixTo('/abc-foo-example-com', backendRef('infra-backend-v1', 8080))],
    }),
  ],
  // conformance/tests/listenerset-http-routing.yaml
  'listenerset-http-routing': [
    gateway(
      'gateway-with-listener-sets-http-routing',
      [
        listener('gateway-listener-1', 80, 'HTTP', {hostname: 'gateway-listener-1.com', allowedRoutes: routes('All')}),
        listener('gateway-listener-2', 80, 'HTTP', {hostname: 'gateway-listener-2.com', allowedRoutes: routes('All')}),
      ],
      {allowedListeners: {namespaces: {from: 'All'}}},
    ),
    listenerSet(
      'listener-set-http-routing-1',
      'gateway-with-listener-sets-http-routing',
      listener('listener-set-http-routing-1-listener-1', 80, 'HTTP', {
        hostname: 'listener-set-http-routing-1-listener-1.com',
        allowedRoutes: routes('All'),
      }),
      listener('listener-set-http-routing-1-listener-2', 80, 'HTTP', {
        hostname: 'listener-set-http-routing-1-listener-2.com',
        allowedRoutes: routes('All'),
      }),
    ),
    listenerSet(
      'listener-set-http-routing-2',
      'gateway-with-listener-sets-http-routing',
      listener('listener-set-http-routing-2-listener-1', 80, 'HTTP', {
        hostname: 'listener-set-http-routing-2-listener-1.com',
        allowedRoutes: routes('All'),
      }),
      listener('listener-set-http-routing-2-listener-2', 80, 'HTTP', {
        hostname: 'listener-set-http-routing-2-listener-2.com',
        allowedRoutes: routes('All'),
      }),
    ),
    httpRoute('attaches-to-all-listeners', {
      parentRefs: [
        parentRef('gateway-with-listener-sets-http-routing'),
        listenerSetParent('listener-set-http-routing-1'),
        listenerSetParent('listener-set-http-routing-2'),
      ],
      rules: [prefixTo('/route', backendRef('infra-backend-v1', 8080))],
    }),
    httpRoute('gateway-route', {
      parentRefs: [parentRef('gateway-with-listener-sets-http-routing')],
      rules: [prefixTo('/gateway-route', backendRef('infra-backend-v2', 8080))],
    }),
    httpRoute('gateway-section-route', {
      parentRefs: [parentRef('gateway-with-listener-sets-http-routing', {sectionName: 'gateway-listener-1'})],
      rules: [prefixTo('/gateway-section-route', backendRef('infra-backend-v3', 8080))],
    }),
    httpRoute('listener-set-http-routing-1-route', {
      parentRefs: [listenerSetParent('listener-set-http-routing-1')],
      rules: [prefixTo('/listener-set-http-routing-1-route', backendRef('infra-backend-v2', 8080))],
    }),
    httpRoute('listener-set-http-routing-1-section-route', {
      parentRefs: [listenerSetParent('listener-set-http-routing-1', {sectionName: 'listener-set-http-routing-1-listener-1'})],
      rules: [prefixTo('/listener-set-http-routing-1-section-route', backendRef('infra-backend-v3', 8080))],
    }),
    httpRoute('listener-set-http-routing-2-route', {
      parentRefs: [listenerSetParent('listener-set-http-routing-2')],
      rules: [prefixTo('/listener-set-http-routing-2-route', backendRef('infra-backend-v2', 8080))],
    }),
  ],
  // conformance/tests/tlsroute-simple-same-namespace.yaml
  'tlsroute-simple-same-namespace': [
    tlsRoute('gateway-conformance-infra-test', {
      parentRefs: [parentRef('gateway-tlsroute')],
      hostnames: ['abc.example.com'],
      rules: [forwardTo(backendRef('tcp-backend', 8443))],
    }),
    v1beta1(gateway('gateway-tlsroute', [
      listener('https', 443, 'TLS', {hostname: '*.example.com', allowedRoutes: routes('Same', 'TLSRoute'), tls: {mode: 'Passthrough'}}),
    ])),
  ],
  // conformance/tests/tlsroute-terminate-simple-same-namespace.yaml
  'tlsroute-terminate-simple-same-namespace': [
    tlsRoute('tlsroute-terminated-test', {
      parentRefs: [parentRef('gateway-tlsroute-terminate')],
      hostnames: ['tls.example.com'],
      rules: [forwardTo(backendRef('tcp-backend', 3000))],
    }),
    gateway('gateway-tlsroute-terminate', [
      listener('tlsterminate', 8443, 'TLS', {
        hostname: 'tls.example.com',
        allowedRoutes: routes('Same', 'TLSRoute'),
        tls: {mode: 'Terminate', certificateRefs: [{name: 'tls-terminate-checks-certificate'}]},
      }),
    ]),
  ],
  // conformance/tests/tlsroute-mixed-termination-same-namespace.yaml
  'tlsroute-mixed-termination-same-namespace': [
    gateway('gateway-tlsroute-mixed-termination', [
      listener('tls-terminate', 8883, 'TLS', {
        hostname: 'tls.example.com',
        allowedRoutes: routes('Same', 'TLSRoute'),
        tls: {mode: 'Terminate', certificateRefs: [{name: 'tls-terminate-checks-certificate'}]},
      }),
      listener('tls-passthrough', 8883, 'TLS', {hostname: 'abc.example.com', allowedRoutes: routes('Same', 'TLSRoute'), tls: {mode: 'Passthrough'}}),
    ]),
    tlsRoute('gateway-conformance-mixed-passthroughroute', {
      parentRefs: [parentRef('gateway-tlsroute-mixed-termination')],
      hostnames: ['abc.example.com'],
      rules: [forwardTo(backendRef('tcp-backend', 8443))],
    }),
    tlsRoute('gateway-conformance-mixed-terminateroute', {
      parentRefs: [parentRef('gateway-tlsroute-mixed-termination')],
      hostnames: ['tls.example.com'],
      rules: [forwardTo(backendRef('tcp-backend', 3000))],
    }),
  ],
  // conformance/tests/httproute-https-listener.yaml
  'httproute-https-listener': [
    httpRoute('httproute-https-test', {
      parentRefs: [{name: 'same-namespace-with-https-listener'}],
      hostnames: ['example.org'],
      rules: [forwardTo(backendRef('infra-backend-v1', 8080))],
    }),
    httpRoute('httproute-https-test-no-hostname', {
      parentRefs: [{name: 'same-namespace-with-https-listener', sectionName: 'https-with-hostname'}],
      rules: [forwardTo(backendRef('infra-backend-v2', 8080))],
    }),
  ],
  // conformance/tests/httproute-service-types.yaml
  'httproute-service-types': [
    httpRoute('service-types', {
      parentRefs: [{name: 'same-namespace'}],
      rules: [
        exactTo('/manual-endpointslices', backendRef('manual-endpointslices', 8080)),
        exactTo('/headless', backendRef('headless', 8080)),
        exactTo('/headless-manual-endpointslices', backendRef('headless-manual-endpointslices', 8080)),
      ],
    }),
    service('manual-endpointslices', {ports: [tcpPort(8080, 3000, {name: 'first-port'})]}),
    labeled(
      {'kubernetes.io/service-name': 'manual-endpointslices'},
      resource('discovery.k8s.io/v1', 'EndpointSlice', 'manual-endpointslices-ip4', {
        addressType: 'IPv4',
        ports: [{name: 'first-port', port: 3000, protocol: 'TCP'}],
      }),
    ),
    labeled(
      {'kubernetes.io/service-name': 'manual-endpointslices'},
      resource('discovery.k8s.io/v1', 'EndpointSlice', 'manual-endpointslices-ip6', {
        addressType: 'IPv6',
        ports: [{name: 'first-port', port: 3000, protocol: 'TCP'}],
      }),
    ),
    service('headless', {clusterIP: 'None', selector: {app: 'infra-backend-v1'}, ports: [tcpPort(8080, 3000, {name: 'first-port'})]}),
    service('headless-manual-endpointslices', {clusterIP: 'None', ports: [tcpPort(8080, 3000, {name: 'first-port'})]}),
    labeled(
      {'kubernetes.io/service-name': 'headless-manual-endpointslices'},
      resource('discovery.k8s.io/v1', 'EndpointSlice', 'headless-manual-endpointslices-ip4', {
        addressType: 'IPv4',
        ports: [{name: 'first-port', port: 3000, protocol: 'TCP'}],
      }),
    ),
    labeled(
      {'kubernetes.io/service-name': 'headless-manual-endpointslices'},
      resource('discovery.k8s.io/v1', 'EndpointSlice', 'headless-manual-endpointslices-ip6', {
        addressType: 'IPv6',
        ports: [{name: 'first-port', port: 3000, protocol: 'TCP'}],
      }),
    ),
  ],
  // conformance/tests/httproute-backend-protocol-h2c.yaml
  'httproute-backend-protocol-h2c': [
    httpRoute('backend-protocol-h2c', {parentRefs: [{name: 'same-namespace'}], rules: [forwardTo(backendRef('infra-backend-v1', 8081))]}),
  ],
  // conformance/tests/httproute-backend-protocol-websocket.yaml
  'httproute-backend-protocol-websocket': [
    httpRoute('backend-protocol-ws', {parentRefs: [{name: 'same-namespace'}], rules: [forwardTo(backendRef('infra-backend-v1', 8082))]}),
  ],

};

/** conformance/tests/<name>.yaml as YAML. */
export const TEST_MANIFESTS: Record<string, string> = Object.fromEntries(Object.entries(TEST_RESOURCES).map(([test, objects]) => [test, yaml(objects)]));

/** A test's manifests after the base, the suite's objects and istiod. */
export const conformanceManifests = (...tests: string[]) => [BASE_MANIFESTS, SUITE_OBJECTS, ISTIOD, ...tests.map((test) => {
  const manifests = TEST_MANIFESTS[test];
  if (manifests === undefined) throw new Error(`no manifests transcribed for ${test}`);
  return manifests;
})].join('\n---\n');
