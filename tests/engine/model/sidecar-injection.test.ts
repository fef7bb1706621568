import {describe, expect, it} from 'vitest';
import {injectionStatus, injectSidecar, InjectionNotModelled, uninjectedPod} from '../../../src/engine/model/sidecar-injection';

type Json = Record<string, unknown>;

/** A Deployment's pod as the webhook receives it: defaulted, with its service account token volume. */
function appPod(overrides: {labels?: Record<string, string>; annotations?: Record<string, string>; container?: Json} = {}): Json {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      namespace: 'shop',
      labels: {'pod-template-hash': '7d9f', ...(overrides.labels ?? {app: 'hello', version: 'v2'})},
      annotations: overrides.annotations ?? {},
      ownerReferences: [{apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'hello-v2-7d9f', controller: true}],
    },
    spec: {
      serviceAccountName: 'hello',
      containers: [{name: 'hello', image: 'example/hello:1', ports: [{name: 'http', containerPort: 80, protocol: 'TCP'}, {containerPort: 9090, protocol: 'TCP'}],
        volumeMounts: [{name: 'kube-api-access-abcde', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true}], ...overrides.container}],
      volumes: [{name: 'data', emptyDir: {}}, {name: 'kube-api-access-abcde', projected: {sources: [{serviceAccountToken: {path: 'token', expirationSeconds: 3607}}]}}],
    },
  };
}

const spec = (pod: Json): Json => pod.spec as Json;
const containerNamed = (list: unknown, name: string): Json => (list as Json[]).find((c) => c.name === name)!;
const envOf = (container: Json): Json[] => container.env as Json[];

describe('Istio 1.30.3 sidecar injection (injection-template.yaml, default values, native sidecars)', () => {
  it('puts istio-init then istio-proxy among the init containers, istio-proxy restarting Always, and leaves the app containers alone', () => {
    const injected = injectSidecar(appPod());
    expect((spec(injected).initContainers as Json[]).map((c) => c.name)).toEqual(['istio-init', 'istio-proxy']);
    expect(containerNamed(spec(injected).initContainers, 'istio-proxy').restartPolicy).toBe('Always');
    expect(spec(injected).containers).toEqual(spec(appPod()).containers);
  });

  it('gives istio-init the iptables arguments hello.yaml.injected shows, with an empty -x', () => {
    const init = containerNamed(spec(injectSidecar(appPod())).initContainers, 'istio-init');
    expect(init.args).toEqual(['istio-iptables', '-p', '15001', '-z', '15006', '-u', '1337', '-m', 'REDIRECT', '-i', '*', '-x', '', '-b', '*', '-d', '15090,15021,15020', '--log_output_level=default:info']);
    expect(init.resources).toEqual({limits: {cpu: '2', memory: '1Gi'}, requests: {cpu: '100m', memory: '128Mi'}});
  });

  it('gives istio-proxy the template environment in its order, GOMEMLIMIT and GOMAXPROCS from its limits', () => {
    const proxy = containerNamed(spec(injectSidecar(appPod())).initContainers, 'istio-proxy');
    expect(envOf(proxy).map((e) => e.name)).toEqual(['PILOT_CERT_PROVIDER', 'CA_ADDR', 'POD_NAME', 'POD_NAMESPACE', 'INSTANCE_IP', 'SERVICE_ACCOUNT', 'HOST_IP', 'ISTIO_CPU_LIMIT', 'PROXY_CONFIG',
      'ISTIO_META_POD_PORTS', 'ISTIO_META_APP_CONTAINERS', 'GOMEMLIMIT', 'GOMAXPROCS', 'ISTIO_META_CLUSTER_ID', 'ISTIO_META_NODE_NAME', 'ISTIO_META_INTERCEPTION_MODE',
      'ISTIO_META_WORKLOAD_NAME', 'ISTIO_META_OWNER', 'ISTIO_META_MESH_ID', 'TRUST_DOMAIN']);
    const env = Object.fromEntries(envOf(proxy).map((e) => [e.name, e.value ?? e.valueFrom]));
    expect(env.GOMEMLIMIT).toEqual({resourceFieldRef: {divisor: '1', resource: 'limits.memory'}});
    expect(env.GOMAXPROCS).toEqual({resourceFieldRef: {divisor: '1', resource: 'limits.cpu'}});
    expect(env.ISTIO_META_WORKLOAD_NAME).toBe('hello-v2');
    expect(env.ISTIO_META_OWNER).toBe('kubernetes://apis/apps/v1/namespaces/shop/deployments/hello-v2');
    expect(env.PROXY_CONFIG).toBe('{}\n');
  });

  it('lists the app ports in ISTIO_META_POD_PORTS as structToJSON writes them, a comma leading each after the first', () => {
    const proxy = containerNamed(spec(injectSidecar(appPod())).initContainers, 'istio-proxy');
    const ports = envOf(proxy).find((e) => e.name === 'ISTIO_META_POD_PORTS')!.value;
    expect(ports).toBe('[\n    {"name":"http","containerPort":80,"protocol":"TCP"}\n    ,{"containerPort":9090,"protocol":"TCP"}\n]');
  });

  it('probes the agent: startup every second up to 600 times, readiness every 15 s, 4 failures', () => {
    const proxy = containerNamed(spec(injectSidecar(appPod())).initContainers, 'istio-proxy');
    expect(proxy.startupProbe).toMatchObject({httpGet: {path: '/healthz/ready', port: 15021}, periodSeconds: 1, timeoutSeconds: 3, failureThreshold: 600});
    expect(proxy.readinessProbe).toMatchObject({httpGet: {path: '/healthz/ready', port: 15021}, periodSeconds: 15, timeoutSeconds: 3, failureThreshold: 4});
  });

  it('adds the template volumes before the pod\'s own, and the API server mounts the token into the containers the webhook added', () => {
    const injected = injectSidecar(appPod());
    expect((spec(injected).volumes as Json[]).map((v) => v.name)).toEqual(['workload-socket', 'credential-socket', 'workload-certs', 'istio-envoy', 'istio-data', 'istio-podinfo', 'istio-token', 'istiod-ca-cert', 'istio-ca-crl', 'data', 'kube-api-access-abcde']);
    expect(containerNamed(spec(injected).volumes, 'workload-socket')).toEqual({name: 'workload-socket', emptyDir: {}});
    expect(containerNamed(spec(injected).initContainers, 'istio-init').volumeMounts).toEqual([{name: 'kube-api-access-abcde', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true}]);
    const proxyMounts = containerNamed(spec(injected).initContainers, 'istio-proxy').volumeMounts as Json[];
    expect(proxyMounts.map((m) => m.name)).toEqual(['workload-socket', 'credential-socket', 'workload-certs', 'istiod-ca-cert', 'istio-ca-crl', 'istio-data', 'istio-envoy', 'istio-token', 'istio-podinfo', 'kube-api-access-abcde']);
  });

  it('labels and annotates the pod: canonical name and revision from app and version, the prometheus merge, the status hello.yaml.injected records', () => {
    const metadata = injectSidecar(appPod()).metadata as Json;
    expect(metadata.labels).toMatchObject({'security.istio.io/tlsMode': 'istio', 'service.istio.io/canonical-name': 'hello', 'service.istio.io/canonical-revision': 'v2'});
    expect(metadata.annotations).toEqual({
      'istio.io/rev': 'default',
      'kubectl.kubernetes.io/default-container': 'hello',
      'kubectl.kubernetes.io/default-logs-container': 'hello',
      'prometheus.io/path': '/stats/prometheus',
      'prometheus.io/port': '15020',
      'prometheus.io/scrape': 'true',
      'sidecar.istio.io/status': '{"initContainers":["istio-init","istio-proxy"],"containers":null,"volumes":["workload-socket","credential-socket","workload-certs","istio-envoy","istio-data","istio-podinfo","istio-token","istiod-ca-cert","istio-ca-crl"],"imagePullSecrets":null,"revision":"default"}',
    });
    expect(injectionStatus()).toBe((metadata.annotations as Record<string, string>)['sidecar.istio.io/status']);
  });

  it('falls back to the Deployment\'s name and "latest" without app and version labels, and keeps labels the pod sets', () => {
    const bare = injectSidecar(appPod({labels: {'service.istio.io/canonical-revision': 'canary'}})).metadata as Json;
    expect(bare.labels).toMatchObject({'service.istio.io/canonical-name': 'hello-v2', 'service.istio.io/canonical-revision': 'canary'});
  });

  it('refuses what it does not model instead of injecting otherwise: tuning annotations, app probes, a pod no Deployment made', () => {
    expect(() => injectSidecar(appPod({annotations: {'sidecar.istio.io/proxyCPU': '50m'}}))).toThrow(InjectionNotModelled);
    expect(() => injectSidecar(appPod({container: {readinessProbe: {httpGet: {path: '/ready', port: 80}}}}))).toThrow(/rewritten to the agent/);
    const orphan = appPod();
    (orphan.metadata as Json).ownerReferences = [];
    expect(() => injectSidecar(orphan)).toThrow(/ReplicaSet/);
  });

  it('undoes itself: the stored pod stripped as re-injection strips it injects back to the same pod', () => {
    const injected = injectSidecar(appPod());
    expect(uninjectedPod(injected)).toMatchObject({spec: {containers: spec(appPod()).containers, volumes: spec(appPod()).volumes}});
    expect(injectSidecar(uninjectedPod(injected))).toEqual(injected);
  });
});
