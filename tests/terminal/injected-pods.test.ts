import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {checkScenario} from '../../src/terminal/check-session';
import {ClusterModelError, stateModels} from '../../src/terminal/cluster-state';
import {completeInjectedPod, InjectedPodError} from '../../src/terminal/injected-pods';
import {printDescribePods} from '../../src/terminal/printers/describe-pod';
import type {Scenario} from '../../src/terminal/scenario';

const dir = 'labs/sessions/sidecar-not-injected';
const read = (file: string): string => readFileSync(`${dir}/${file}`, 'utf8');
const scenario = (): Scenario => checkScenario(`${dir}/scenario.yaml`, read('scenario.yaml'), {computed: 'skip', readFile: read});
const describeReviews = (): string => printDescribePods({names: ['reviews-v1-84d5b6f7c9-t6wzm'], namespace: 'default', prefixed: false}, stateModels(scenario(), read).injected!);

/** What a cluster file writes of an injected pod: its status annotation and the sidecar's name, image and port. */
function writtenPod(proxyImage = 'registry.istio.io/release/proxyv2:1.30.3'): Record<string, unknown> {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {name: 'web-5d8f-abcde', namespace: 'default', labels: {app: 'web', 'pod-template-hash': '5d8f'},
      annotations: {'sidecar.istio.io/status': '{"initContainers":["istio-init","istio-proxy"],"containers":null,"volumes":["workload-socket","credential-socket","workload-certs","istio-envoy","istio-data","istio-podinfo","istio-token","istiod-ca-cert","istio-ca-crl"],"imagePullSecrets":null,"revision":"default"}', 'prometheus.io/port': '15020', 'prometheus.io/scrape': 'true', 'prometheus.io/path': '/stats/prometheus'},
      ownerReferences: [{apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d8f', controller: true}]},
    spec: {
      initContainers: [{name: 'istio-init', image: 'registry.istio.io/release/proxyv2:1.30.3'}, {name: 'istio-proxy', image: proxyImage, restartPolicy: 'Always', ports: [{containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP'}]}],
      containers: [{name: 'web', image: 'example/web:1'}],
    },
  };
}

describe('injected pods in a session\'s cluster model, completed by the injector\'s model', () => {
  it('gives a written injected pod what the webhook wrote and the file leaves out', () => {
    const completed = completeInjectedPod(writtenPod(), 'test');
    const proxy = ((completed.spec as Record<string, unknown>).initContainers as Array<Record<string, unknown>>)[1]!;
    expect(proxy.args).toContain('sidecar');
    expect((proxy.env as Array<{name: string}>).map((e) => e.name)).toContain('GOMEMLIMIT');
    expect((completed.metadata as {labels: Record<string, string>}).labels['service.istio.io/canonical-name']).toBe('web');
  });

  it('refuses a written field the injector would not write, naming where', () => {
    expect(() => completeInjectedPod(writtenPod('docker.io/istio/proxyv2:1.30.3'), 'pods.yaml: Pod default/web')).toThrow(InjectedPodError);
    expect(() => completeInjectedPod(writtenPod('docker.io/istio/proxyv2:1.30.3'), 'pods.yaml: Pod default/web')).toThrow('pods.yaml: Pod default/web: spec.initContainers[istio-proxy].image is not what');
  });

  it('fails the session\'s model, as a cluster model error, on such a file', () => {
    const broken = (file: string): string => (file === '../traffic-not-routing/cluster/pods-injected.yaml' ? read(file).replace(/(name: istio-proxy\n    image: registry.istio.io\/release\/proxyv2:)1\.30\.3/, '$11.29.0') : read(file));
    expect(() => stateModels(scenario(), broken)).toThrow(ClusterModelError);
  });

  it('prints the session\'s injected reviews pod as kubectl describe pod does: the sidecar\'s args, probes, environment and mounts', () => {
    const text = describeReviews();
    expect(text).toContain('    Args:\n      proxy\n      sidecar\n      --domain\n      $(POD_NAMESPACE).svc.cluster.local\n');
    expect(text).toMatch(/\n {4}Startup: {4}http-get http:\/\/:15021\/healthz\/ready delay=0s timeout=3s period=1s #success=1 #failure=600\n/);
    expect(text).toMatch(/\n {6}GOMEMLIMIT: +1073741824 \(limits\.memory\)\n {6}GOMAXPROCS: +2 \(limits\.cpu\)\n/);
    expect(text).toMatch(/\n {6}\/var\/run\/secrets\/tokens from istio-token \(rw\)\n/);
    expect(text).toMatch(/\n {2}istio-envoy:\n {4}Type: +EmptyDir \(a temporary directory that shares a pod's lifetime\)\n {4}Medium: +Memory\n/);
  });

  it('ages the pod\'s start events from the session\'s clock, the scheduler\'s first', () => {
    const events = describeReviews().split('Events:\n')[1]!.split('\n').slice(2).filter(Boolean);
    expect(events).toHaveLength(10);
    expect(events[0]).toMatch(/^ {2}Normal {2}Scheduled {2}37s {3}default-scheduler {2}Successfully assigned default\/reviews-v1-84d5b6f7c9-t6wzm to mesh-worker$/);
    expect(events.at(-1)).toMatch(/Started +34s +kubelet +Started container reviews$/);
  });
});

describe('every injected Bookinfo pod of the sessions is written whole, through the one injector model', () => {
  const pods = ['details-v1-79dfbd6fff-8kzbx', 'productpage-v1-6b746f74dc-rj5dg', 'ratings-v1-66b7c8f4d9-lxw7s', 'reviews-v1-84d5b6f7c9-t6wzm', 'reviews-v2-5c757d5846-wf8fq', 'reviews-v3-6d8f7c9b4-m9q4w'];
  const describePod = (name: string): string => printDescribePods({names: [name], namespace: 'default', prefixed: false}, stateModels(scenario(), read).injected!);

  it.each(pods)('kubectl describe pod %s prints the injected sidecar, the app container, the token volume and ten start events', (name) => {
    const text = describePod(name);
    const app = name.split('-')[0]!;
    expect(text).toContain(`      POD_NAME:                      ${name} (v1:metadata.name)\n`);
    expect(text).toMatch(new RegExp(`\\nContainers:\\n  ${app}:\\n    Container ID: +containerd://[0-9a-f]{64}\\n`));
    expect(text).toMatch(/\n {6}\/var\/run\/secrets\/kubernetes\.io\/serviceaccount from kube-api-access-[b-z2-9]{5} \(ro\)\n/);
    const events = text.split('Events:\n')[1]!.split('\n').slice(2).filter(Boolean);
    expect(events.map((e) => e.trim().split(/ +/)[1])).toEqual(['Scheduled', 'Pulled', 'Created', 'Started', 'Pulled', 'Created', 'Started', 'Pulled', 'Created', 'Started']);
    expect(events.at(-1)).toMatch(new RegExp(`Started container ${app}$`));
  });

  it('mounts the sample\'s own volumes: productpage\'s tmp, the reviews pods\' tmp and wlp-output with LOG_DIR', () => {
    expect(describePod('productpage-v1-6b746f74dc-rj5dg')).toContain('      /tmp from tmp (rw)\n');
    const reviews = describePod('reviews-v3-6d8f7c9b4-m9q4w');
    expect(reviews).toContain('      LOG_DIR:  /tmp/logs\n');
    expect(reviews).toContain('      /opt/ibm/wlp/output from wlp-output (rw)\n');
  });
});

describe('the pod istioctl kube-inject made (sidecar-not-injected), written whole through the same injector model', () => {
  const name = 'ratings-v1-7c4d9b8f6-p5xkt';

  it.each(['manually-injected', 'labelled'])('is recorded in state %s as kubectl describe pod prints it from the model: the sidecar, the mounts, its start events aged by the state\'s clock', (state) => {
    const text = printDescribePods({names: [name], namespace: 'default', prefixed: false}, stateModels(scenario(), read)[state]!);
    const recorded = scenario().commands.find((command) => command.run === `kubectl describe pod ${name}`);
    expect(recorded?.outputs[state]).toBe(text);
    expect(text).toContain(`      POD_NAME:                      ${name} (v1:metadata.name)\n`);
    expect(text).toContain('Controlled By:  ReplicaSet/ratings-v1-7c4d9b8f6\n');
    expect(text).toMatch(/\n {6}\/var\/run\/secrets\/tokens from istio-token \(rw\)\n/);
    const events = text.split('Events:\n')[1]!.split('\n').slice(2).filter(Boolean);
    expect(events.map((e) => e.trim().split(/ +/)[1])).toEqual(['Scheduled', 'Pulled', 'Created', 'Started', 'Pulled', 'Created', 'Started', 'Pulled', 'Created', 'Started']);
    // Started at 21:45:44: 37 s before manually-injected's clock (21:46:21), 119 s before labelled's (21:47:43).
    expect(events.at(-1)).toMatch(new RegExp(`Started +${state === 'labelled' ? '119s' : '37s'} +kubelet +Started container ratings$`));
  });
});
