import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {checkScenario, SessionDataError} from '../../src/terminal/check-session';
import {analyzeRequest, ClusterModelError, clusterObjects, computedOutputs, istioctlAnalyzeOutput, stateFiles, type ClusterFile} from '../../src/terminal/cluster-state';
import {writeOutputs} from '../../src/terminal/write-outputs';
import {SESSION_NAMES} from './scenarios';

const sessionDir = (name: string) => `labs/sessions/${name}`;
const readIn = (name: string) => (file: string) => readFileSync(`${sessionDir(name)}/${file}`, 'utf8');
const scenarioText = (name: string) => readFileSync(`${sessionDir(name)}/scenario.yaml`, 'utf8');

const namespace = (name: string, labels: Record<string, string> = {}) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels: ${JSON.stringify({'kubernetes.io/metadata.name': name, ...labels})}
`;
const pod = (name: string, ns: string, sidecar: 'none' | 'container' | 'native') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${ns}
  labels: {app: web}
spec:
${sidecar === 'native' ? '  initContainers:\n  - name: istio-proxy\n    image: registry.istio.io/release/proxyv2:1.30.3\n    restartPolicy: Always\n' : ''}  containers:
  - name: web
    image: web:1
${sidecar === 'container' ? '  - name: istio-proxy\n    image: registry.istio.io/release/proxyv2:1.30.3\n' : ''}`;
const file = (name: string, ...documents: string[]): ClusterFile => ({name, text: documents.join('---\n')});

describe('a session\'s cluster model', () => {
  it.each(SESSION_NAMES)('%s: every recorded istioctl analyze output is the one the engine computes for its state', (name) => {
    const scenario = checkScenario(`${sessionDir(name)}/scenario.yaml`, scenarioText(name), {computed: 'skip'});
    const computed = computedOutputs(scenario, readIn(name));
    expect(computed.length).toBeGreaterThan(0);
    for (const {command, state, text} of computed) expect({state, text: scenario.commands[command]!.outputs[state]}).toEqual({state, text});
  });

  it('fails the build, at the output\'s line, when a recorded analyze output is not what the engine computes', () => {
    const text = scenarioText('sidecar-not-injected').replace('(Pod default/reviews-v2-6c5bf657cf-n8d5w)', '(Pod default/reviews-v2-0000000000-n8d5w)');
    const lines = text.split('\n');
    const changed = lines.findIndex((l) => l.includes('reviews-v2-0000000000'));
    // The message points at the output's key, `labelled: |`, the last key line above the changed text.
    const keyLine = lines.slice(0, changed).lastIndexOf('      labelled: |') + 1;
    expect(() => checkScenario(`${sessionDir('sidecar-not-injected')}/scenario.yaml`, text)).toThrow(SessionDataError);
    expect(() => checkScenario(`${sessionDir('sidecar-not-injected')}/scenario.yaml`, text))
      .toThrow(new RegExp(`scenario\\.yaml:${keyLine}:7: "istioctl analyze" in state "labelled" differs from what the engine computes .*reviews-v2-6c5bf657cf-n8d5w`));
  });

  it('fails the build when a state\'s model changes what analyze finds (a pod the recording calls unproxied gets its sidecar)', () => {
    const read = readIn('sidecar-not-injected');
    const withProxy = (f: string) => (f === 'cluster/pods-not-injected.yaml' ? read('../traffic-not-routing/cluster/pods-injected.yaml').replace(/ratings-v1-66b7c8f4d9-lxw7s/g, 'ratings-v1-66b7c8f4d9-other') : read(f));
    expect(() => checkScenario(`${sessionDir('sidecar-not-injected')}/scenario.yaml`, scenarioText('sidecar-not-injected'), {readFile: withProxy})).toThrow(/in state "labelled" differs/);
  });

  it('holds the control plane a live analysis reads: pods whose proxy is not the injector\'s image are IST0158', () => {
    const scenario = checkScenario(`${sessionDir('traffic-not-routing')}/scenario.yaml`, scenarioText('traffic-not-routing'), {computed: 'skip'});
    const read = readIn('traffic-not-routing');
    const upgraded = (name: string) => ({name, text: read(name).replace('"tag":"1.30.3"', '"tag":"1.30.4"')});
    expect(istioctlAnalyzeOutput(stateFiles(scenario.cluster!, 'fixed').map(upgraded), {namespace: 'default'}))
      .toMatch(/^Warning \[IST0158\] \(Namespace default\) The Istio proxy images of the pods running in the namespace do not match .*reviews-v3-6d8f7c9b4-m9q4w\]\)/);
  });

  it('refuses cluster files for a state the scenario does not have, and an analyze output without a model', () => {
    const text = scenarioText('installation');
    expect(() => checkScenario('labs/sessions/installation/scenario.yaml', text.replace('    labelled: [cluster/namespace-default-injection.yaml', '    labeled: [cluster/namespace-default-injection.yaml')))
      .toThrow(/cluster files for unknown state "labeled"/);
    const withoutModel = text.replace(/\ncluster:\n(?: {2}.*\n)+/, '\n');
    expect(withoutModel).not.toContain('\ncluster:');
    expect(() => checkScenario('labs/sessions/installation/scenario.yaml', withoutModel)).toThrow(/needs a cluster: section/);
  });

  it('refuses cluster file names outside labs/sessions and files that cannot be read', () => {
    const text = scenarioText('installation');
    expect(() => checkScenario('labs/sessions/installation/scenario.yaml', text.replace('    - cluster/kind-namespaces.yaml', '    - ../../contexts/bookinfo.yaml'))).toThrow(/\/cluster\/files\/0/);
    expect(() => checkScenario('labs/sessions/installation/scenario.yaml', text.replace('    - cluster/kind-namespaces.yaml', '    - cluster/missing.yaml'))).toThrow(/cluster file cluster\/missing\.yaml cannot be read/);
  });
});

describe('the cluster model\'s objects', () => {
  it('are each in one file of a state: the same object twice is an error naming both files', () => {
    expect(() => clusterObjects([file('a.yaml', namespace('default')), file('b.yaml', namespace('default', {'istio-injection': 'enabled'}))]))
      .toThrow(/b\.yaml:1: Namespace default is already in a\.yaml/);
  });

  it('have a namespace each, unless cluster-scoped', () => {
    expect(() => clusterObjects([file('a.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n')])).toThrow(ClusterModelError);
    expect(clusterObjects([file('a.yaml', namespace('default'))])[0]).toMatchObject({kind: 'Namespace', namespace: '', name: 'default'});
  });
});

describe('istioctl analyze against a live cluster', () => {
  it('reads the flags a session uses, and refuses what the model cannot answer', () => {
    expect(analyzeRequest('istioctl analyze', 'default')).toEqual({namespace: 'default'});
    expect(analyzeRequest('istioctl analyze -n bookinfo', 'default')).toEqual({namespace: 'bookinfo'});
    expect(analyzeRequest('istioctl analyze --namespace=bookinfo --all-namespaces', 'default')).toEqual({namespace: undefined});
    expect(analyzeRequest('kubectl get pods', 'default')).toBeUndefined();
    expect(() => analyzeRequest('istioctl analyze vs.yaml', 'default')).toThrow(/not "vs\.yaml"/);
  });

  it('names live objects without a file or line, and prints an empty message list as a blank line before the stderr verdict', () => {
    const cluster = [file('ns.yaml', namespace('default'))];
    expect(istioctlAnalyzeOutput(cluster, {namespace: 'default'})).toBe(
      "Info [IST0102] (Namespace default) The namespace is not enabled for Istio injection. Run 'kubectl label namespace default istio-injection=enabled' to enable it, or 'kubectl label namespace default istio-injection=disabled' to explicitly mark it as not needing injection.\n");
    const labelled = [file('ns.yaml', namespace('default', {'istio-injection': 'enabled'}))];
    expect(istioctlAnalyzeOutput(labelled, {namespace: 'default'})).toBe('\n\u2714 No validation issues found when analyzing namespace: default.\n');
    expect(istioctlAnalyzeOutput(labelled, {namespace: undefined})).toBe('\n\u2714 No validation issues found when analyzing all namespaces.\n');
  });

  it('reports IST0103 for each pod of an injected namespace without istio-proxy, a native sidecar counting as one', () => {
    const cluster = [file('c.yaml', namespace('default', {'istio-injection': 'enabled'}), pod('b-old', 'default', 'none'), pod('a-old', 'default', 'none'), pod('native', 'default', 'native'), pod('classic', 'default', 'container'))];
    expect(istioctlAnalyzeOutput(cluster, {namespace: 'default'}).split('\n')).toEqual([
      'Warning [IST0103] (Pod default/a-old) The pod default/a-old is missing the Istio proxy. This can often be resolved by restarting or redeploying the workload.',
      'Warning [IST0103] (Pod default/b-old) The pod default/b-old is missing the Istio proxy. This can often be resolved by restarting or redeploying the workload.',
      '',
    ]);
  });

  it('keeps to the selected namespace, leaves out the namespaces istioctl\'s live source ignores, and says when the namespace is not there', () => {
    const cluster = [file('c.yaml', namespace('default', {'istio-injection': 'enabled'}), namespace('other'), namespace('kube-system'), namespace('local-path-storage'))];
    expect(istioctlAnalyzeOutput(cluster, {namespace: 'default'})).toBe('\n\u2714 No validation issues found when analyzing namespace: default.\n');
    expect(istioctlAnalyzeOutput(cluster, {namespace: undefined})).toMatch(/^Info \[IST0102\] \(Namespace other\) .*\n$/);
    expect(istioctlAnalyzeOutput(cluster, {namespace: 'missing'})).toBe('namespace "missing" not found\n');
  });

  it('sees only the ConfigMaps istioctl\'s live source watches: istio… in istio-system', () => {
    // An injector ConfigMap turning on injection by default: IST0148 instead of IST0102, when istioctl can see it.
    const injector = (ns: string, name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${ns}\ndata:\n  values: '{"sidecarInjectorWebhook":{"enableNamespacesByDefault":true}}'\n`;
    const analyze = (ns: string) => istioctlAnalyzeOutput([file('c.yaml', namespace('default'), namespace('istio-system'), namespace('elsewhere'), injector(ns, 'istio-sidecar-injector'))], {namespace: 'default'});
    expect(analyze('istio-system')).toMatch(/^Info \[IST0148\] \(Namespace default\)/);
    expect(analyze('elsewhere')).toMatch(/^Info \[IST0102\] \(Namespace default\)/);
  });

  it('closes an Error with istioctl\'s two lines', () => {
    const vs = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\n  namespace: default\nspec:\n  hosts: [r]\n  http:\n  - route:\n    - destination: {host: r, subset: v9}\n';
    const svc = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: r\n  namespace: default\nspec:\n  selector: {app: r}\n  ports:\n  - {name: http, port: 80}\n';
    const out = istioctlAnalyzeOutput([file('c.yaml', namespace('default', {'istio-injection': 'enabled'}), svc, vs)], {namespace: 'default'});
    expect(out).toBe('Error [IST0101] (VirtualService default/r) Referenced host+subset in destinationrule not found: "r+v9"\n'
      + 'Error: Analyzers found issues when analyzing namespace: default.\nSee https://istio.io/v1.30/docs/reference/config/analysis for more information about causes and resolutions.\n');
  });
});

describe('writing computed outputs into scenario.yaml', () => {
  const yaml = `# kept
commands:
  - run: "istioctl analyze"
    outputs:
      a: |
        old text
        # not a comment
      b: "x"
  - run: "kubectl get pods"
    outputs:
      a: |
        untouched
`;

  it('replaces only the outputs named, as literal blocks, blank first line included', () => {
    const out = writeOutputs('s.yaml', yaml, [{command: 0, state: 'a', text: '\nnew\n'}, {command: 0, state: 'b', text: 'one\ntwo\n'}]);
    expect(out).toBe(`# kept
commands:
  - run: "istioctl analyze"
    outputs:
      a: |

        new
      b: |
        one
        two
  - run: "kubectl get pods"
    outputs:
      a: |
        untouched
`);
  });

  it('quotes a text a literal block could not hold as it is', () => {
    const out = writeOutputs('s.yaml', yaml, [{command: 0, state: 'a', text: '  indented, no newline'}]);
    expect(out).toContain('      a: "  indented, no newline"\n      b: "x"\n');
  });
});
