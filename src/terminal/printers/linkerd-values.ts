/**
 * The install values `linkerd install` 2.20 writes into the linkerd-config ConfigMap (`data.values`,
 * block YAML as Helm's toYaml writes it), read over linkerd-control-plane 2.20's values.yaml defaults
 * for the keys a model's linkerd-config leaves out. One reader for every Linkerd printer that needs
 * them (inject's overrides and proxy spec, the policy controller's arguments, the server version).
 */
import {field, ModelGap, type StateModel} from './model';
import {CONTROL_PLANE_NAMESPACE} from './linkerd-model';

/** charts/linkerd-control-plane/values.yaml (version-2.20), the scalars the printers read, by dotted path. */
export const CHART_DEFAULTS: Readonly<Record<string, string>> = {
  clusterDomain: 'cluster.local',
  clusterNetworks: '10.0.0.0/8,100.64.0.0/10,172.16.0.0/12,192.168.0.0/16,fd00::/8',
  imagePullPolicy: 'IfNotPresent',
  disableIPv6: 'true',
  cniEnabled: 'false',
  identityTrustDomain: '',
  'identity.serviceAccountTokenProjection': 'true',
  'proxy.enableExternalProfiles': 'false',
  'proxy.outboundConnectTimeout': '1000ms',
  'proxy.inboundConnectTimeout': '100ms',
  'proxy.outboundDiscoveryCacheUnusedTimeout': '5s',
  'proxy.inboundDiscoveryCacheUnusedTimeout': '90s',
  'proxy.disableOutboundProtocolDetectTimeout': 'false',
  'proxy.disableInboundProtocolDetectTimeout': 'false',
  'proxy.image.name': 'cr.l5d.io/linkerd/proxy',
  'proxy.image.pullPolicy': '',
  'proxy.image.version': '',
  'proxy.enableShutdownEndpoint': 'false',
  'proxy.logLevel': 'warn,linkerd=info,hickory=error',
  'proxy.logFormat': 'plain',
  'proxy.logHTTPHeaders': 'off',
  'proxy.ports.admin': '4191',
  'proxy.ports.control': '4190',
  'proxy.ports.inbound': '4143',
  'proxy.ports.outbound': '4140',
  'proxy.cores': '',
  'proxy.runtime.workers.maximumCPURatio': '',
  'proxy.runtime.workers.minimum': '1',
  'proxy.runtime.workers.maximum': '',
  'proxy.resources.cpu.request': '',
  'proxy.resources.cpu.limit': '',
  'proxy.resources.memory.request': '',
  'proxy.resources.memory.limit': '',
  'proxy.uid': '2102',
  'proxy.gid': '-1',
  'proxy.waitBeforeExitSeconds': '0',
  'proxy.await': 'true',
  'proxy.requireIdentityOnInboundPorts': '',
  'proxy.requireTLSOnInboundPorts': '',
  'proxy.opaquePorts': '25,587,3306,4444,5432,6379,9300,11211',
  'proxy.shutdownGracePeriod': '',
  'proxy.accessLog': '',
  'proxy.defaultInboundPolicy': 'all-unauthenticated',
  'proxy.nativeSidecar': 'true',
  'proxy.livenessProbe.initialDelaySeconds': '10',
  'proxy.livenessProbe.timeoutSeconds': '1',
  'proxy.readinessProbe.initialDelaySeconds': '2',
  'proxy.readinessProbe.timeoutSeconds': '1',
  'proxy.startupProbe.initialDelaySeconds': '0',
  'proxy.startupProbe.periodSeconds': '1',
  'proxy.startupProbe.failureThreshold': '120',
  'proxy.control.streams.initialTimeout': '3s',
  'proxy.control.streams.idleTimeout': '5m',
  'proxy.control.streams.lifetime': '1h',
  'proxy.metrics.hostnameLabels': 'false',
  'proxy.tracing.enabled': 'false',
  'proxy.isGateway': 'false',
  'proxy.isIngress': 'false',
  'proxy.inbound.server.http2.keepAliveInterval': '10s',
  'proxy.inbound.server.http2.keepAliveTimeout': '3s',
  'proxy.outbound.server.http2.keepAliveInterval': '10s',
  'proxy.outbound.server.http2.keepAliveTimeout': '3s',
  'networkValidator.logLevel': 'debug',
  'networkValidator.logFormat': 'plain',
  'networkValidator.connectAddr': '',
  'networkValidator.listenAddr': '',
  'networkValidator.timeout': '10s',
  'networkValidator.enableSecurityContext': '',
  'proxyInit.iptablesMode': 'nft',
  'proxyInit.ignoreInboundPorts': '4567,4568',
  'proxyInit.ignoreOutboundPorts': '4567,4568',
  'proxyInit.skipSubnets': '',
  'proxyInit.logLevel': '',
  'proxyInit.logFormat': '',
  'proxyInit.closeWaitTimeoutSecs': '0',
  'proxyInit.privileged': 'false',
  'proxyInit.runAsRoot': 'false',
  'proxyInit.runAsUser': '65534',
  'proxyInit.runAsGroup': '65534',
  'proxyInit.xtMountPath.mountPath': '/run',
  'proxyInit.xtMountPath.name': 'linkerd-proxy-init-xtables-lock',
};

/** A scalar under `path` in linkerd-config's values (block YAML as Helm writes it), quotes removed. */
export function valuesScalar(values: string, path: readonly string[]): string | undefined {
  let depth = 0;
  let indent = -1;
  for (const line of values.split('\n')) {
    const match = /^( *)([A-Za-z][\w-]*):(?: +(.*))?$/.exec(line);
    if (!match) continue;
    const lineIndent = match[1]!.length;
    if (depth > 0 && lineIndent <= indent) return undefined;
    if (match[2] !== path[depth]) continue;
    if (depth === path.length - 1) return match[3]?.trim().replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
    depth++;
    indent = lineIndent;
  }
  return undefined;
}

/** A top-level literal block scalar (`key: |`, as toYaml writes a multi-line string): its text with the final newline, or undefined. */
export function valuesBlock(values: string, key: string): string | undefined {
  const lines = values.split('\n');
  const start = lines.findIndex((line) => line === `${key}: |` || line === `${key}: |-`);
  if (start < 0) return undefined;
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line !== '' && !line.startsWith(' ')) break;
    body.push(line);
  }
  while (body.length > 0 && body.at(-1) === '') body.pop();
  const indent = Math.min(...body.filter((line) => line !== '').map((line) => line.length - line.trimStart().length));
  const text = body.map((line) => line.slice(indent)).join('\n');
  return lines[start]!.endsWith('|-') ? text : `${text}\n`;
}

/** The linkerd-config ConfigMap's `data.values`, or undefined when the model holds none. */
export function findLinkerdConfigValues(model: StateModel): string | undefined {
  const config = model.objects.find((o) => o.group === '' && o.kind === 'ConfigMap' && o.namespace === CONTROL_PLANE_NAMESPACE && o.name === 'linkerd-config');
  const values = field(config?.value, 'data', 'values');
  return typeof values === 'string' ? values : undefined;
}

/** The linkerd-config ConfigMap's `data.values`, or the gap saying what needed it. */
export function linkerdConfigValues(model: StateModel, reader: string): string {
  const values = findLinkerdConfigValues(model);
  if (values === undefined) throw new ModelGap(`the model holds no linkerd-config values, which ${reader} reads`);
  return values;
}

/** The install values: linkerd-config's scalar at a dotted path, else the chart's default ('' for a key neither has). */
export function installValue(values: string, path: string): string {
  return valuesScalar(values, path.split('.')) ?? CHART_DEFAULTS[path] ?? '';
}
