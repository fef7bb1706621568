/** kubectl label's decisions (label.go validateNoOverwrites, updateDataChangeMsg) from the labels a recording shows. */
import {describe, expect, it} from 'vitest';
import {labelRequest, labelsShown, relabelOutput} from '../../src/terminal/relabel';

describe('labelRequest', () => {
  it('reads one object, its KEY=VALUE pairs, --overwrite and the namespace', () => {
    expect(labelRequest('kubectl label pods web a=1 b= --namespace=shop --overwrite=true')).toEqual({type: 'pods', name: 'web', labels: {a: '1', b: ''}, overwrite: true, scope: ['--namespace=shop']});
  });

  it('leaves removals, selectors, --all, --list, two names and a key given twice to the recording', () => {
    for (const canonical of ['kubectl label pods web a-', 'kubectl label pods a=1 --selector=app=web', 'kubectl label pods --all a=1', 'kubectl label pods web --list=true', 'kubectl label pods web other a=1', 'kubectl label pods web a=1 a=2', 'kubectl label pods web']) {
      expect(labelRequest(canonical), canonical).toBeUndefined();
    }
  });
});

describe('labelsShown', () => {
  const request = labelRequest('kubectl label namespaces default a=1')!;
  it('reads the JSON map of -o jsonpath={.metadata.labels} and the LABELS cell of --show-labels', () => {
    expect(labelsShown('kubectl get namespaces default --output=jsonpath={.metadata.labels}', '{"a":"1","k":"v"}', request)).toEqual({a: '1', k: 'v'});
    expect(labelsShown('kubectl get namespaces --show-labels=true', 'NAME      STATUS   AGE   LABELS\nother     Active   1m    <none>\ndefault   Active   2m    a=1,k=v\n', request)).toEqual({a: '1', k: 'v'});
    expect(labelsShown('kubectl get namespaces default --show-labels=true', 'NAME      STATUS   AGE   LABELS\ndefault   Active   2m    <none>\n', request)).toEqual({});
  });

  it('ignores another object, another namespace and outputs that do not show labels', () => {
    expect(labelsShown('kubectl get namespaces other --output=jsonpath={.metadata.labels}', '{"a":"1"}', request)).toBeUndefined();
    expect(labelsShown('kubectl get namespaces default --namespace=x --output=jsonpath={.metadata.labels}', '{"a":"1"}', request)).toBeUndefined();
    expect(labelsShown('kubectl get namespaces default', 'NAME      STATUS   AGE\ndefault   Active   2m\n', request)).toBeUndefined();
    expect(labelsShown('kubectl get namespaces default --output=jsonpath={.metadata.labels}', 'Error from server (NotFound)', request)).toBeUndefined();
  });
});

describe('relabelOutput', () => {
  const ask = (canonical: string) => labelRequest(canonical)!;
  it('prints `not labeled` when every pair is already set, with or without --overwrite', () => {
    expect(relabelOutput(ask('kubectl label namespaces default a=1'), {a: '1'}, 'namespace/default')).toBe('namespace/default not labeled\n');
    expect(relabelOutput(ask('kubectl label namespaces default a=1 --overwrite=true'), {a: '1'}, 'namespace/default')).toBe('namespace/default not labeled\n');
  });

  it('refuses another value without --overwrite, even beside a new key', () => {
    expect(relabelOutput(ask('kubectl label namespaces default a=2 b=1'), {a: '1'}, 'namespace/default')).toBe("error: 'a' already has a value (1), and --overwrite is false\n");
  });

  it('decides nothing that would change a label, nor two refusals kubectl orders at random', () => {
    expect(relabelOutput(ask('kubectl label namespaces default b=1'), {a: '1'}, 'namespace/default')).toBeUndefined();
    expect(relabelOutput(ask('kubectl label namespaces default a=2 --overwrite=true'), {a: '1'}, 'namespace/default')).toBeUndefined();
    expect(relabelOutput(ask('kubectl label namespaces default a=2 b=2'), {a: '1', b: '1'}, 'namespace/default')).toBeUndefined();
  });
});
