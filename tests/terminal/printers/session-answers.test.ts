import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {checkScenario} from '../../../src/terminal/check-session';
import {stateModels} from '../../../src/terminal/cluster-state';
import {ScenarioSession} from '../../../src/terminal/session';
import {loadSession, TINY} from '../scenarios';
import {MODEL} from './support/model';

const dir = 'labs/sessions/sidecar-not-injected';
const scenario = checkScenario(`${dir}/scenario.yaml`, readFileSync(`${dir}/scenario.yaml`, 'utf8'), {computed: 'skip'});
const models = stateModels(scenario, (file) => readFileSync(`${dir}/${file}`, 'utf8'));

describe('a typed kubectl get the recording lacks, answered from the state\'s cluster model', () => {
  it('prints what the model holds, in the current state, and follows the state as it moves', () => {
    const session = new ScenarioSession(scenario, models);
    const images = "kubectl get pod ratings-v1-5f9d4c7b8f-vq6nd -o jsonpath='{.spec.containers[*].name} {.metadata.labels.app}'";
    expect(session.match(images)).toBeUndefined();
    expect(session.run(images)).toEqual({kind: 'printed', text: 'ratings ratings'});
    // The model keeps no kube-system pods and no ReplicaSets, which a real cluster has: an empty answer would be invented.
    expect(session.run('kubectl get pods -n kube-system').kind).toBe('unknown');
    expect(session.run('kubectl get rs').kind).toBe('unknown');
    // It keeps kind's nodes (installation/cluster/kind-nodes.yaml), with the zones that give the pods their locality
    // (-L: cli-runtime tableprinter.go formatLabelHeaders, a key's last part upper-cased, and labelValues).
    expect(session.run('kubectl get nodes -L topology.kubernetes.io/region -Ltopology.kubernetes.io/zone,missing')).toEqual({kind: 'printed', text: [
      'NAME                 STATUS   ROLES           AGE   VERSION   REGION    ZONE    MISSING',
      'mesh-control-plane   Ready    control-plane   66m   v1.33.1   region1   zone1   ',
      'mesh-worker          Ready    <none>          65m   v1.33.1   region1   zone1   ',
      'mesh-worker2         Ready    <none>          65m   v1.33.1   region1   zone2   ',
      '',
    ].join('\n')});
    expect(session.run('kubectl get nodes')).toEqual({kind: 'printed', text: [
      'NAME                 STATUS   ROLES           AGE   VERSION',
      'mesh-control-plane   Ready    control-plane   66m   v1.33.1',
      'mesh-worker          Ready    <none>          65m   v1.33.1',
      'mesh-worker2         Ready    <none>          65m   v1.33.1',
      '',
    ].join('\n')});
    session.run('kubectl apply -f <(istioctl kube-inject -f deployment.yaml)');
    expect(session.state).toBe('manually-injected');
    expect(session.run(images)).toEqual({kind: 'printed', text: 'Error from server (NotFound): pods "ratings-v1-5f9d4c7b8f-vq6nd" not found\n'});
  });

  it('refuses what the model cannot answer truthfully (no clock for AGE here) and what no printer covers', () => {
    const first = scenario.states[0]!.id;
    const session = new ScenarioSession(scenario, {...models, [first]: {objects: models[first]!.objects}});
    expect(session.run('kubectl get pods -o wide').kind).toBe('unknown');
    expect(session.run('kubectl get pods -w').kind).toBe('unknown');
    expect(session.run('kubectl describe svc reviews').kind).toBe('unknown');
  });

  it('prints a table with AGE from the state\'s clock when the model has one', () => {
    const session = new ScenarioSession(TINY, {before: MODEL});
    expect(session.run('kubectl get pods --show-labels -l version=v2')).toEqual({
      kind: 'printed',
      text: 'NAME                          READY   STATUS    RESTARTS   AGE   LABELS\nreviews-v2-5c757d5846-wf8fq   2/2     Running   0          90s   app=reviews,version=v2\n',
    });
    // A recorded command keeps its recorded answer.
    expect(session.run('kubectl get pods')).toMatchObject({kind: 'output', text: 'web 1/1\n'});
  });

  it('reaches the page: the checked session the build ships carries each state\'s model', () => {
    const checked = loadSession('sidecar-not-injected');
    expect(Object.keys(checked.models ?? {})).toEqual(scenario.states.map((state) => state.id));
    // Through JSON, as the page loads it.
    const shipped = JSON.parse(JSON.stringify(checked)) as typeof checked;
    expect(new ScenarioSession(shipped.scenario, shipped.models).run('kubectl get pod ratings-v1-5f9d4c7b8f-vq6nd -o name')).toEqual({kind: 'printed', text: 'pod/ratings-v1-5f9d4c7b8f-vq6nd\n'});
    expect(new ScenarioSession(shipped.scenario).run('kubectl get pod ratings-v1-5f9d4c7b8f-vq6nd -o name').kind).toBe('unknown');
  });
});
