/**
 * `linkerd inject --manual` (linkerd2 version-2.20 cli/cmd/inject.go with injectProxy, pkg/inject
 * GetPodPatch, charts/patch/templates/patch.json and the partials _proxy.tpl, _proxy-init.tpl,
 * _volumes.tpl) from linkerd-config's install values over the chart's defaults: linkerd-init, then
 * linkerd-proxy as a native sidecar (or, without proxy.nativeSidecar, the first container with
 * linkerd-await), the identity volumes, the created-by / proxy-version / trust-root-sha256
 * annotations and the workload labels, printed as sigs.k8s.io/yaml prints them (keys sorted).
 * Checked by hand against upstream's inject_emojivoto_deployment.golden.yml (identical but for the
 * CLI's version in created-by).
 */
import {createHash} from 'node:crypto';
import {describe, expect, it} from 'vitest';
import {parse} from 'yaml';
import {parseInjectPipeline, printInjectPipeline} from '../../../src/terminal/printers/linkerd-inject';
import {ModelGap, type ModelObject, type StateModel} from '../../../src/terminal/printers/model';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBnzCCAUWgAwIBAgIUAu1s5U40XHlg3nOT\n-----END CERTIFICATE-----\n';
const indented = (text: string): string => text.trimEnd().split('\n').map((line) => `  ${line}`).join('\n');
const VALUES = `clusterDomain: cluster.local\nidentityTrustAnchorsPEM: |\n${indented(PEM)}\nlinkerdVersion: version-2.20\n`;

const config = (values: string): ModelObject => ({group: '', kind: 'ConfigMap', namespace: 'linkerd', name: 'linkerd-config', value: {data: {values}}});
const web: ModelObject = {group: 'apps', kind: 'Deployment', namespace: 'emojivoto', name: 'web', value: {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'web', namespace: 'emojivoto'},
  spec: {selector: {matchLabels: {app: 'web'}}, template: {metadata: {labels: {app: 'web'}}, spec: {containers: [{
    name: 'web', image: 'buoyantio/emojivoto-web:v11', ports: [{containerPort: 9000}], readinessProbe: {httpGet: {path: '/ready', port: 10000}},
  }]}}},
}};

function injectManual(values: string = VALUES, objects: ModelObject[] = [web], flags = ''): string {
  const pipeline = parseInjectPipeline(`kubectl get deploy web -o yaml | linkerd inject --manual${flags} -`, 'emojivoto');
  if (!pipeline) throw new Error('not parsed');
  return printInjectPipeline(pipeline, {objects: [...objects, config(values)], linkerd: {facts: {cliVersion: 'version-2.20', certificates: {}}}} as StateModel);
}
/** The injected Deployment (the YAML before the `---` and the report). */
const injected = (text: string): any => parse(text.slice(0, text.lastIndexOf('\n---\n') + 1));
const envOf = (container: any): Record<string, string> => Object.fromEntries(container.env.filter((e: any) => 'value' in e).map((e: any) => [e.name, e.value]));

describe('linkerd inject --manual', () => {
  it('prints the Deployment with linkerd-init then the native-sidecar proxy, the identity volumes, and the report on stderr', () => {
    const text = injectManual();
    expect(text.endsWith('---\n\ndeployment "web" injected\n\n')).toBe(true);
    const template = injected(text).spec.template;
    expect(template.metadata.annotations).toEqual({
      'linkerd.io/created-by': 'linkerd/cli version-2.20',
      'linkerd.io/proxy-version': 'version-2.20',
      'linkerd.io/trust-root-sha256': createHash('sha256').update(PEM).digest('hex'),
    });
    expect(template.metadata.labels).toEqual({app: 'web', 'linkerd.io/control-plane-ns': 'linkerd', 'linkerd.io/proxy-deployment': 'web', 'linkerd.io/workload-ns': 'emojivoto'});
    expect(template.spec.initContainers.map((c: any) => c.name)).toEqual(['linkerd-init', 'linkerd-proxy']);
    expect(template.spec.containers.map((c: any) => c.name)).toEqual(['web']);
    expect(template.spec.volumes.map((v: any) => v.name)).toEqual(['linkerd-proxy-init-xtables-lock', 'linkerd-identity-end-entity', 'linkerd-identity-token']);
    const [init, proxy] = template.spec.initContainers;
    expect(init.args).toEqual(['--firewall-bin-path', 'iptables-nft', '--firewall-save-bin-path', 'iptables-nft-save', '--ipv6=false', '--incoming-proxy-port', '4143',
      '--outgoing-proxy-port', '4140', '--proxy-uid', '2102', '--inbound-ports-to-ignore', '4190,4191,4567,4568', '--outbound-ports-to-ignore', '4567,4568']);
    expect(init.image).toBe('cr.l5d.io/linkerd/proxy:version-2.20');
    expect(proxy.restartPolicy).toBe('Always');
    // corev1.Probe drops the chart's startupProbe.initialDelaySeconds 0 (omitempty).
    expect(proxy.startupProbe).toEqual({failureThreshold: 120, httpGet: {path: '/ready', port: 4191}, periodSeconds: 1});
    expect(proxy.ports).toEqual([{containerPort: 4143, name: 'linkerd-proxy'}, {containerPort: 4191, name: 'linkerd-admin'}]);
  });

  it('writes _proxy.tpl\'s environment in its order, the pod\'s ports sorted as strings, the trust anchors inline', () => {
    const proxy = injected(injectManual()).spec.template.spec.initContainers[1];
    const names = proxy.env.map((e: any) => e.name);
    expect(names.slice(0, 9)).toEqual(['_pod_name', '_pod_ns', '_pod_uid', '_pod_ip', '_pod_nodeName', '_pod_containerName', 'LINKERD2_PROXY_CORES', 'LINKERD2_PROXY_CORES_MIN', 'LINKERD2_PROXY_SHUTDOWN_ENDPOINT_ENABLED']);
    expect(names.slice(-9)).toEqual(['_l5d_trustdomain', 'LINKERD2_PROXY_IDENTITY_DIR', 'LINKERD2_PROXY_IDENTITY_TRUST_ANCHORS', 'LINKERD2_PROXY_IDENTITY_TOKEN_FILE',
      'LINKERD2_PROXY_IDENTITY_SVC_ADDR', 'LINKERD2_PROXY_IDENTITY_LOCAL_NAME', 'LINKERD2_PROXY_IDENTITY_SVC_NAME', 'LINKERD2_PROXY_DESTINATION_SVC_NAME', 'LINKERD2_PROXY_POLICY_SVC_NAME']);
    const env = envOf(proxy);
    expect(env.LINKERD2_PROXY_INBOUND_PORTS).toBe('10000,9000');
    expect(env.LINKERD2_PROXY_IDENTITY_TRUST_ANCHORS).toBe(PEM);
    expect(env.LINKERD2_PROXY_LOG).toBe('warn,linkerd=info,hickory=error,[{headers}]=off,[{request}]=off');
    expect(env.LINKERD2_PROXY_ADMIN_LISTEN_ADDR).toBe('0.0.0.0:4191');
    expect(env.LINKERD2_PROXY_IDENTITY_LOCAL_NAME).toBe('$(_pod_sa).$(_pod_ns).serviceaccount.identity.linkerd.cluster.local');
    expect(env.LINKERD2_PROXY_INBOUND_PORTS_DISABLE_PROTOCOL_DETECTION).toBe('25,587,3306,4444,5432,6379,9300,11211');
  });

  it('prints keys sorted and multi-line values as literal blocks, as JSONToYAML does', () => {
    const text = injectManual();
    expect(text).toContain('      initContainers:\n      - args:\n        - --firewall-bin-path\n');
    expect(text).toContain('        - name: LINKERD2_PROXY_POLICY_WORKLOAD\n          value: |\n            {"ns":"$(_pod_ns)", "pod":"$(_pod_name)"}\n');
    expect(text).toContain('        - name: LINKERD2_PROXY_INBOUND_PORTS\n          value: 10000,9000\n');
  });

  it('reads the install values: IPv6, the proxy version, a sidecar that is not native', () => {
    const values = `${VALUES}disableIPv6: false\nproxy:\n  image:\n    version: edge-26.8.3\n  nativeSidecar: false\n  waitBeforeExitSeconds: 5\n`;
    const template = injected(injectManual(values)).spec.template;
    expect(template.metadata.annotations['linkerd.io/proxy-version']).toBe('edge-26.8.3');
    expect(template.spec.initContainers.map((c: any) => c.name)).toEqual(['linkerd-init']);
    expect(template.spec.initContainers[0].args).not.toContain('--ipv6=false');
    // proxy.await puts the proxy first, with linkerd-await after start and the sleep before stop.
    const [proxy] = template.spec.containers;
    expect(proxy.name).toBe('linkerd-proxy');
    expect(proxy.lifecycle).toEqual({postStart: {exec: {command: ['/usr/lib/linkerd/linkerd-await', '--timeout=2m', '--port=4191']}}, preStop: {exec: {command: ['/bin/sleep', '5']}}});
    expect(proxy.restartPolicy).toBeUndefined();
    expect(proxy.startupProbe).toBeUndefined();
    const env = envOf(proxy);
    expect(env.LINKERD2_PROXY_ADMIN_LISTEN_ADDR).toBe('[::]:4191');
    expect(env.LINKERD2_PROXY_OUTBOUND_LISTEN_ADDRS).toBe('127.0.0.1:4140,[::1]:4140');
  });

  it('with the CNI plugin, linkerd-network-validator replaces linkerd-init and its xtables volume', () => {
    const spec = injected(injectManual(`${VALUES}cniEnabled: true\n`)).spec.template.spec;
    expect(spec.initContainers.map((c: any) => c.name)).toEqual(['linkerd-network-validator', 'linkerd-proxy']);
    expect(spec.initContainers[0].args).toEqual(['--log-format', 'plain', '--log-level', 'debug', '--connect-addr', '1.1.1.1:20001', '--listen-addr', '0.0.0.0:4140', '--timeout', '10s']);
    expect(spec.initContainers[0].command).toEqual(['/usr/lib/linkerd/linkerd2-network-validator']);
    expect(spec.volumes.map((v: any) => v.name)).toEqual(['linkerd-identity-end-entity', 'linkerd-identity-token']);
  });

  it('what the model does not render is a gap: no trust anchors, tracing, override flags', () => {
    expect(() => injectManual('linkerdVersion: version-2.20\n')).toThrow(/identityTrustAnchorsPEM/);
    expect(() => injectManual(`${VALUES}proxy:\n  tracing:\n    enabled: true\n`)).toThrow(ModelGap);
    expect(() => injectManual(VALUES, [web], ' --proxy-log-level debug')).toThrow(/override flags/);
    expect(() => printInjectPipeline(parseInjectPipeline('kubectl get deploy web -o yaml | linkerd inject --manual -', 'emojivoto')!, {objects: [web]})).toThrow(/linkerd-config/);
  });
});
