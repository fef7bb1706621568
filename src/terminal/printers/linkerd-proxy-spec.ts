/**
 * The proxy `linkerd inject --manual` writes into a pod template (linkerd2 version-2.20
 * pkg/inject/inject.go GetPodPatch, charts/patch/templates/patch.json), built from the install values
 * (./linkerd-values.ts) in the partials' order: _proxy-init.tpl's linkerd-init, _proxy.tpl's
 * linkerd-proxy (a native sidecar, `restartPolicy: Always` in initContainers right after linkerd-init,
 * when proxy.nativeSidecar; else the first container when proxy.await), _volumes.tpl's volumes, and
 * injectObjectMeta's annotations and labels.
 *
 * With the CNI plugin (cniEnabled) _network-validator.tpl's linkerd-network-validator takes linkerd-init's
 * place. Values the model does not render are gaps rather than a guess: tracing, proxy resources, a securityContext or capabilities override, a
 * service account token mounted by hand, fixed proxy.cores, gateway/ingress mode, and the pod's own
 * `config.linkerd.io/*` annotations (GetOverriddenValues).
 */
// The printers run in the browser's terminal too: a hash from a library, not node:crypto.
import {sha256} from '@noble/hashes/sha2';
import {bytesToHex, utf8ToBytes} from '@noble/hashes/utils';
import {field, isRecord, list, ModelGap, stringMap} from './model';
import {CONTROL_PLANE_NAMESPACE} from './linkerd-model';
import {installValue, valuesBlock} from './linkerd-values';

/** The pod template inject patches and the workload it belongs to. */
export interface InjectTarget {
  /** pkg/k8s's lower-case kind (deployment, statefulset, …). */
  kind: string;
  name: string;
  namespace: string;
  metadata: Record<string, unknown>;
  spec: Record<string, unknown>;
}

/** Go templates' truth: empty, zero and false are false. */
const truthy = (value: string): boolean => value !== '' && value !== '0' && value !== 'false' && value !== 'null' && value !== '~';

/** injectObjectMeta's workload label per kind (pkg/k8s labels.go). */
const WORKLOAD_LABELS: Record<string, string> = {
  deployment: 'linkerd.io/proxy-deployment', replicationcontroller: 'linkerd.io/proxy-replicationcontroller', replicaset: 'linkerd.io/proxy-replicaset',
  job: 'linkerd.io/proxy-job', daemonset: 'linkerd.io/proxy-daemonset', statefulset: 'linkerd.io/proxy-statefulset', cronjob: 'linkerd.io/proxy-cronjob',
};

const MOUNT_PATH_SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

/** A probe's HTTP port when it is a number (a named port is declared among the container's ports). */
function probePort(probe: unknown): number | undefined {
  const port = field(probe, 'httpGet', 'port');
  return typeof port === 'number' ? port : undefined;
}

/** getPodInboundPorts: every container port and HTTP probe port, deduplicated, sorted as strings (sort.Strings). */
export function podInboundPorts(spec: Record<string, unknown>): string {
  const ports = new Set<number>();
  for (const container of [...list(spec.initContainers), ...list(spec.containers)]) {
    for (const port of list(field(container, 'ports'))) {
      const number = field(port, 'containerPort');
      if (typeof number === 'number') ports.add(number);
    }
    for (const probe of [field(container, 'readinessProbe'), field(container, 'livenessProbe')]) {
      const port = probePort(probe);
      if (port !== undefined) ports.add(port);
    }
  }
  return [...ports].map(String).sort().join(',');
}

type Env = {name: string; value: string} | {name: string; valueFrom: Record<string, unknown>};
const fieldRef = (name: string, path: string): Env => ({name, valueFrom: {fieldRef: {fieldPath: path}}});

/** Whatever these values would render that the model does not: a gap naming it. */
function assertRendered(values: string, target: InjectTarget): void {
  const v = (path: string): string => installValue(values, path);
  const unmodelled: Array<[boolean, string]> = [
    [truthy(v('proxy.tracing.enabled')), 'proxy.tracing'],
    [truthy(v('proxy.cores')), 'proxy.cores'],
    [truthy(v('proxy.isGateway')) || truthy(v('proxy.isIngress')), 'gateway or ingress mode'],
    [['cpu', 'memory'].some((r) => ['request', 'limit'].some((k) => truthy(v(`proxy.resources.${r}.${k}`)))), 'proxy.resources'],
    [v('proxy.logHTTPHeaders') === 'insecure', 'proxy.logHTTPHeaders: insecure'],
    [!truthy(v('cniEnabled')) && v('proxyInit.iptablesMode') !== 'nft' && v('proxyInit.iptablesMode') !== 'legacy', `proxyInit.iptablesMode "${v('proxyInit.iptablesMode')}", which the chart refuses`],
    [truthy(v('proxyInit.closeWaitTimeoutSecs')) || truthy(v('proxyInit.runAsRoot')) || truthy(v('proxyInit.privileged')), 'a privileged or root proxy-init'],
  ];
  const first = list(target.spec.containers)[0];
  unmodelled.push([isRecord(field(first, 'securityContext', 'capabilities')), 'the first container\'s capabilities (copied to the proxy)']);
  unmodelled.push([list(field(first, 'volumeMounts')).some((m) => field(m, 'mountPath') === MOUNT_PATH_SERVICE_ACCOUNT), 'a service account token mounted by hand']);
  unmodelled.push([Object.keys(stringMap(field(target.metadata, 'annotations'))).some((key) => key.startsWith('config.linkerd.io/') || key.startsWith('config.alpha.linkerd.io/')), 'the pod template\'s config.linkerd.io annotations']);
  const found = unmodelled.find(([hit]) => hit);
  if (found) throw new ModelGap(`linkerd inject --manual with ${found[1]} is not modelled`);
}

/** _proxy.tpl's env, in its order. */
function proxyEnv(values: string, target: InjectTarget): Env[] {
  const v = (path: string): string => installValue(values, path);
  const clusterDomain = v('clusterDomain');
  const trustDomain = v('identityTrustDomain') || clusterDomain;
  const ns = CONTROL_PLANE_NAMESPACE;
  const any = truthy(v('disableIPv6')) ? '0.0.0.0' : '[::]';
  const env: Env[] = [
    fieldRef('_pod_name', 'metadata.name'), fieldRef('_pod_ns', 'metadata.namespace'), fieldRef('_pod_uid', 'metadata.uid'),
    fieldRef('_pod_ip', 'status.podIP'), fieldRef('_pod_nodeName', 'spec.nodeName'), {name: '_pod_containerName', value: 'linkerd-proxy'},
  ];
  const add = (name: string, value: string): void => void env.push({name, value});
  const minimum = v('proxy.runtime.workers.minimum') || '1';
  add('LINKERD2_PROXY_CORES', minimum);
  add('LINKERD2_PROXY_CORES_MIN', minimum);
  if (truthy(v('proxy.runtime.workers.maximum'))) add('LINKERD2_PROXY_CORES_MAX', v('proxy.runtime.workers.maximum'));
  if (truthy(v('proxy.runtime.workers.maximumCPURatio'))) add('LINKERD2_PROXY_CORES_MAX_RATIO', v('proxy.runtime.workers.maximumCPURatio'));
  if (truthy(v('proxy.requireIdentityOnInboundPorts'))) add('LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY', v('proxy.requireIdentityOnInboundPorts'));
  if (truthy(v('proxy.requireTLSOnInboundPorts'))) add('LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_TLS', v('proxy.requireTLSOnInboundPorts'));
  add('LINKERD2_PROXY_SHUTDOWN_ENDPOINT_ENABLED', v('proxy.enableShutdownEndpoint'));
  add('LINKERD2_PROXY_LOG', `${v('proxy.logLevel')},[{headers}]=off,[{request}]=off`);
  add('LINKERD2_PROXY_LOG_FORMAT', v('proxy.logFormat'));
  add('LINKERD2_PROXY_DESTINATION_SVC_ADDR', `linkerd-dst-headless.${ns}.svc.${clusterDomain}.:8086`);
  add('LINKERD2_PROXY_DESTINATION_PROFILE_NETWORKS', v('clusterNetworks'));
  add('LINKERD2_PROXY_POLICY_SVC_ADDR', `linkerd-policy.${ns}.svc.${clusterDomain}.:8090`);
  add('LINKERD2_PROXY_POLICY_WORKLOAD', '{"ns":"$(_pod_ns)", "pod":"$(_pod_name)"}\n');
  add('LINKERD2_PROXY_INBOUND_DEFAULT_POLICY', v('proxy.defaultInboundPolicy'));
  add('LINKERD2_PROXY_POLICY_CLUSTER_NETWORKS', v('clusterNetworks'));
  add('LINKERD2_PROXY_CONTROL_STREAM_INITIAL_TIMEOUT', v('proxy.control.streams.initialTimeout'));
  add('LINKERD2_PROXY_CONTROL_STREAM_IDLE_TIMEOUT', v('proxy.control.streams.idleTimeout'));
  add('LINKERD2_PROXY_CONTROL_STREAM_LIFETIME', v('proxy.control.streams.lifetime'));
  for (const [key, name] of [['inboundConnectTimeout', 'INBOUND_CONNECT_TIMEOUT'], ['outboundConnectTimeout', 'OUTBOUND_CONNECT_TIMEOUT'],
    ['outboundDiscoveryCacheUnusedTimeout', 'OUTBOUND_DISCOVERY_IDLE_TIMEOUT'], ['inboundDiscoveryCacheUnusedTimeout', 'INBOUND_DISCOVERY_IDLE_TIMEOUT']] as const) {
    if (truthy(v(`proxy.${key}`))) add(`LINKERD2_PROXY_${name}`, v(`proxy.${key}`));
  }
  if (truthy(v('proxy.disableOutboundProtocolDetectTimeout'))) add('LINKERD2_PROXY_OUTBOUND_DETECT_TIMEOUT', '365d');
  if (truthy(v('proxy.disableInboundProtocolDetectTimeout'))) add('LINKERD2_PROXY_INBOUND_DETECT_TIMEOUT', '365d');
  const outbound = v('proxy.ports.outbound');
  add('LINKERD2_PROXY_CONTROL_LISTEN_ADDR', `${any}:${v('proxy.ports.control')}`);
  add('LINKERD2_PROXY_ADMIN_LISTEN_ADDR', `${any}:${v('proxy.ports.admin')}`);
  add('LINKERD2_PROXY_OUTBOUND_LISTEN_ADDR', `127.0.0.1:${outbound}`);
  add('LINKERD2_PROXY_OUTBOUND_LISTEN_ADDRS', `127.0.0.1:${outbound}${truthy(v('disableIPv6')) ? '' : `,[::1]:${outbound}`}`);
  add('LINKERD2_PROXY_INBOUND_LISTEN_ADDR', `${any}:${v('proxy.ports.inbound')}`);
  env.push(fieldRef('LINKERD2_PROXY_INBOUND_IPS', 'status.podIPs'));
  add('LINKERD2_PROXY_INBOUND_PORTS', podInboundPorts(target.spec));
  add('LINKERD2_PROXY_DESTINATION_PROFILE_SUFFIXES', truthy(v('proxy.enableExternalProfiles')) ? '.' : `svc.${clusterDomain}.`);
  add('LINKERD2_PROXY_INBOUND_ACCEPT_KEEPALIVE', '10000ms');
  add('LINKERD2_PROXY_OUTBOUND_CONNECT_KEEPALIVE', '10000ms');
  add('LINKERD2_PROXY_INBOUND_ACCEPT_USER_TIMEOUT', '30s');
  add('LINKERD2_PROXY_OUTBOUND_CONNECT_USER_TIMEOUT', '30s');
  add('LINKERD2_PROXY_OUTBOUND_METRICS_HOSTNAME_LABELS', v('proxy.metrics.hostnameLabels'));
  // The inbound/outbound server parameters, ranged in sorted key order (the chart's two HTTP/2 keep-alive settings each).
  for (const direction of ['inbound', 'outbound']) {
    for (const [param, name] of [['keepAliveInterval', 'KEEP_ALIVE_INTERVAL'], ['keepAliveTimeout', 'KEEP_ALIVE_TIMEOUT']]) {
      add(`LINKERD2_PROXY_${direction.toUpperCase()}_SERVER_HTTP2_${name}`, v(`proxy.${direction}.server.http2.${param}`));
    }
  }
  if (truthy(v('proxy.opaquePorts'))) add('LINKERD2_PROXY_INBOUND_PORTS_DISABLE_PROTOCOL_DETECTION', v('proxy.opaquePorts'));
  add('LINKERD2_PROXY_DESTINATION_CONTEXT', '{"ns":"$(_pod_ns)", "nodeName":"$(_pod_nodeName)", "pod":"$(_pod_name)"}\n');
  env.push(fieldRef('_pod_sa', 'spec.serviceAccountName'));
  add('_l5d_ns', ns);
  add('_l5d_trustdomain', trustDomain);
  add('LINKERD2_PROXY_IDENTITY_DIR', '/var/run/linkerd/identity/end-entity');
  // Injected pods carry the trust anchors inline (trimmed, then the block's newline).
  add('LINKERD2_PROXY_IDENTITY_TRUST_ANCHORS', `${trustAnchors(values).trim()}\n`);
  add('LINKERD2_PROXY_IDENTITY_TOKEN_FILE', truthy(v('identity.serviceAccountTokenProjection'))
    ? '/var/run/secrets/tokens/linkerd-identity-token' : '/var/run/secrets/kubernetes.io/serviceaccount/token');
  add('LINKERD2_PROXY_IDENTITY_SVC_ADDR', `linkerd-identity-headless.${ns}.svc.${clusterDomain}.:8080`);
  add('LINKERD2_PROXY_IDENTITY_LOCAL_NAME', `$(_pod_sa).$(_pod_ns).serviceaccount.identity.${ns}.${trustDomain}`);
  add('LINKERD2_PROXY_IDENTITY_SVC_NAME', `linkerd-identity.${ns}.serviceaccount.identity.${ns}.${trustDomain}`);
  add('LINKERD2_PROXY_DESTINATION_SVC_NAME', `linkerd-destination.${ns}.serviceaccount.identity.${ns}.${trustDomain}`);
  add('LINKERD2_PROXY_POLICY_SVC_NAME', `linkerd-destination.${ns}.serviceaccount.identity.${ns}.${trustDomain}`);
  if (truthy(v('proxy.accessLog'))) add('LINKERD2_PROXY_ACCESS_LOG', v('proxy.accessLog'));
  if (truthy(v('proxy.shutdownGracePeriod'))) add('LINKERD2_PROXY_SHUTDOWN_GRACE_PERIOD', v('proxy.shutdownGracePeriod'));
  return env;
}

/** identityTrustAnchorsPEM, which the chart `required`s. */
function trustAnchors(values: string): string {
  const pem = valuesBlock(values, 'identityTrustAnchorsPEM');
  if (pem === undefined) throw new ModelGap('linkerd-config\'s values hold no identityTrustAnchorsPEM, which the proxy spec requires ("Please provide the identity trust anchors")');
  return pem;
}

const int = (text: string): number => Number.parseInt(text, 10);
/** proxy.image.version, else linkerdVersion (which `linkerd install` always writes). */
function proxyVersion(values: string): string {
  const version = installValue(values, 'proxy.image.version') || installValue(values, 'linkerdVersion');
  if (version === '') throw new ModelGap('linkerd-config\'s values hold neither proxy.image.version nor linkerdVersion: the proxy image is not known');
  return version;
}
const image = (values: string): string => `${installValue(values, 'proxy.image.name')}:${proxyVersion(values)}`;
const pullPolicy = (values: string): string => installValue(values, 'proxy.image.pullPolicy') || installValue(values, 'imagePullPolicy');

/** _proxy.tpl's container (without --manual's capabilities or resources: gaps); `native`: proxy.nativeSidecar, which also decides where the caller places it. */
function proxyContainer(values: string, target: InjectTarget, native: boolean): Record<string, unknown> {
  const v = (path: string): string => installValue(values, path);
  const admin = int(v('proxy.ports.admin'));
  const container: Record<string, unknown> = {
    env: proxyEnv(values, target),
    image: image(values),
    imagePullPolicy: pullPolicy(values),
    livenessProbe: {httpGet: {path: '/live', port: admin}, initialDelaySeconds: int(v('proxy.livenessProbe.initialDelaySeconds')), timeoutSeconds: int(v('proxy.livenessProbe.timeoutSeconds'))},
    name: 'linkerd-proxy',
    ports: [{containerPort: int(v('proxy.ports.inbound')), name: 'linkerd-proxy'}, {containerPort: admin, name: 'linkerd-admin'}],
    readinessProbe: {httpGet: {path: '/ready', port: admin}, initialDelaySeconds: int(v('proxy.readinessProbe.initialDelaySeconds')), timeoutSeconds: int(v('proxy.readinessProbe.timeoutSeconds'))},
  };
  if (native && truthy(v('proxy.await'))) {
    // corev1.Probe's int fields are omitempty: the chart's initialDelaySeconds 0 is not printed.
    const startup = {initialDelaySeconds: int(v('proxy.startupProbe.initialDelaySeconds')), periodSeconds: int(v('proxy.startupProbe.periodSeconds')),
      failureThreshold: int(v('proxy.startupProbe.failureThreshold'))};
    container.startupProbe = {httpGet: {path: '/ready', port: admin}, ...Object.fromEntries(Object.entries(startup).filter(([, n]) => n !== 0))};
  }
  const gid = int(v('proxy.gid'));
  container.securityContext = {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: int(v('proxy.uid')),
    ...(gid >= 0 ? {runAsGroup: gid} : {}), seccompProfile: {type: 'RuntimeDefault'}};
  container.terminationMessagePolicy = 'FallbackToLogsOnError';
  const wait = v('proxy.waitBeforeExitSeconds');
  if (!native && (truthy(v('proxy.await')) || truthy(wait))) {
    container.lifecycle = {
      ...(truthy(v('proxy.await')) ? {postStart: {exec: {command: ['/usr/lib/linkerd/linkerd-await', '--timeout=2m', `--port=${admin}`]}}} : {}),
      ...(truthy(wait) ? {preStop: {exec: {command: ['/bin/sleep', wait]}}} : {}),
    };
  }
  container.volumeMounts = [
    {mountPath: '/var/run/linkerd/identity/end-entity', name: 'linkerd-identity-end-entity'},
    ...(truthy(v('identity.serviceAccountTokenProjection')) ? [{mountPath: '/var/run/secrets/tokens', name: 'linkerd-identity-token'}] : []),
  ];
  if (native) container.restartPolicy = 'Always';
  return container;
}

/** _proxy-init.tpl's linkerd-init (iptables mode nft or legacy, not root, not privileged). */
function proxyInitContainer(values: string): Record<string, unknown> {
  const v = (path: string): string => installValue(values, path);
  const gid = int(v('proxy.gid'));
  const ignoreInbound = v('proxyInit.ignoreInboundPorts');
  const args = [
    ...(v('proxyInit.iptablesMode') === 'nft' ? ['--firewall-bin-path', 'iptables-nft', '--firewall-save-bin-path', 'iptables-nft-save'] : []),
    ...(truthy(v('disableIPv6')) ? ['--ipv6=false'] : []),
    '--incoming-proxy-port', v('proxy.ports.inbound'), '--outgoing-proxy-port', v('proxy.ports.outbound'), '--proxy-uid', v('proxy.uid'),
    ...(gid >= 0 ? ['--proxy-gid', String(gid)] : []),
    '--inbound-ports-to-ignore', `${v('proxy.ports.control')},${v('proxy.ports.admin')}${ignoreInbound ? `,${ignoreInbound}` : ''}`,
    ...(truthy(v('proxyInit.ignoreOutboundPorts')) ? ['--outbound-ports-to-ignore', v('proxyInit.ignoreOutboundPorts')] : []),
    ...(truthy(v('proxyInit.logFormat')) ? ['--log-format', v('proxyInit.logFormat')] : []),
    ...(truthy(v('proxyInit.logLevel')) ? ['--log-level', v('proxyInit.logLevel')] : []),
    ...(truthy(v('proxyInit.skipSubnets')) ? ['--subnets-to-ignore', v('proxyInit.skipSubnets')] : []),
  ];
  // runAsUser/runAsGroup 0 fall back to 65534 (the chart's ternary).
  const id = (path: string): number => int(v(path)) || 65534;
  return {
    args, command: ['/usr/lib/linkerd/linkerd2-proxy-init'], image: image(values), imagePullPolicy: pullPolicy(values), name: 'linkerd-init',
    securityContext: {allowPrivilegeEscalation: false, capabilities: {add: ['NET_ADMIN', 'NET_RAW']}, privileged: false, readOnlyRootFilesystem: true,
      runAsGroup: id('proxyInit.runAsGroup'), runAsNonRoot: true, runAsUser: id('proxyInit.runAsUser'), seccompProfile: {type: 'RuntimeDefault'}},
    terminationMessagePolicy: 'FallbackToLogsOnError',
    volumeMounts: [{mountPath: v('proxyInit.xtMountPath.mountPath'), name: v('proxyInit.xtMountPath.name')}],
  };
}

/** _network-validator.tpl's init container (its default securityContext; addresses by IP family unless set). */
function networkValidatorContainer(values: string): Record<string, unknown> {
  const v = (path: string): string => installValue(values, path);
  const ipv4 = truthy(v('disableIPv6'));
  return {
    args: ['--log-format', v('networkValidator.logFormat'), '--log-level', v('networkValidator.logLevel'),
      '--connect-addr', v('networkValidator.connectAddr') || (ipv4 ? '1.1.1.1:20001' : '[fd00::1]:20001'),
      '--listen-addr', v('networkValidator.listenAddr') || (ipv4 ? '0.0.0.0:4140' : '[::]:4140'), '--timeout', v('networkValidator.timeout')],
    command: ['/usr/lib/linkerd/linkerd2-network-validator'], image: image(values), imagePullPolicy: pullPolicy(values), name: 'linkerd-network-validator',
    ...(v('networkValidator.enableSecurityContext') === 'false' ? {} : {securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: ['ALL']},
      readOnlyRootFilesystem: true, runAsGroup: 65534, runAsNonRoot: true, runAsUser: 65534, seccompProfile: {type: 'RuntimeDefault'}}}),
  };
}

/**
 * The pod template with the proxy injected (patch.json's operations applied): annotations
 * (created-by, proxy-version, trust-root-sha256 of the anchors' text), labels (control plane
 * namespace, workload, workload namespace), volumes appended, linkerd-init then the proxy.
 * `template` is changed in place; `cliVersion` is the CLI's (the session's `linkerd version --client`).
 */
export function injectProxy(template: {metadata: Record<string, unknown>; spec: Record<string, unknown>}, target: InjectTarget, values: string, cliVersion: string): void {
  assertRendered(values, target);
  const v = (path: string): string => installValue(values, path);
  const anchors = trustAnchors(values);
  const metadata = template.metadata;
  metadata.annotations = {
    ...stringMap(metadata.annotations),
    // CreatedByAnnotationValue: the CLI's own version.Version.
    'linkerd.io/created-by': `linkerd/cli ${cliVersion}`,
    'linkerd.io/proxy-version': proxyVersion(values),
    'linkerd.io/trust-root-sha256': bytesToHex(sha256(utf8ToBytes(anchors))),
  };
  const workloadLabel = WORKLOAD_LABELS[target.kind];
  metadata.labels = {
    ...stringMap(metadata.labels), 'linkerd.io/control-plane-ns': CONTROL_PLANE_NAMESPACE,
    // populateMeta: a Pod (no owner looked up by the CLI) gets the workload namespace alone.
    ...(workloadLabel ? {[workloadLabel]: target.name} : {}), 'linkerd.io/workload-ns': target.namespace,
  };
  const spec = template.spec;
  // One reading of proxy.nativeSidecar for both the container's shape (restartPolicy, startupProbe) and its place.
  const native = truthy(v('proxy.nativeSidecar'));
  const proxy = proxyContainer(values, target, native);
  const cni = truthy(v('cniEnabled'));
  // patch.json: the xtables lock only for linkerd-init, which the CNI plugin replaces.
  spec.volumes = [
    ...list(spec.volumes),
    ...(cni ? [] : [{emptyDir: {}, name: v('proxyInit.xtMountPath.name')}]),
    {emptyDir: {medium: 'Memory'}, name: 'linkerd-identity-end-entity'},
    ...(truthy(v('identity.serviceAccountTokenProjection'))
      ? [{name: 'linkerd-identity-token', projected: {sources: [{serviceAccountToken: {audience: 'identity.l5d.io', expirationSeconds: 86400, path: 'linkerd-identity-token'}}]}}]
      : []),
  ];
  spec.initContainers = [cni ? networkValidatorContainer(values) : proxyInitContainer(values), ...(native ? [proxy] : []), ...list(spec.initContainers)];
  if (!native) spec.containers = truthy(v('proxy.await')) ? [proxy, ...list(spec.containers)] : [...list(spec.containers), proxy];
}
