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
    expect(parseInjectPipeline('kubectl get deploy -o yaml | linkerd inject -', 'emojivoto')).toBeUndefined();
    expect(parseInjectPipeline('kubectl get deploy -o yaml | linkerd inject --ingress - | kubectl apply -f -', 'emojivoto')).toBeUndefined();
  });

  it('adds the inject annotation to each pod template: "injected" per object, then kubectl apply\'s "configured"; a template already annotated is "unchanged"', () => {
    const text = printInjectPipeline(pipeline('kubectl get deploy -o yaml | linkerd inject - | kubectl apply -f -'), model(deployment('web'), deployment('emoji', {template: {'linkerd.io/inject': 'enabled'}})));
    expect(text).toBe('\ndeployment "emoji" injected\ndeployment "web" injected\n\ndeployment.apps/emoji unchanged\ndeployment.apps/web configured\n');
  });

  it('--manual writes the proxy itself, so every injected object is configured', () => {
    const text = printInjectPipeline(pipeline('kubectl get deploy emoji -o yaml | linkerd inject --manual - | kubectl apply -f -'), model(deployment('emoji', {template: {'linkerd.io/inject': 'enabled'}})));
    expect(text).toBe('\ndeployment "emoji" injected\n\ndeployment.apps/emoji configured\n');
  });

  it('a template annotated disabled is warned about and skipped; UDP ports are warned about but injected', () => {
    const udp = deployment('voting', {spec: {containers: [{name: 'voting', ports: [{containerPort: 53, protocol: 'UDP'}]}]}});
    const text = printInjectPipeline(pipeline('kubectl get deploy -o yaml | linkerd inject - | kubectl apply -f -'), model(deployment('web', {template: {'linkerd.io/inject': 'disabled'}}), udp));
    expect(text).toBe(
      '\n\u203C "linkerd.io/inject: disabled" annotation set on deployment/web\n\u203C deployment/voting uses "protocol: UDP"\n\n' +
      'deployment "voting" injected\ndeployment "web" skipped\n\ndeployment.apps/voting configured\ndeployment.apps/web unchanged\n');
  });

  it('an object with a proxy already fails the whole run: linkerd\'s error without a newline, and kubectl apply gets nothing', () => {
    const injected = deployment('web', {spec: {initContainers: [{name: 'linkerd-init', image: 'cr.l5d.io/linkerd/proxy-init:v2.4.3'}]}});
    expect(printInjectPipeline(pipeline('kubectl get deploy -o yaml | linkerd inject - | kubectl apply -f -'), model(deployment('emoji'), injected)))
      .toBe('Error transforming resources:\nfailed to inject deployment/web: pod has a sidecar injected already' + 'error: no objects passed to apply\n');
  });

  it('a name kubectl get lacks is its NotFound first; an object kubectl apply did not create is a gap (its warning depends on it)', () => {
    expect(printInjectPipeline(pipeline('kubectl get deploy web nope -o yaml | linkerd inject - | kubectl apply -f -'), model(deployment('web'))))
      .toBe('Error from server (NotFound): deployments.apps "nope" not found\n\ndeployment "web" injected\n\ndeployment.apps/web configured\n');
    expect(() => printInjectPipeline(pipeline('kubectl get deploy -o yaml | linkerd inject - | kubectl apply -f -'), model(deployment('web', {applied: false})))).toThrow(ModelGap);
  });

  it('a recorded pipeline\'s move must hold the injected objects with the annotation on their pod template', () => {
    const line = pipeline('kubectl get deploy -o yaml | linkerd inject - | kubectl apply -f -');
    expect(injectMoveError(line, model(deployment('web')), model(deployment('web', {template: {'linkerd.io/inject': 'enabled'}})))).toBeUndefined();
    expect(injectMoveError(line, model(deployment('web')), model(deployment('web')))).toMatch(/deployment\.apps\/web in emojivoto is injected, but the state it moves to does not hold it/);
  });
});
