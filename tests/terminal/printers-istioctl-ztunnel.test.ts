/**
 * `istioctl ztunnel-config workloads|services|policies`: the summaries laid out as istioctl
 * 1.30.3's configdump writer lays them out (compared with its golden files in ../shared), and
 * what ztunnel holds derived from a cluster model as istiod derives it.
 */
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {printFromModel} from '../../src/terminal/printers/index';
import {
  parseZtunnelConfig, printPolicySummary, printServiceSummary, printWorkloadSummary, ztunnelDump,
  type ZtunnelDump, type ZtunnelPolicy, type ZtunnelService, type ZtunnelWorkload,
} from '../../src/terminal/printers/istioctl-ztunnel';
import type {ModelObject, StateModel} from '../../src/terminal/printers/model';
import {sharedFile} from '../support/shared';
import {cluster, ns, obj, policy, pod, print, svc, waypointGateway} from './printers/ztunnel-support';

const DIR = 'reference/istio-1.30.3/istioctl-outputs/writer/ztunnel/configdump/testdata';
const goldens = sharedFile(`${DIR}/allsummary.txt`, "istioctl's ztunnel-config golden outputs");
const golden = (name: string): string => readFileSync(goldens.path.replace(/allsummary\.txt$/, name), 'utf8');

/** The rows of a golden table (header dropped), split on runs of spaces. */
const rows = (text: string): string[][] => text.trim().split('\n').slice(1).map((line) => line.trim().split(/ +/));

/** A deterministic shuffle, so the printer's sort is what puts rows in order. */
const shuffled = <T>(items: readonly T[]): T[] => items.map((item, i) => ({item, key: (i * 7919) % 97})).sort((a, b) => a.key - b.key).map(({item}) => item);

/** The dump the golden tables were printed from, rebuilt from their rows: services first, since workloads name their waypoint's service. */
function dumpFromGoldens(): ZtunnelDump {
  const serviceRows = rows(golden('allsummary.txt').split('\n\n')[1]!);
  const workloadRows = rows(golden('workloadsummary.txt'));
  const workloads: ZtunnelWorkload[] = workloadRows.map(([namespace, name, address, node, , protocol]) => ({
    uid: `Kubernetes//Pod/${namespace}/${name}`, name: name!, namespace: namespace!, workloadIps: [address!], hostname: '', node: node!,
    protocol: protocol as 'HBONE' | 'TCP', status: 'Healthy',
    serviceAccount: 'default', workloadName: name!, workloadType: 'pod', canonicalName: name!, canonicalRevision: 'latest',
    trustDomain: 'cluster.local', locality: {region: '', zone: '', subzone: ''}, authorizationPolicies: [],
  }));
  const services: ZtunnelService[] = serviceRows.map(([namespace, name, vip, , endpoints]) => {
    const [, total] = endpoints!.split('/').map(Number);
    // kube-dns selects the coredns pods; every other golden Service its namesake's.
    const app = name === 'kube-dns' ? 'coredns' : name;
    const members = workloads.filter((w) => w.namespace === namespace && w.name.startsWith(`${app}-`)).slice(0, total);
    return {name: name!, namespace: namespace!, hostname: `${name}.${namespace}.svc.cluster.local`, addresses: [`/${vip}`], endpoints: members.map((w) => ({workloadUid: w.uid, port: []})), ports: []};
  });
  workloadRows.forEach(([namespace, , , , waypoint], i) => {
    // Half the waypoints named by hostname, half by address: waypointName accepts either.
    const service = services.find((s) => s.namespace === namespace && s.name === waypoint);
    if (service) workloads[i]!.waypoint = i % 2 === 0 ? `${namespace}/${service.hostname}` : service.addresses[0];
  });
  const policies: ZtunnelPolicy[] = rows(golden('policies.txt')).map(([namespace, name, action, scope]) => ({
    namespace: namespace!, name: name!, action: action as 'Allow', scope: scope as 'Namespace', rules: [], origin: 'AuthorizationPolicy',
  }));
  return {workloads: shuffled(workloads), services: shuffled(services), policies: shuffled(policies)};
}

describe.skipIf(!goldens.available)('ztunnel-config summaries, against istioctl 1.30.3\'s golden files', () => {
  it('prints the workloads as workloadsummary.txt: sorted by namespace.name, tabwriter padding 1, waypoints by service name', () => {
    expect(printWorkloadSummary(dumpFromGoldens())).toBe(golden('workloadsummary.txt'));
  });

  it('filters workloads by namespace as workloadsummary_default.txt', () => {
    expect(printWorkloadSummary(dumpFromGoldens(), {namespace: 'default'})).toBe(golden('workloadsummary_default.txt'));
  });

  it('filters workloads by address as workloadsummary_workload.txt', () => {
    expect(printWorkloadSummary(dumpFromGoldens(), {address: '10.244.2.53'})).toBe(golden('workloadsummary_workload.txt'));
  });

  it('prints the services as allsummary.txt\'s service table, counting healthy endpoints', () => {
    expect(printServiceSummary(dumpFromGoldens())).toBe(`${golden('allsummary.txt').split('\n\n')[1]!}\n`);
  });

  it('prints the policies as policies.txt', () => {
    expect(printPolicySummary(dumpFromGoldens())).toBe(golden('policies.txt'));
  });

  it('counts an unhealthy endpoint out of ENDPOINTS and names an unknown waypoint NA', () => {
    const dump = dumpFromGoldens();
    dump.workloads.find((w) => w.name.startsWith('reviews-v1') && w.namespace === 'default')!.status = 'Unhealthy';
    dump.workloads.find((w) => w.name.startsWith('sleep') && w.namespace === 'default')!.waypoint = '/10.0.0.1';
    expect(printServiceSummary(dump, 'default')).toContain('default   reviews      10.96.68.3    None     2/3');
    expect(printWorkloadSummary(dump, {namespace: 'default'})).toMatch(/sleep-7656cf8794-lxcmx +10\.244\.2\.58 ambient-worker2 NA +HBONE/);
  });
});

describe('what ztunnel holds, derived from the cluster model as istiod derives it', () => {
  it('gives HBONE to pods the CNI agent captured (ambient.istio.io/redirection), TCP to the rest, and leaves out finished pods', () => {
    expect(print('istioctl ztunnel-config workloads --workload-namespace default', cluster({'istio.io/dataplane-mode': 'ambient'}))).toBe([
      'NAMESPACE POD NAME                       ADDRESS     NODE        WAYPOINT PROTOCOL',
      'default   legacy-7c5d9f8b6-h2j3k         10.244.1.10 kind-worker None     TCP',
      'default   productpage-v1-6f9c7b4d8-2kq9z 10.244.1.7  kind-worker None     HBONE',
      'default   reviews-v1-5d8b9c7f4-q8w2m     10.244.1.8  kind-worker None     HBONE',
      'default   reviews-v2-7b6c5d4e3-t5r4e     10.244.1.9  kind-worker None     HBONE',
      '',
    ].join('\n'));
  });

  it('binds Services to the namespace\'s waypoint (traffic type service, the default) but not workloads', () => {
    const model = cluster({'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'waypoint'}, [
      waypointGateway({}, '10.96.10.99'),
      svc('default', 'waypoint', '10.96.10.99', {'gateway.networking.k8s.io/gateway-name': 'waypoint'}, {'gateway.istio.io/managed': 'istio.io-mesh-controller'}),
    ]);
    expect(print('istioctl zc svc --service-namespace default', model)).toBe([
      'NAMESPACE SERVICE NAME SERVICE VIP WAYPOINT ENDPOINTS',
      'default   productpage  10.96.10.11 waypoint 1/1',
      'default   reviews      10.96.10.10 waypoint 1/1',
      'default   waypoint     10.96.10.99 None     0/0',
      '',
    ].join('\n'));
    expect(print('istioctl ztunnel-config workloads --workload-namespace=default', model)).not.toMatch(/ waypoint /);
  });

  it('binds workloads too when the waypoint is for workload or all traffic, and honours a pod\'s own istio.io/use-waypoint=none', () => {
    const model = cluster({'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'waypoint'}, [
      waypointGateway({'istio.io/waypoint-for': 'all'}, '10.96.10.99'),
      svc('default', 'waypoint', '10.96.10.99', undefined, {'gateway.istio.io/managed': 'istio.io-mesh-controller'}),
    ]);
    (model.objects.find((o) => o.name.startsWith('legacy'))!.value.metadata as {labels: Record<string, string>}).labels['istio.io/use-waypoint'] = 'none';
    const text = print('istioctl ztunnel-config workload --workload-namespace default', model);
    expect(text).toMatch(/reviews-v1-5d8b9c7f4-q8w2m +10\.244\.1\.8 +kind-worker waypoint HBONE/);
    expect(text).toMatch(/legacy-7c5d9f8b6-h2j3k +10\.244\.1\.10 kind-worker None +TCP/);
  });

  it('leaves an unhealthy pod out of a Service\'s endpoints, unless the Service publishes not-ready addresses (ztunnel service.rs should_include_endpoint)', () => {
    const services = (model: StateModel): string => print('istioctl ztunnel-config services --service-namespace default', model);
    expect(services(cluster({}))).toMatch(/^default +reviews +10\.96\.10\.10 None +1\/1$/m);
    const publishing = cluster({});
    (publishing.objects.find((o) => o.kind === 'Service' && o.name === 'reviews')!.value.spec as Record<string, unknown>).publishNotReadyAddresses = true;
    expect(services(publishing)).toMatch(/^default +reviews +10\.96\.10\.10 None +1\/2$/m);
  });

  it('lists a host-network pod at its node\'s address, as ztunnel keeps it by uid (workload.rs WorkloadStore::insert) and istioctl prints it', () => {
    const hostPod = pod('kube-system', 'kube-proxy-7xk2p', '172.18.0.2', {'k8s-app': 'kube-proxy'});
    (hostPod.value.spec as Record<string, unknown>).hostNetwork = true;
    const model = {...cluster({}, [ns('kube-system', {}), hostPod]), held: ['/Pod/default', '/Pod/istio-system', '/Pod/kube-system', '/Namespace/']};
    expect(print('istioctl ztunnel-config workloads', model)).toMatch(/^kube-system +kube-proxy-7xk2p +172\.18\.0\.2 +kind-worker None +TCP$/m);
    expect(print('istioctl zc w --address 172.18.0.2', model)).toMatch(/kube-proxy-7xk2p/);
  });

  it('makes a workload of an EndpointSlice address with no Pod behind it, named after the slice, with no node, an endpoint of its Service (workloads.go endpointSlicesBuilder)', () => {
    const slice = (endpoints: unknown[], addressType = 'IPv4'): ModelObject => obj('discovery.k8s.io', 'EndpointSlice', 'default', 'kubernetes', {
      metadata: {labels: {'kubernetes.io/service-name': 'kubernetes'}}, addressType, endpoints, ports: [{name: 'https', port: 6443, protocol: 'TCP'}],
    });
    const apiServer = svc('default', 'kubernetes', '10.96.0.1', undefined);
    const model = (endpoints: unknown[], addressType?: string): StateModel => ({...cluster({}, [apiServer, slice(endpoints, addressType)]),
      held: ['/Pod/default', '/Pod/istio-system', '/Service/default', '/Service/istio-system', 'discovery.k8s.io/EndpointSlice/default', '/Namespace/']});
    const apiEndpoint = {addresses: ['172.18.0.4'], conditions: {ready: true}};
    const podEndpoint = {addresses: ['10.244.1.8'], targetRef: {kind: 'Pod', namespace: 'default', name: 'reviews-v1-5d8b9c7f4-q8w2m'}};
    expect(print('istioctl ztunnel-config workloads --workload-namespace default', model([apiEndpoint, podEndpoint])))
      .toMatch(/^default   kubernetes +172\.18\.0\.4 +None +TCP$/m);
    expect(print('istioctl ztunnel-config workloads --workload-namespace default', model([apiEndpoint, podEndpoint])).match(/10\.244\.1\.8 /g)).toHaveLength(1);
    expect(print('istioctl zc svc', model([apiEndpoint]))).toMatch(/^default   kubernetes +10\.96\.0\.1 +None +1\/1$/m);
    expect(print('istioctl zc svc', model([{addresses: ['172.18.0.4'], conditions: {ready: false}}]))).toMatch(/^default   kubernetes +10\.96\.0\.1 +None +0\/0$/m);
    expect(print('istioctl zc svc', model([apiEndpoint], 'FQDN'))).toMatch(/^default   kubernetes +10\.96\.0\.1 +None +0\/0$/m);
    const untracked = {...model([apiEndpoint]), held: ['/Pod/default', '/Service/default', '/Namespace/']};
    expect(printFromModel('istioctl zc svc', {namespace: 'default', placeholders: {}}, untracked)).toMatchObject({kind: 'gap', reason: expect.stringContaining('EndpointSlices of namespace default')});
  });

  it('gives a Service without a selector the pods its EndpointSlices name by targetRef (matchingServicesWithoutSelectors), once each', () => {
    const external = svc('default', 'reviews-external', '10.96.10.20', undefined);
    const slice = (ref: Record<string, unknown>): ModelObject => obj('discovery.k8s.io', 'EndpointSlice', 'default', 'reviews-external-abcde', {
      metadata: {labels: {'kubernetes.io/service-name': 'reviews-external'}}, addressType: 'IPv4',
      endpoints: [{addresses: ['10.244.1.8'], targetRef: ref}, {addresses: ['10.244.1.7'], targetRef: {...ref, name: 'productpage-v1-6f9c7b4d8-2kq9z'}}],
    });
    const ref = {kind: 'Pod', namespace: 'default', name: 'reviews-v1-5d8b9c7f4-q8w2m'};
    expect(print('istioctl zc svc', cluster({}, [external, slice(ref)]))).toMatch(/^default +reviews-external +10\.96\.10\.20 +None +2\/2$/m);
    // The index key holds the uid: a targetRef with one the pod lacks names no pod.
    expect(print('istioctl zc svc', cluster({}, [external, slice({...ref, uid: '0b1c'})]))).toMatch(/^default +reviews-external +10\.96\.10\.20 +None +0\/0$/m);
    // A Service with a selector counts a pod its slice also names once.
    const sliceOfReviews = obj('discovery.k8s.io', 'EndpointSlice', 'default', 'reviews-xyz', {metadata: {labels: {'kubernetes.io/service-name': 'reviews'}}, addressType: 'IPv4', endpoints: [{addresses: ['10.244.1.8'], targetRef: ref}]});
    expect(print('istioctl zc svc', cluster({}, [sliceOfReviews]))).toMatch(/^default +reviews +10\.96\.10\.10 +None +1\/1$/m);
  });

  it('gives nothing a waypoint whose Gateway istiod has not yet given an address', () => {
    const model = cluster({'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'waypoint'}, [waypointGateway()]);
    expect(print('istioctl ztunnel-config services --service-namespace default', model)).not.toContain('waypoint');
  });

  it('sends ztunnel the policies without targetRefs, ALLOW and DENY only, scoped by selector, namespace or root namespace', () => {
    const model = cluster({'istio.io/dataplane-mode': 'ambient'}, [
      policy('reviews-viewer', {selector: {matchLabels: {app: 'reviews'}}, rules: [{to: [{operation: {methods: ['GET']}}]}]}),
      policy('deny-legacy', {action: 'DENY', rules: [{from: [{source: {namespaces: ['legacy']}}]}]}),
      policy('waypoint-only', {targetRefs: [{kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'waypoint'}], rules: [{}]}),
      policy('audit', {action: 'AUDIT', rules: [{}]}),
      policy('mesh-wide', {}, 'istio-system'),
    ]);
    expect(print('istioctl ztunnel-config policies', model)).toBe([
      'NAMESPACE    POLICY NAME    ACTION SCOPE',
      'default      deny-legacy    Deny   Namespace',
      'default      reviews-viewer Allow  WorkloadSelector',
      'istio-system mesh-wide      Allow  Global',
      '',
    ].join('\n'));
    expect(print('istioctl ztunnel-config pol --policy-namespace istio-system', model)).toContain('mesh-wide');
    expect(print('istioctl ztunnel-config pol --policy-namespace istio-system', model)).not.toContain('default');
  });

  it('scopes Global the policies of the mesh config\'s root namespace, however its YAML is written', () => {
    const mesh = {rootNamespace: 'mesh-root'};
    // The build reads ConfigMap istio-system/istio's `mesh` key as YAML (here JSON, which is YAML too) into the model's meshConfig.
    const configMap = obj('', 'ConfigMap', 'istio-system', 'istio', {metadata: {name: 'istio', namespace: 'istio-system'}, data: {mesh: JSON.stringify(mesh)}});
    const base = cluster({'istio.io/dataplane-mode': 'ambient'}, [configMap, ns('mesh-root', {}), policy('mesh-wide', {}, 'mesh-root'), policy('old-root', {}, 'istio-system')]);
    expect(print('istioctl ztunnel-config policies', {...base, meshConfig: mesh})).toBe([
      'NAMESPACE    POLICY NAME ACTION SCOPE',
      'istio-system old-root    Allow  Namespace',
      'mesh-root    mesh-wide   Allow  Global',
      '',
    ].join('\n'));
  });

  it('refuses what the model cannot say: every namespace\'s pods for an unfiltered table, a cluster without ztunnel', () => {
    const held = {...cluster({}), held: ['/Pod/default', '/Pod/istio-system', '/Namespace/', '/Node/']};
    expect(printFromModel('istioctl ztunnel-config workloads', {namespace: 'default', placeholders: {}}, {...held, objects: [...held.objects, ns('kube-system', {})]})).toMatchObject({kind: 'gap', reason: expect.stringContaining('kube-system')});
    const noZtunnel = {objects: cluster({}).objects.filter((o) => !o.name.startsWith('ztunnel'))};
    expect(printFromModel('istioctl ztunnel-config workloads', {namespace: 'default', placeholders: {}}, noZtunnel)).toMatchObject({kind: 'gap'});
  });

  it('reads the command as ztunnelconfig.go defines it: aliases, filter flags per subcommand, -o, a pod argument, --node', () => {
    expect(parseZtunnelConfig('istioctl zc w --workload-node kind-worker --address=10.0.0.1')).toEqual({what: 'workloads', output: 'short', filter: {node: 'kind-worker', address: '10.0.0.1'}});
    expect(parseZtunnelConfig('istioctl ztunnel-config services -n default')).toEqual({what: 'services', output: 'short', namespace: 'default', serviceNamespace: ''});
    expect(parseZtunnelConfig('istioctl ztunnel-config policies -o json')).toEqual({what: 'policies', output: 'json', policyNamespace: ''});
    expect(parseZtunnelConfig('istioctl ztunnel-config workloads ztunnel-4xk2p.istio-system --node kind-worker')).toEqual({what: 'workloads', output: 'short', filter: {}, pod: 'ztunnel-4xk2p.istio-system', node: 'kind-worker'});
    expect(parseZtunnelConfig('istioctl zc certs')).toEqual({what: 'certificates', output: 'short'});
    expect(parseZtunnelConfig('istioctl ztunnel-config workloads deploy/reviews-v1')).toEqual({what: 'workloads', output: 'short', filter: {}, pod: 'deploy/reviews-v1'});
    expect(parseZtunnelConfig('istioctl zc cons --direction inbound --raw --workload-namespace default')).toEqual({what: 'connections', output: 'short', workloadNamespace: 'default', direction: 'inbound', raw: true});
    expect(parseZtunnelConfig('istioctl zc all --with-headers=false')).toEqual({what: 'all', output: 'short', withHeaders: false});
    // A flag of another subcommand, two arguments, --file and the log subcommand are refused.
    expect(parseZtunnelConfig('istioctl ztunnel-config services --workload-namespace default')).toBeUndefined();
    expect(parseZtunnelConfig('istioctl ztunnel-config all --raw')).toBeUndefined();
    expect(parseZtunnelConfig('istioctl ztunnel-config workloads a b')).toBeUndefined();
    expect(parseZtunnelConfig('istioctl ztunnel-config workloads -f dump.json')).toBeUndefined();
    expect(parseZtunnelConfig('istioctl ztunnel-config log')).toBeUndefined();
    expect(ztunnelDump(cluster({})).workloads.map((w) => w.name)).not.toContain('job-1-x9z8y');
  });
});
