/**
 * What Istio 1.30.3's sidecar injector writes into a pod, for the default installation
 * (`istioctl install` / the istio-discovery chart's values, the mesh config's defaults, no CNI,
 * native sidecars): the `sidecar` template of
 * manifests/charts/istio-control/istio-discovery/files/injection-template.yaml rendered by
 * pkg/kube/inject/inject.go RunTemplate, then postProcessPod (the prometheus merge and the
 * `sidecar.istio.io/status` annotation), as pkg/kube/inject/testdata/inject/hello.yaml.injected
 * shows it. The pod then goes through the API server: its defaulting (a volume without a source
 * is an emptyDir, quantities are stored canonical) and the ServiceAccount admission plugin, which
 * kube-apiserver reinvokes after a webhook changed the pod (apiserver admission/reinvocation.go),
 * mounting the token volume into the containers the webhook added.
 *
 * Options the template reads from annotations (`sidecar.istio.io/*`, `traffic.sidecar.istio.io/*`,
 * `proxy.istio.io/config`, ...) and HTTP probes (which the injector rewrites to the agent) are not
 * modelled: a pod using them is refused with `InjectionNotModelled`, never injected differently.
 */
import {isRecord} from '../findings';

export class InjectionNotModelled extends Error {
  override name = 'InjectionNotModelled';
}

/** The values the template reads, at their 1.30.3 defaults (istio-discovery values.yaml, mesh defaults). */
export interface InjectionSettings {
  /** `.ProxyImage`: global.hub/proxyv2:global.tag. */
  proxyImage: string;
  /** `.Revision` ("default" for istio.io/rev when unset). */
  revision: string;
  /** The mesh config's trustDomain (ISTIO_META_MESH_ID and TRUST_DOMAIN). */
  trustDomain: string;
  istioNamespace: string;
}

export const DEFAULT_INJECTION: InjectionSettings = {
  proxyImage: 'registry.istio.io/release/proxyv2:1.30.3',
  revision: 'default',
  trustDomain: 'cluster.local',
  istioNamespace: 'istio-system',
};

/** global.proxy.statusPort, the agent's port prometheus scrapes. */
const STATUS_PORT = '15020';
const PROXY_CONTAINER = 'istio-proxy';
const INIT_CONTAINER = 'istio-init';
/** The service account token's mount point (k8s plugin/pkg/admission/serviceaccount DefaultAPITokenMountPath). */
const TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

/** global.proxy.resources (requests 100m/128Mi, limits 2000m/1024Mi), as the API server stores them (canonical quantities). */
const PROXY_RESOURCES = {limits: {cpu: '2', memory: '1Gi'}, requests: {cpu: '100m', memory: '128Mi'}};

/** Annotation prefixes through which a pod tunes its injection: their effect is not modelled here. */
const TUNING_PREFIXES = ['sidecar.istio.io/', 'traffic.sidecar.istio.io/', 'status.sidecar.istio.io/', 'readiness.status.sidecar.istio.io/', 'proxy.istio.io/', 'inject.istio.io/', 'prometheus.io/'];

type Json = Record<string, unknown>;

const record = (value: unknown): Json => (isRecord(value) ? value : {});
const array = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const stringsOf = (value: unknown): Record<string, string> => Object.fromEntries(Object.entries(record(value)).map(([k, v]) => [k, String(v)]));

/**
 * inject.go GetDeployMetaFromPod for a pod a ReplicaSet made: the Deployment is the ReplicaSet's
 * name without its `-<pod-template-hash>`; a pod of another owner is not modelled.
 */
function deploymentOf(pod: Json): {name: string; namespace: string} {
  const metadata = record(pod.metadata);
  const owner = array(metadata.ownerReferences).map(record).find((ref) => ref.controller === true);
  const hash = stringsOf(metadata.labels)['pod-template-hash'];
  const name = typeof owner?.name === 'string' ? owner.name : '';
  if (owner?.kind !== 'ReplicaSet' || hash === undefined || !name.endsWith(`-${hash}`)) {
    throw new InjectionNotModelled('only pods a Deployment\'s ReplicaSet made (pod-template-hash) are injected by this model');
  }
  return {name: name.slice(0, -hash.length - 1), namespace: String(metadata.namespace ?? 'default')};
}

/** template.go structToJSON of a corev1.ContainerPort: its fields in Go's order, empty ones omitted. */
function portJson(port: unknown): string {
  const p = record(port);
  const fields: Array<[string, unknown]> = [['name', p.name], ['hostPort', p.hostPort], ['containerPort', p.containerPort], ['protocol', p.protocol], ['hostIP', p.hostIP]];
  return `{${fields.filter(([, v]) => v !== undefined && v !== '' && v !== 0).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`;
}

/** ISTIO_META_POD_PORTS: every port of the app containers, one a line, a comma leading each after the first. */
function podPorts(containers: readonly Json[]): string {
  const ports = containers.flatMap((c) => array(c.ports));
  return `[${ports.map((p, i) => `\n    ${i > 0 ? ',' : ''}${portJson(p)}`).join('')}\n]`;
}

const fieldRef = (name: string, fieldPath: string): Json => ({name, valueFrom: {fieldRef: {apiVersion: 'v1', fieldPath}}});
const resourceRef = (name: string, resource: string): Json => ({name, valueFrom: {resourceFieldRef: {divisor: '1', resource}}});

function proxyEnv(settings: InjectionSettings, appContainers: readonly Json[], deployment: {name: string; namespace: string}): Json[] {
  return [
    {name: 'PILOT_CERT_PROVIDER', value: 'istiod'},
    {name: 'CA_ADDR', value: `istiod.${settings.istioNamespace}.svc:15012`},
    fieldRef('POD_NAME', 'metadata.name'),
    fieldRef('POD_NAMESPACE', 'metadata.namespace'),
    fieldRef('INSTANCE_IP', 'status.podIP'),
    fieldRef('SERVICE_ACCOUNT', 'spec.serviceAccountName'),
    fieldRef('HOST_IP', 'status.hostIP'),
    resourceRef('ISTIO_CPU_LIMIT', 'limits.cpu'),
    // protoToJSON after cleanProxyConfig: the default proxy config leaves nothing.
    {name: 'PROXY_CONFIG', value: '{}\n'},
    {name: 'ISTIO_META_POD_PORTS', value: podPorts(appContainers)},
    {name: 'ISTIO_META_APP_CONTAINERS', value: appContainers.map((c) => String(c.name)).join(',')},
    resourceRef('GOMEMLIMIT', 'limits.memory'),
    resourceRef('GOMAXPROCS', 'limits.cpu'),
    {name: 'ISTIO_META_CLUSTER_ID', value: 'Kubernetes'},
    fieldRef('ISTIO_META_NODE_NAME', 'spec.nodeName'),
    {name: 'ISTIO_META_INTERCEPTION_MODE', value: 'REDIRECT'},
    {name: 'ISTIO_META_WORKLOAD_NAME', value: deployment.name},
    {name: 'ISTIO_META_OWNER', value: `kubernetes://apis/apps/v1/namespaces/${deployment.namespace}/deployments/${deployment.name}`},
    {name: 'ISTIO_META_MESH_ID', value: settings.trustDomain},
    {name: 'TRUST_DOMAIN', value: settings.trustDomain},
  ];
}

function initContainer(settings: InjectionSettings): Json {
  return {
    name: INIT_CONTAINER,
    image: settings.proxyImage,
    args: ['istio-iptables', '-p', '15001', '-z', '15006', '-u', '1337', '-m', 'REDIRECT', '-i', '*', '-x', '', '-b', '*', '-d', `15090,15021,${STATUS_PORT}`, '--log_output_level=default:info'],
    resources: structuredClone(PROXY_RESOURCES),
    securityContext: {allowPrivilegeEscalation: false, capabilities: {add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL']}, privileged: false, readOnlyRootFilesystem: false, runAsGroup: 0, runAsNonRoot: false, runAsUser: 0},
  };
}

function proxyContainer(settings: InjectionSettings, appContainers: readonly Json[], deployment: {name: string; namespace: string}): Json {
  const ready = {path: '/healthz/ready', port: 15021};
  return {
    name: PROXY_CONTAINER,
    image: settings.proxyImage,
    restartPolicy: 'Always',
    ports: [{containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP'}],
    args: ['proxy', 'sidecar', '--domain', '$(POD_NAMESPACE).svc.cluster.local', '--proxyLogLevel=warning', '--proxyComponentLogLevel=misc:error', '--log_output_level=default:info'],
    lifecycle: {preStop: {exec: {command: ['pilot-agent', 'request', `--debug-port=${STATUS_PORT}`, 'POST', 'drain']}}},
    env: proxyEnv(settings, appContainers, deployment),
    startupProbe: {httpGet: {...ready}, initialDelaySeconds: 0, periodSeconds: 1, timeoutSeconds: 3, failureThreshold: 600},
    readinessProbe: {httpGet: {...ready}, initialDelaySeconds: 0, periodSeconds: 15, timeoutSeconds: 3, failureThreshold: 4},
    securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: ['ALL']}, privileged: false, readOnlyRootFilesystem: true, runAsGroup: 1337, runAsNonRoot: true, runAsUser: 1337},
    resources: structuredClone(PROXY_RESOURCES),
    volumeMounts: [
      {name: 'workload-socket', mountPath: '/var/run/secrets/workload-spiffe-uds'},
      {name: 'credential-socket', mountPath: '/var/run/secrets/credential-uds'},
      {name: 'workload-certs', mountPath: '/var/run/secrets/workload-spiffe-credentials'},
      {name: 'istiod-ca-cert', mountPath: '/var/run/secrets/istio'},
      {name: 'istio-ca-crl', mountPath: '/var/run/secrets/istio/crl'},
      {name: 'istio-data', mountPath: '/var/lib/istio/data'},
      {name: 'istio-envoy', mountPath: '/etc/istio/proxy'},
      {name: 'istio-token', mountPath: '/var/run/secrets/tokens'},
      {name: 'istio-podinfo', mountPath: '/etc/istio/pod'},
    ],
  };
}

/** The template's volumes, in its order; the sourceless ones defaulted to emptyDir by the API server (SetDefaults_Volume). */
function injectedVolumes(): Json[] {
  return [
    {name: 'workload-socket', emptyDir: {}},
    {name: 'credential-socket', emptyDir: {}},
    {name: 'workload-certs', emptyDir: {}},
    {name: 'istio-envoy', emptyDir: {medium: 'Memory'}},
    {name: 'istio-data', emptyDir: {}},
    {name: 'istio-podinfo', downwardAPI: {items: [{path: 'labels', fieldRef: {fieldPath: 'metadata.labels'}}, {path: 'annotations', fieldRef: {fieldPath: 'metadata.annotations'}}]}},
    {name: 'istio-token', projected: {sources: [{serviceAccountToken: {audience: 'istio-ca', expirationSeconds: 43200, path: 'istio-token'}}]}},
    {name: 'istiod-ca-cert', configMap: {name: 'istio-ca-root-cert'}},
    {name: 'istio-ca-crl', configMap: {name: 'istio-ca-crl', optional: true}},
  ];
}

/** The `sidecar.istio.io/status` annotation inject.go writes (SidecarInjectionStatus as JSON). */
export function injectionStatus(settings: InjectionSettings = DEFAULT_INJECTION): string {
  return JSON.stringify({initContainers: [INIT_CONTAINER, PROXY_CONTAINER], containers: null, volumes: injectedVolumes().map((v) => v.name), imagePullSecrets: null, revision: settings.revision});
}

/** The template's labels: each kept when the pod has it, else derived as the template derives it. */
function injectedLabels(labels: Record<string, string>, deployment: string): Record<string, string> {
  const canonicalName = (labels['service.istio.io/canonical-name'] || labels['app.kubernetes.io/name'] || labels.app || deployment).slice(0, 63).replace(/-$/, '');
  return {
    ...labels,
    'security.istio.io/tlsMode': labels['security.istio.io/tlsMode'] || 'istio',
    'service.istio.io/canonical-name': canonicalName,
    'service.istio.io/canonical-revision': labels['service.istio.io/canonical-revision'] || labels['app.kubernetes.io/version'] || labels.version || 'latest',
  };
}

/** ServiceAccount admission's mountServiceAccountToken: every container without the token's mount gets the pod's token volume. */
function mountToken(container: Json, volumes: readonly Json[]): Json {
  const token = volumes.find((v) => String(v.name).startsWith('kube-api-access-') && isRecord(v.projected));
  const mounts = array(container.volumeMounts).map(record);
  if (!token || mounts.some((m) => m.mountPath === TOKEN_MOUNT_PATH)) return container;
  return {...container, volumeMounts: [...mounts, {name: token.name, mountPath: TOKEN_MOUNT_PATH, readOnly: true}]};
}

/**
 * The pod as it is stored after the injector's webhook changed it: `pod` is the pod the webhook
 * received (a Deployment's pod, defaulted and with its token volume, no sidecar yet).
 */
export function injectSidecar(pod: Readonly<Json>, settings: InjectionSettings = DEFAULT_INJECTION): Json {
  const metadata = record(pod.metadata);
  const spec = record(pod.spec);
  const annotations = stringsOf(metadata.annotations);
  const tuning = Object.keys(annotations).find((key) => TUNING_PREFIXES.some((prefix) => key.startsWith(prefix)));
  if (tuning !== undefined) throw new InjectionNotModelled(`annotation ${tuning} tunes the injection, which this model does not follow`);
  const appContainers = array(spec.containers).map(record);
  if (appContainers.some((c) => c.name === PROXY_CONTAINER)) throw new InjectionNotModelled('the pod already has an istio-proxy container (a customised injection)');
  if (array(spec.initContainers).length > 0) throw new InjectionNotModelled('a pod with its own init containers is not modelled (reorderPod)');
  const probed = appContainers.find((c) => ['livenessProbe', 'readinessProbe', 'startupProbe'].some((probe) => isRecord(c[probe])));
  if (probed) throw new InjectionNotModelled(`container ${String(probed.name)}'s probes would be rewritten to the agent (app_probe.go), which this model does not follow`);
  const deployment = deploymentOf(pod);
  const defaultContainer = String(appContainers[0]?.name ?? '');
  const volumes = [...injectedVolumes(), ...array(spec.volumes).map(record)];
  return {
    ...pod,
    metadata: {
      ...metadata,
      labels: injectedLabels(stringsOf(metadata.labels), deployment.name),
      annotations: {
        ...annotations,
        'istio.io/rev': settings.revision,
        ...(defaultContainer && !('kubectl.kubernetes.io/default-logs-container' in annotations) ? {'kubectl.kubernetes.io/default-logs-container': defaultContainer} : {}),
        ...(defaultContainer && !('kubectl.kubernetes.io/default-container' in annotations) ? {'kubectl.kubernetes.io/default-container': defaultContainer} : {}),
        // postProcessPod's applyPrometheusMerge (enablePrometheusMerge is on by default): the agent serves the merged metrics.
        'prometheus.io/path': '/stats/prometheus',
        'prometheus.io/port': STATUS_PORT,
        'prometheus.io/scrape': 'true',
        'sidecar.istio.io/status': injectionStatus(settings),
      },
    },
    spec: {
      ...spec,
      initContainers: [initContainer(settings), proxyContainer(settings, appContainers, deployment)].map((c) => mountToken(c, volumes)),
      containers: appContainers,
      volumes,
    },
  };
}

/**
 * The pod a stored injected pod was before the webhook, as inject.go's re-injection strips one
 * (the containers and volumes its status annotation names, the prometheus annotations when they
 * point at the agent, the status itself, and the token mounts the API server added to the
 * injected containers): what `injectSidecar` takes.
 */
export function uninjectedPod(pod: Readonly<Json>): Json {
  const metadata = record(pod.metadata);
  const spec = record(pod.spec);
  const annotations = stringsOf(metadata.annotations);
  const raw = annotations['sidecar.istio.io/status'];
  let status: Json;
  try {
    status = record(JSON.parse(raw ?? ''));
  } catch {
    throw new InjectionNotModelled('the pod\'s sidecar.istio.io/status annotation is not JSON');
  }
  const names = (key: string): Set<string> => new Set(array(status[key]).map(String));
  const [inits, containers, volumes] = [names('initContainers'), names('containers'), names('volumes')];
  const kept = {...annotations};
  delete kept['sidecar.istio.io/status'];
  if (kept['prometheus.io/port'] === STATUS_PORT) for (const key of ['prometheus.io/path', 'prometheus.io/port', 'prometheus.io/scrape']) delete kept[key];
  const {initContainers: _inits, ...rest} = spec;
  const appInits = array(spec.initContainers).map(record).filter((c) => !inits.has(String(c.name)));
  return {
    ...pod,
    metadata: {...metadata, annotations: kept},
    spec: {
      ...rest,
      ...(appInits.length > 0 ? {initContainers: appInits} : {}),
      containers: array(spec.containers).map(record).filter((c) => !containers.has(String(c.name))),
      volumes: array(spec.volumes).map(record).filter((v) => !volumes.has(String(v.name))),
    },
  };
}
