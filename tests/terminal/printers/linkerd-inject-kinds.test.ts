/**
 * `linkerd inject [--manual]` for every kind inject.go reads into a Go type (pkg/inject/inject.go
 * getFreshWorkloadObj, populateMeta): the pod template found where each kind keeps it, the workload
 * label per kind, a Namespace annotated and nothing else (AnnotateNamespace), other kinds skipped as
 * they came; first uninjected (uninjectAndInject: Linkerd's metadata removed), then written back
 * through the Go type (clarketm/json leaves out omitempty zeros, keeps pointers and fields without
 * omitempty). Cases after linkerd2 version-2.20's cli/cmd/testdata inject_emojivoto_* golden files.
 */
import {describe, expect, it} from 'vitest';
import {parse} from 'yaml';
import {parseInjectPipeline, printInjectPipeline} from '../../../src/terminal/printers/linkerd-inject';
import {throughGoType} from '../../../src/terminal/printers/linkerd-go-types';
import {ModelGap, type ModelObject, type StateModel} from '../../../src/terminal/printers/model';
import {LINKERD_CONFIG} from './linkerd-support';

const CONFIG = LINKERD_CONFIG;

const podSpec = (name: string): Record<string, unknown> => ({containers: [{name, image: 'buoyantio/emojivoto-web:v10', ports: [{containerPort: 80, name: 'http'}]}]});
const template = (name: string): Record<string, unknown> => ({metadata: {labels: {app: name}}, spec: podSpec(name)});

function object(group: string, kind: string, name: string, value: Record<string, unknown>): ModelObject {
  return {group, kind, namespace: 'emojivoto', name, value: {apiVersion: group ? `${group}/v1` : 'v1', kind, metadata: {name, namespace: 'emojivoto'}, ...value}};
}
const statefulSet = object('apps', 'StatefulSet', 'web', {spec: {replicas: 1, selector: {matchLabels: {app: 'web-svc'}}, serviceName: '', template: template('web-svc')}});
const daemonSet = object('apps', 'DaemonSet', 'node-agent', {spec: {selector: {matchLabels: {app: 'node-agent'}}, template: template('node-agent')}});
const replicaSet = object('apps', 'ReplicaSet', 'web-5f8b', {spec: {replicas: 1, selector: {matchLabels: {app: 'web'}}, template: template('web')}});
const job = object('batch', 'Job', 'migrate', {spec: {template: {...template('migrate'), spec: {...podSpec('migrate'), restartPolicy: 'Never'}}}});
const cronJob = object('batch', 'CronJob', 'hello', {spec: {schedule: '*/10 * * * *', jobTemplate: {spec: {template: {metadata: {labels: {foo: 'bar'}},
  spec: {containers: [{name: 'hello', image: 'busybox', args: ['/bin/sh', '-c', 'date; echo Hello from the Kubernetes cluster']}], restartPolicy: 'OnFailure'}}}}}});
const pod = object('', 'Pod', 'vote-bot', {metadata: {name: 'vote-bot', namespace: 'emojivoto', labels: {app: 'vote-bot'}},
  spec: {containers: [{name: 'vote-bot', image: 'buoyantio/emojivoto-web:v10', command: ['emojivoto-vote-bot'], env: [{name: 'WEB_HOST', value: 'web-svc.emojivoto:80'}]}]}});
const namespace: ModelObject = {group: '', kind: 'Namespace', namespace: '', name: 'emojivoto', value: {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'emojivoto'}}};

function inject(line: string, ...objects: ModelObject[]): string {
  const parsed = parseInjectPipeline(line, 'emojivoto');
  if (!parsed) throw new Error(`not parsed: ${line}`);
  return printInjectPipeline(parsed, {objects: [...objects, CONFIG], linkerd: {facts: {cliVersion: 'version-2.20', certificates: {}}}} as StateModel);
}
/** The YAML before the last `---`, and the report after it. */
function split(text: string): {document: any; report: string} {
  const at = text.lastIndexOf('---\n');
  return {document: parse(text.slice(0, at)), report: text.slice(at + 4)};
}

describe('linkerd inject --manual, kind by kind', () => {
  it('a StatefulSet: the proxy in spec.template, labelled proxy-statefulset, serviceName "" kept (no omitempty in v0.35)', () => {
    const {document, report} = split(inject('kubectl get statefulset web -o yaml | linkerd inject --manual -', statefulSet));
    expect(report).toBe('\nstatefulset "web" injected\n\n');
    expect(document.spec.serviceName).toBe('');
    expect(document.spec.template.metadata.labels).toEqual({app: 'web-svc', 'linkerd.io/control-plane-ns': 'linkerd', 'linkerd.io/proxy-statefulset': 'web', 'linkerd.io/workload-ns': 'emojivoto'});
    expect(document.spec.template.spec.initContainers.map((c: any) => c.name)).toEqual(['linkerd-init', 'linkerd-proxy']);
  });

  it('a DaemonSet, a ReplicaSet, a Job: each its own workload label (pkg/k8s labels.go)', () => {
    for (const [resource, workload, label] of [['ds', daemonSet, 'linkerd.io/proxy-daemonset'], ['rs', replicaSet, 'linkerd.io/proxy-replicaset'], ['job', job, 'linkerd.io/proxy-job']] as const) {
      const {document, report} = split(inject(`kubectl get ${resource} ${workload.name} -o yaml | linkerd inject --manual -`, workload));
      expect(report).toBe(`\n${workload.kind.toLowerCase()} "${workload.name}" injected\n\n`);
      expect(document.spec.template.metadata.labels[label]).toBe(workload.name);
      expect(document.spec.template.spec.initContainers.at(-1).name).toBe('linkerd-proxy');
    }
  });

  it('a CronJob: the proxy under spec.jobTemplate.spec.template (GetPodPatch\'s path prefix), labelled proxy-cronjob', () => {
    const {document, report} = split(inject('kubectl get cronjob hello -o yaml | linkerd inject --manual -', cronJob));
    expect(report).toBe('\ncronjob "hello" injected\n\n');
    const injected = document.spec.jobTemplate.spec.template;
    expect(injected.metadata.labels).toEqual({foo: 'bar', 'linkerd.io/control-plane-ns': 'linkerd', 'linkerd.io/proxy-cronjob': 'hello', 'linkerd.io/workload-ns': 'emojivoto'});
    expect(injected.spec.initContainers.map((c: any) => c.name)).toEqual(['linkerd-init', 'linkerd-proxy']);
    expect(document.spec.template).toBeUndefined();
  });

  it('a Pod: the proxy in its own spec, its own metadata annotated, the workload namespace its only workload label (inject_emojivoto_pod)', () => {
    const {document, report} = split(inject('kubectl get pod vote-bot -o yaml | linkerd inject --manual -', pod));
    expect(report).toBe('\npod "vote-bot" injected\n\n');
    expect(document.metadata.labels).toEqual({app: 'vote-bot', 'linkerd.io/control-plane-ns': 'linkerd', 'linkerd.io/workload-ns': 'emojivoto'});
    expect(Object.keys(document.metadata.annotations)).toEqual(['linkerd.io/created-by', 'linkerd.io/proxy-version', 'linkerd.io/trust-root-sha256']);
    expect(document.spec.initContainers.map((c: any) => c.name)).toEqual(['linkerd-init', 'linkerd-proxy']);
  });
});

describe('linkerd inject without --manual, kind by kind', () => {
  it('a CronJob\'s job template is annotated (inject_emojivoto_cronjob)', () => {
    const {document} = split(inject('kubectl get cronjob hello -o yaml | linkerd inject -', cronJob));
    expect(document.spec.jobTemplate.spec.template.metadata).toEqual({annotations: {'linkerd.io/inject': 'enabled'}, labels: {foo: 'bar'}});
  });

  it('a Namespace is annotated, with or without --manual, and reported "annotated" (inject_emojivoto_namespace_good)', () => {
    for (const flags of ['', ' --manual']) {
      const text = inject(`kubectl get namespace emojivoto -o yaml | linkerd inject${flags} -`, namespace);
      expect(text).toBe('apiVersion: v1\nkind: Namespace\nmetadata:\n  annotations:\n    linkerd.io/inject: enabled\n  name: emojivoto\n---\n\nnamespace "emojivoto" annotated\n\n');
    }
    // Uninjected first: a disabled namespace is enabled, and Linkerd's other annotations go.
    const disabled: ModelObject = {...namespace, value: {...namespace.value, metadata: {name: 'emojivoto', annotations: {'linkerd.io/inject': 'disabled', 'config.linkerd.io/default-inbound-policy': 'deny', 'linkerd.io/note': 'x'}}}};
    expect(split(inject('kubectl get ns emojivoto -o yaml | linkerd inject -', disabled)).document.metadata.annotations)
      .toEqual({'config.linkerd.io/default-inbound-policy': 'deny', 'linkerd.io/inject': 'enabled'});
  });

  it('kinds without a pod template are skipped as they came; with nothing injectable or annotatable, "no supported objects found"', () => {
    const config: ModelObject = {group: '', kind: 'ConfigMap', namespace: 'emojivoto', name: 'web-config', value: {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'web-config', namespace: 'emojivoto'}, data: {empty: ''}}};
    expect(inject('kubectl get configmap web-config -o yaml | linkerd inject -', config))
      .toBe('apiVersion: v1\ndata:\n  empty: ""\nkind: ConfigMap\nmetadata:\n  name: web-config\n  namespace: emojivoto\n---\n\n\u203C no supported objects found\n\nconfigmap "web-config" skipped\n\n');
    // A Service is annotatable (only --opaque-ports would annotate it): skipped, without the warning.
    const service = object('', 'Service', 'web-svc', {spec: {selector: {app: 'web-svc'}, ports: [{port: 80, targetPort: 80}]}});
    expect(split(inject('kubectl get svc web-svc -o yaml | linkerd inject -', service)).report).toBe('\nservice "web-svc" skipped\n\n');
  });

  it('several objects come as a List, each handed on as its kind says (processList)', () => {
    const web = object('', 'Pod', 'web', {metadata: {name: 'web', namespace: 'emojivoto'}, spec: podSpec('web')});
    const {document, report} = split(inject('kubectl get pods -o yaml | linkerd inject -', pod, web));
    expect(report).toBe('\npod "vote-bot" injected\npod "web" injected\n\n');
    expect(document.kind).toBe('List');
    expect(document.items.map((item: any) => item.metadata.annotations)).toEqual([{'linkerd.io/inject': 'enabled'}, {'linkerd.io/inject': 'enabled'}]);
  });

  it('Linkerd\'s annotations on the workload itself are removed by the uninject that runs first (uninjectObjectMeta)', () => {
    const annotated = object('apps', 'Deployment', 'reviews', {metadata: {name: 'reviews', namespace: 'emojivoto', annotations: {'linkerd.io/inject': 'enabled', 'deployment.kubernetes.io/revision': '1'}},
      spec: {selector: {matchLabels: {app: 'reviews'}}, template: template('reviews')}});
    const {document} = split(inject('kubectl get deploy reviews -o yaml | linkerd inject -', annotated));
    expect(document.metadata.annotations).toEqual({'deployment.kubernetes.io/revision': '1'});
    expect(document.spec.template.metadata.annotations).toEqual({'linkerd.io/inject': 'enabled'});
  });
});

describe('written back through the Go type (getFilteredJSON over k8s.io/api v0.35.4)', () => {
  it('drops omitempty zeros and empty value structs, keeps pointers and fields without omitempty (inject_emojivoto_deployment_empty_resources)', () => {
    const written = throughGoType('deployment', {apiVersion: 'apps/v1', kind: 'Deployment', metadata: {creationTimestamp: null, name: 'web'},
      spec: {replicas: 0, strategy: {}, selector: {matchLabels: {app: 'web'}}, template: {metadata: {creationTimestamp: null, labels: {app: 'web'}}, spec: {
        hostNetwork: false, automountServiceAccountToken: false, securityContext: {}, volumes: [{name: 'data', emptyDir: {}}],
        containers: [{name: 'web', resources: {}, env: [{name: 'EMPTY', value: ''}], ports: [{containerPort: 80, protocol: 'TCP'}]}]}}},
      status: {}});
    expect(written).toEqual({apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'web'},
      spec: {replicas: 0, selector: {matchLabels: {app: 'web'}}, template: {metadata: {labels: {app: 'web'}}, spec: {
        automountServiceAccountToken: false, securityContext: {}, volumes: [{name: 'data', emptyDir: {}}],
        containers: [{name: 'web', env: [{name: 'EMPTY'}], ports: [{containerPort: 80, protocol: 'TCP'}]}]}}}});
    // A pod's status: restartCount and ready have no omitempty, started is a pointer.
    expect(throughGoType('pod', {spec: {containers: []}, status: {containerStatuses: [{name: 'web', image: 'web', imageID: '', ready: false, restartCount: 0, started: false}]}}))
      .toEqual({spec: {containers: []}, status: {containerStatuses: [{name: 'web', image: 'web', imageID: '', ready: false, restartCount: 0, started: false}]}});
  });

  it('a zero the table cannot place, or a field it does not list, is a gap', () => {
    expect(() => throughGoType('deployment', {spec: {template: {spec: {containers: [{name: 'web', readinessProbe: {httpGet: {port: 0}}}]}}}})).toThrow(ModelGap);
    expect(() => throughGoType('deployment', {spec: {unknownField: 1}})).toThrow(/spec\.unknownField/);
  });
});
