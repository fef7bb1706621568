import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {checkScenario} from '../../../src/terminal/check-session';
import {stateModels} from '../../../src/terminal/cluster-state';
import {parseIstioctlDescribeService, printIstioctlDescribeService} from '../../../src/terminal/printers/istioctl-describe-service';
import {printFromModel} from '../../../src/terminal/printers/index';
import {ModelGap, type ModelObject, type StateModel} from '../../../src/terminal/printers/model';

const object = (group: string, kind: string, namespace: string, name: string, value: Record<string, unknown>): ModelObject =>
  ({group, kind, namespace, name, value: {metadata: {name, namespace, ...(value.metadata as object)}, ...value}});

function pod(name: string, version: string, options: {phase?: string; proxyReady?: boolean; sidecar?: boolean} = {}): ModelObject {
  const sidecar = options.sidecar !== false;
  return object('', 'Pod', 'default', name, {
    metadata: {labels: {app: 'web', version}, annotations: sidecar ? {'sidecar.istio.io/status': '{"revision":"default"}'} : {}},
    spec: {
      initContainers: sidecar ? [{name: 'istio-init'}, {name: 'istio-proxy', restartPolicy: 'Always'}] : [],
      containers: [{name: 'web', ports: [{containerPort: 8080, protocol: 'TCP'}]}],
    },
    status: {
      phase: options.phase ?? 'Running',
      containerStatuses: [{name: 'web', ready: true}],
      initContainerStatuses: sidecar ? [{name: 'istio-init', ready: true}, {name: 'istio-proxy', ready: options.proxyReady !== false}] : [],
    },
  });
}

const webService = object('', 'Service', 'default', 'web', {spec: {selector: {app: 'web'}, ports: [{name: 'http', port: 80, targetPort: 8080, protocol: 'TCP'}]}});
const rule = object('networking.istio.io', 'DestinationRule', 'default', 'web', {spec: {host: 'web', subsets: ['v1', 'v2', 'v3'].map((v) => ({name: v, labels: {version: v}}))}});
const model = (...objects: ModelObject[]): StateModel => ({objects});
const describeService = (line: string, m: StateModel): string => printIstioctlDescribeService(parseIstioctlDescribeService(line, 'default')!, m);

describe('istioctl x describe service, as describe.go svcDescribeCmd prints it', () => {
  it('describes the Service through its first meshed pod, with subsets matched against every meshed pod, and no pod or PeerAuthentication section', () => {
    expect(describeService('istioctl x describe svc web', model(pod('web-b', 'v2'), pod('web-a', 'v1'), webService, rule))).toBe([
      'Service: web',
      '   Port: http 80/HTTP targets pod port 8080',
      'DestinationRule: web for "web"',
      '   Matching subsets: v1,v2',
      '      (Non-matching subsets v3)',
      '   No Traffic Policy',
      'Skipping Gateway information (no ingress gateway pods)',
      '',
    ].join('\n'));
  });

  it('reports pods that are not Running or whose proxy is not ready, and leaves them out of the subsets', () => {
    const text = describeService('istioctl x describe service web', model(pod('web-a', 'v1'), pod('web-b', 'v2', {proxyReady: false}), pod('web-c', 'v3', {phase: 'Pending'}), webService, rule));
    expect(text).toMatch(/^WARNING: Pod web-b Container istio-proxy NOT READY\n   Pod is not Running \(Pending\)\nService: web\n/);
    expect(text).toContain('   Matching subsets: v1\n      (Non-matching subsets v2,v3)\n');
  });

  it('says when the Service has no pods, or no Istio pods, as svcDescribeCmd words it', () => {
    expect(describeService('istioctl x describe svc web', model(webService))).toBe('Service "web" has no pods.\n');
    expect(describeService('istioctl x describe svc web', model(webService, pod('web-a', 'v1', {sidecar: false})))).toBe(
      'Pod web-a: no container "istio-proxy" in pod\nService "web" has no Istio pods.  (1 pods in service).\nUse `istioctl kube-inject` or redeploy with Istio automatic sidecar injection.\n');
    expect(describeService('istioctl x describe svc other', model(webService))).toBe('Error: services "other" not found\n');
  });

  it('reads NAME.NS or -n, names objects outside the describe namespace NAME.NS, and takes the svc alias', () => {
    expect(parseIstioctlDescribeService('istioctl experimental describe service web.shop', 'default')).toEqual({service: 'web', namespace: 'shop', describeNamespace: 'default'});
    expect(parseIstioctlDescribeService('istioctl x des svc web -n shop', 'default')).toEqual({service: 'web', namespace: 'shop', describeNamespace: 'shop'});
    expect(parseIstioctlDescribeService('istioctl x describe pod web', 'default')).toBeUndefined();
    const shop = object('', 'Service', 'shop', 'web', {spec: {selector: {app: 'web'}, ports: [{name: 'http', port: 80, targetPort: 8080}]}});
    expect(describeService('istioctl x describe svc web.shop', model(shop))).toBe('Service "web.shop" has no pods.\n');
  });

  it('is a gap for a namespace whose pods the model does not keep, or a gateway\'s own Service', () => {
    const held = {objects: [webService], held: ['/Service/default']};
    expect(() => describeService('istioctl x describe svc web', held)).toThrow(/keeps no pods of namespace default/);
    const gatewayPod = object('', 'Pod', 'default', 'gw-1', {metadata: {labels: {app: 'web'}}, spec: {containers: [{name: 'istio-proxy'}]}, status: {phase: 'Running', containerStatuses: [{name: 'istio-proxy', ready: true}]}});
    expect(() => describeService('istioctl x describe svc web', model(webService, gatewayPod))).toThrow(ModelGap);
  });

  it('answers a typed line in the traffic-not-routing session from its model', () => {
    const dir = 'labs/sessions/traffic-not-routing';
    const read = (file: string): string => readFileSync(`${dir}/${file}`, 'utf8');
    const scenario = checkScenario(`${dir}/scenario.yaml`, read('scenario.yaml'), {computed: 'skip', readFile: read});
    const printed = printFromModel('istioctl x describe svc reviews', scenario, stateModels(scenario, read).fixed!);
    expect(printed).toEqual({kind: 'printed', text: [
      'Service: reviews',
      '   Port: http 9080/HTTP targets pod port 9080',
      'DestinationRule: reviews for "reviews"',
      '   Matching subsets: v1,v2,v3',
      '   No Traffic Policy',
      'VirtualService: reviews',
      '   Match:  when headers are end-user=jason',
      '   Route to host "reviews" subset "v1" with weight 50%',
      '   Route to host "reviews" subset "v3" with weight 50%',
      '',
    ].join('\n')});
  });
});

describe('the traffic-not-routing page\'s account of istioctl x describe service', () => {
  it('holds for the session\'s broken state: a route reaches the first pod, so the unknown subset goes unnamed', () => {
    const dir = 'labs/sessions/traffic-not-routing';
    const read = (file: string): string => readFileSync(`${dir}/${file}`, 'utf8');
    const scenario = checkScenario(`${dir}/scenario.yaml`, read('scenario.yaml'), {computed: 'skip', readFile: read});
    const printed = printFromModel('istioctl x describe service reviews', scenario, stateModels(scenario, read).broken!);
    expect(printed?.kind).toBe('printed');
    const text = printed?.kind === 'printed' ? printed.text : '';
    expect(text).toContain('   Route to host "reviews" subset "v1" with weight 50%\n   Route to host "reviews" subset "v3" with weight 50%\n   1 additional destination(s) that will not reach this pod\n');
    expect(text).not.toContain('UNKNOWN subset');
    const page = readFileSync('docs/troubleshooting/traffic-not-routing.mdx', 'utf8');
    expect(page).toContain('`istioctl x describe service reviews` looks from the Service\'s side');
    expect(page).toContain('it lists the weighted routes to `v1` and `v3`, then `1 additional destination(s) that will not reach this pod`');
    // The session records the command, as the page says, with the printer's output in both states.
    const recorded = scenario.commands.find((command) => command.run === 'istioctl x describe service reviews');
    expect(recorded?.outputs.broken).toBe(text);
    const fixed = printFromModel('istioctl x describe service reviews', scenario, stateModels(scenario, read).fixed!);
    expect(recorded?.outputs.fixed).toBe(fixed?.kind === 'printed' ? fixed.text : undefined);
  });
});
