/**
 * `kubectl get … -o yaml | linkerd inject [--manual] - | kubectl apply -f -` from a model: linkerd
 * inject's report as cli/cmd/inject.go generateReport writes it (against linkerd 2.20's golden
 * cli/cmd/testdata/inject_emojivoto_deployment.report), transform's refusal of an object that
 * already has a proxy, and kubectl apply's configured/unchanged lines.
 */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {injectMoveError, injectReport, parseInjectPipeline, printInjectPipeline} from '../../../src/terminal/printers/linkerd-inject';
import {ModelGap, type ModelObject, type StateModel} from '../../../src/terminal/printers/model';
import {sharedFile} from '../../support/shared';

const outputs = sharedFile('reference/linkerd-2.20/outputs', "linkerd 2.20's golden CLI outputs");

const APPLIED = {'kubectl.kubernetes.io/last-applied-configuration': '{}'};

function deployment(name: string, options: {template?: Record<string, unknown>; spec?: Record<string, unknown>; applied?: boolean} = {}): ModelObject {
  return {group: 'apps', kind: 'Deployment', namespace: 'emojivoto', name, value: {
    metadata: {name, namespace: 'emojivoto', ...(options.applied === false ? {} : {annotations: APPLIED})},
    spec: {template: {metadata: {labels: {app: name}, ...(options.template ? {annotations: options.template} : {})}, spec: {containers: [{name, image: `docker.l5d.io/buoyantio/emojivoto-${name}:v11`}], ...options.spec}}},
  }};
}
const model = (...objects: ModelObject[]): StateModel => ({objects});

function pipeline(line: string) {
  const parsed = parseInjectPipeline(line, 'emojivoto');
  if (!parsed) throw new Error(`not parsed: ${line}`);
  return parsed;
}

describe.skipIf(!outputs.available)('linkerd inject\'s report, as generateReport writes it', () => {
  it('one injectable Deployment: a blank line, its "injected" line, a closing blank line', () => {
    expect(injectReport([{kind: 'deployment', name: 'web', hostNetwork: false, sidecar: false, udp: false, unsupported: false, injectDisabled: false, annotatable: true}]))
      .toBe(readFileSync(join(outputs.path, 'cli-inject_emojivoto_deployment.report'), 'utf8'));
  });
});

describe('the inject pipeline', () => {
  it('reads kubectl get -o yaml piped through linkerd inject [--manual] - into kubectl apply -f -, and nothing else', () => {
    expect(pipeline('kubectl get deploy -n emojivoto -o yaml | linkerd inject - | kubectl apply -f -')).toMatchObject({manual: false, get: {kind: 'Deployment', namespace: 'emojivoto', names: []}});
    expect(pipeline('kubectl get deployment web -oyaml | linkerd inject --manual - | kubectl apply --filename=-')).toMatchObject({manual: true, get: {names: ['web']}});
    expect(parseInjectPipeline('kubectl get deploy -o json | linkerd inject - | kubectl apply -f -', 'emojivoto')).toBeUndefined();
    expect(parseInjectPipeline('kubectl get deploy -o yaml | linkerd inject -', 'emojivoto')).toMatchObject({apply: false, manual: false});
    expect(parseInjectPipeline('kubectl get deploy -o yaml | linkerd inject --ingress - | kubectl apply -f -', 'emojivoto')).toBeUndefined();
    expect(parseInjectPipeline('kubectl get deploy -o yaml | linkerd inject - -o wide', 'emojivoto')).toBeUndefined();
  });

  it('adds the inject annotation to each pod template: "injected" per object, then kubectl apply\'s "configured", since it rewrites the last-applied configuration with the whole object it got', () => {
    const text = printInjectPipeline(pipeline('kubectl get deploy -o yaml | linkerd inject - | kubectl apply -f -'), model(deployment('web'), deployment('emoji', {template: {'linkerd.io/inject': 'enabled'}})));
    expect(text).toBe('\ndeployment "emoji" injected\ndeployment "web" injected\n\ndeployment.apps/emoji configured\ndeployment.apps/web configured\n');
  });

  it('"unchanged" only when linkerd inject added nothing and the last-applied configuration is already the object as sent (GetModifiedConfiguration)', () => {
    const sent = deployment('emoji', {template: {'linkerd.io/inject': 'enabled'}, applied: false}).value;
    const settled: ModelObject = {...deployment('emoji'), value: {...sent, metadata: {...(sent.metadata as object), annotations: {'kubectl.kubernetes.io/last-applied-configuration': `${JSON.stringify(sent)}\n`}}}};
    expect(printInjectPipeline(pipeline('kubectl get deploy emoji -o yaml | linkerd inject - | kubectl apply -f -'), model(settled))).toBe('\ndeployment "emoji" injected\n\ndeployment.apps/emoji unchanged\n');
    // The live object not yet annotated: linkerd inject changes its template, so the patch adds the annotation.
    const before: ModelObject = {...settled, value: {...settled.value, spec: deployment('emoji').value.spec}};
    expect(printInjectPipeline(pipeline('kubectl get deploy emoji -o yaml | linkerd inject - | kubectl apply -f -'), model(before))).toMatch(/emoji configured\n$/);
  });

  it('--manual writes the proxy itself, so every injected object is configured', () => {
    const values = 'identityTrustAnchorsPEM: |\n  -----BEGIN CERTIFICATE-----\n  -----END CERTIFICATE-----\nlinkerdVersion: version-2.20\n';
    const config: ModelObject = {group: '', kind: 'ConfigMap', namespace: 'linkerd', name: 'linkerd-config', value: {data: {values}}};
    const text = printInjectPipeline(pipeline('kubectl get deploy emoji -o yaml | linkerd inject --manual - | kubectl apply -f -'), {...model(deployment('emoji', {template: {'linkerd.io/inject': 'enabled'}}), config), linkerd: {facts: {cliVersion: 'version-2.20', certificates: {}}}});
    expect(text).toBe('\ndeployment "emoji" injected\n\ndeployment.apps/emoji configured\n');
  });

  it('a template annotated disabled is warned about and skipped; UDP ports are warned about but injected', () => {
    const udp = deployment('voting', {spec: {containers: [{name: 'voting', ports: [{containerPort: 53, protocol: 'UDP'}]}]}});
    const text = printInjectPipeline(pipeline('kubectl get deploy -o yaml | linkerd inject - | kubectl apply -f -'), model(deployment('web', {template: {'linkerd.io/inject': 'disabled'}}), udp));
    expect(text).toBe(
      '\n\u203C "linkerd.io/inject: disabled" annotation set on deployment/web\n\u203C deployment/voting uses "protocol: UDP"\n\n' +
      'deployment "voting" injected\ndeployment "web" skipped\n\ndeployment.apps/voting configured\ndeployment.apps/web configured\n');
  });

  it('an object with another mesh\'s proxy fails the whole run: linkerd\'s error without a newline, and kubectl apply gets nothing (inject_emojivoto_istio)', () => {
    const istio = deployment('web', {spec: {initContainers: [{name: 'istio-init', image: 'gcr.io/istio-release/proxy_init:1.0.2'}]}});
    expect(printInjectPipeline(pipeline('kubectl get deploy -o yaml | linkerd inject - | kubectl apply -f -'), model(deployment('emoji'), istio)))
      .toBe('Error transforming resources:\nfailed to inject deployment/web: pod has a sidecar injected already' + 'error: no objects passed to apply\n');
  });

  it('Linkerd\'s own proxy is uninjected first, so an injected object is injected again (uninjectAndInject; inject_emojivoto_already_injected)', () => {
    const injected = deployment('web', {spec: {initContainers: [{name: 'linkerd-init', image: 'cr.l5d.io/linkerd/proxy:version-2.20'}],
      volumes: [{name: 'linkerd-identity-end-entity', emptyDir: {medium: 'Memory'}}, {name: 'data', emptyDir: {}}]}});
    const text = printInjectPipeline(pipeline('kubectl get deploy web -o yaml | linkerd inject -'), model(injected));
    expect(text).not.toContain('linkerd-init');
    expect(text).not.toContain('linkerd-identity-end-entity');
    // emptyDir is a pointer in corev1.VolumeSource: an empty one is written back.
    expect(text).toContain('      volumes:\n      - emptyDir: {}\n        name: data\n');
    expect(text.endsWith('\ndeployment "web" injected\n\n')).toBe(true);
  });

  it('a control plane component (linkerd.io/control-plane-component on its template) needs --manual', () => {
    const destination = deployment('linkerd-destination', {spec: {}});
    (destination.value as any).spec.template.metadata.labels['linkerd.io/control-plane-component'] = 'destination';
    expect(printInjectPipeline(pipeline('kubectl get deploy -o yaml | linkerd inject -'), model(destination)))
      .toBe('Error transforming resources:\n--manual must be set when injecting control plane components');
    // With --manual its proxy would come from its own annotations (proxy.component): not modelled.
    expect(() => printInjectPipeline(pipeline('kubectl get deploy -o yaml | linkerd inject --manual -'), model(destination))).toThrow(/control plane component renders the proxy from its own annotations/);
  });

  it('a name kubectl get lacks is its NotFound first; an object kubectl apply did not create gets its warning, then is configured (the annotation is added)', () => {
    expect(printInjectPipeline(pipeline('kubectl get deploy web nope -o yaml | linkerd inject - | kubectl apply -f -'), model(deployment('web'))))
      .toBe('Error from server (NotFound): deployments.apps "nope" not found\n\ndeployment "web" injected\n\ndeployment.apps/web configured\n');
    expect(printInjectPipeline(pipeline('kubectl get deploy -o yaml | linkerd inject - | kubectl apply -f -'), model(deployment('web', {applied: false})))).toBe(
      '\ndeployment "web" injected\n\n' +
      'Warning: resource deployments.apps/web is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. ' +
      'kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n' +
      'deployment.apps/web configured\n');
  });

  it('a recorded pipeline\'s move must hold the injected objects with the annotation on their pod template', () => {
    const line = pipeline('kubectl get deploy -o yaml | linkerd inject - | kubectl apply -f -');
    expect(injectMoveError(line, model(deployment('web')), model(deployment('web', {template: {'linkerd.io/inject': 'enabled'}})))).toBeUndefined();
    expect(injectMoveError(line, model(deployment('web')), model(deployment('web')))).toMatch(/deployment\.apps\/web in emojivoto is injected, but the state it moves to does not hold it/);
  });
});

const LINKERD_CONFIG: ModelObject = {group: '', kind: 'ConfigMap', namespace: 'linkerd', name: 'linkerd-config', value: {metadata: {name: 'linkerd-config', namespace: 'linkerd'}, data: {values: 'clusterDomain: cluster.local\nproxy:\n  logLevel: warn,linkerd=info\n'}}};

describe('linkerd inject without kubectl apply, and its override flags', () => {
  it('prints the List as processList re-marshals it (metadata: {}), keys sorted, the template annotated, "---", then the report', () => {
    const text = printInjectPipeline(pipeline('kubectl get deploy -o yaml | linkerd inject -'), model(deployment('web', {applied: false})));
    expect(text).toBe([
      'apiVersion: v1', 'items:', '- metadata:', '    name: web', '    namespace: emojivoto', '  spec:', '    template:', '      metadata:',
      '        annotations:', '          linkerd.io/inject: enabled', '        labels:', '          app: web', '      spec:', '        containers:',
      '        - image: docker.l5d.io/buoyantio/emojivoto-web:v11', '          name: web', 'kind: List', 'metadata: {}', '---', '',
      'deployment "web" injected', '', ''].join('\n'));
  });

  it('one object named is printed as itself; --manual without linkerd-config\'s values is a gap (the proxy is built from them)', () => {
    const text = printInjectPipeline(pipeline('kubectl get deploy web -o yaml | linkerd inject -'), model(deployment('web', {applied: false})));
    expect(text.startsWith('metadata:\n  name: web\n')).toBe(true);
    expect(() => printInjectPipeline(pipeline('kubectl get deploy web -o yaml | linkerd inject --manual -'), model(deployment('web')))).toThrow(ModelGap);
  });

  it('-o json prints each document as yaml.YAMLToJSON writes it (compact, keys sorted, HTML-escaped) and a newline instead of "---"', () => {
    const objects = model(deployment('web', {applied: false, template: {'note': '<b>'}}));
    for (const line of ['kubectl get deploy -o yaml | linkerd inject -o json -', 'kubectl get deploy -o yaml | linkerd inject - --output=json', 'kubectl get deploy -o yaml | linkerd inject -ojson -']) {
      expect(printInjectPipeline(pipeline(line), objects), line).toBe([
        '{"apiVersion":"v1","items":[{"metadata":{"name":"web","namespace":"emojivoto"},"spec":{"template":{"metadata":{"annotations":{"linkerd.io/inject":"enabled","note":"\\u003cb\\u003e"},"labels":{"app":"web"}},'
          + '"spec":{"containers":[{"image":"docker.l5d.io/buoyantio/emojivoto-web:v11","name":"web"}]}}}}],"kind":"List","metadata":{}}', '', 'deployment "web" injected', '', ''].join('\n'));
    }
    // -o yaml is the default's output; into kubectl apply the format changes nothing printed.
    expect(printInjectPipeline(pipeline('kubectl get deploy -o yaml | linkerd inject -o yaml -'), objects)).toBe(printInjectPipeline(pipeline('kubectl get deploy -o yaml | linkerd inject -'), objects));
    expect(printInjectPipeline(pipeline('kubectl get deploy -o yaml | linkerd inject -o json - | kubectl apply -f -'), objects)).toBe(printInjectPipeline(pipeline('kubectl get deploy -o yaml | linkerd inject - | kubectl apply -f -'), objects));
  });

  it('an override flag becomes a config.linkerd.io annotation on the template, unless it repeats the installed value', () => {
    const line = 'kubectl get deploy web -o yaml | linkerd inject --proxy-cpu-request=100m --proxy-memory-limit 250Mi --proxy-log-level warn,linkerd=info -';
    const text = printInjectPipeline(pipeline(line), model(LINKERD_CONFIG, deployment('web', {applied: false})));
    expect(text).toContain('      annotations:\n        config.linkerd.io/proxy-cpu-request: 100m\n        config.linkerd.io/proxy-memory-limit: 250Mi\n        linkerd.io/inject: enabled\n');
    expect(text).not.toContain('proxy-log-level');
    // The chart's default for a key the abridged values leave out.
    expect(printInjectPipeline(pipeline('kubectl get deploy web -o yaml | linkerd inject --default-inbound-policy all-unauthenticated -'), model(LINKERD_CONFIG, deployment('web', {applied: false})))).not.toContain('default-inbound-policy');
    expect(printInjectPipeline(pipeline('kubectl get deploy web -o yaml | linkerd inject --default-inbound-policy deny -'), model(LINKERD_CONFIG, deployment('web', {applied: false})))).toContain('config.linkerd.io/default-inbound-policy: deny');
    expect(parseInjectPipeline('kubectl get deploy -o yaml | linkerd inject --proxy-cpu-request=lots -', 'emojivoto')).toBeUndefined();
    expect(parseInjectPipeline('kubectl get deploy -o yaml | linkerd inject --default-inbound-policy=open -', 'emojivoto')).toBeUndefined();
  });

  it('with override annotations a template that is not injected is reported "annotated", not "skipped"', () => {
    const text = printInjectPipeline(pipeline('kubectl get deploy -o yaml | linkerd inject --proxy-cpu-limit=1 - | kubectl apply -f -'), model(LINKERD_CONFIG, deployment('web', {template: {'linkerd.io/inject': 'disabled'}})));
    expect(text).toContain('deployment "web" annotated\n');
  });
});

describe('a typed inject line in the linkerd-inject session', () => {
  it('is answered when it changes nothing (no apply), refused when it would apply what the recording has not moved to', async () => {
    const {sessionModels} = await import('./linkerd-support');
    const {printFromModel} = await import('../../../src/terminal/printers/index');
    const before = sessionModels('linkerd-inject')['not-meshed']!;
    const printed = printFromModel('kubectl get deploy reviews-v1 -n bookinfo -o yaml | linkerd inject -', {namespace: 'default', placeholders: {}}, before);
    expect(printed?.kind).toBe('printed');
    expect((printed as {text: string}).text).toMatch(/^apiVersion: apps\/v1\n[\s\S]*        linkerd\.io\/inject: enabled\n[\s\S]*---\n\ndeployment "reviews-v1" injected\n\n$/);
    const applying = printFromModel('kubectl get deploy reviews-v1 -n bookinfo -o yaml | linkerd inject - | kubectl apply -f -', {namespace: 'default', placeholders: {}}, before);
    expect(applying).toMatchObject({kind: 'gap', reason: expect.stringMatching(/changes the cluster/)});
  });
});
