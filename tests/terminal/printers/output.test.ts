import {describe, expect, it} from 'vitest';
import {printFromModel} from '../../../src/terminal/printers/index';
import {asList, goJsonIndent, goYaml} from '../../../src/terminal/printers/output';
import type {ModelObject} from '../../../src/terminal/printers/model';
import {NOW} from './support/model';

const LAST_APPLIED = '{"apiVersion":"networking.istio.io/v1","kind":"VirtualService","metadata":{"annotations":{},"name":"reviews","namespace":"default"},"spec":{"hosts":["reviews"]}}\n';

const virtualService = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: {
    name: 'reviews',
    namespace: 'default',
    annotations: {'kubectl.kubernetes.io/last-applied-configuration': LAST_APPLIED},
    creationTimestamp: '2026-11-24T22:03:43Z',
    generation: 1,
    resourceVersion: '48219',
    uid: '9a2e7c41-5b3d-4f8e-a6c2-1d7b9e3f5a08',
    managedFields: [{manager: 'kubectl-client-side-apply', operation: 'Update'}],
  },
  spec: {
    hosts: ['reviews'],
    http: [{match: [{headers: {'end-user': {exact: 'jason'}}}], route: [{destination: {host: 'reviews', subset: 'v2'}, weight: 100}]}],
  },
};

const object: ModelObject = {group: 'networking.istio.io', kind: 'VirtualService', namespace: 'default', name: 'reviews', value: virtualService};
const get = (line: string): string => {
  const printed = printFromModel(line, {namespace: 'default', placeholders: {}}, {objects: [object], now: NOW});
  if (printed?.kind !== 'printed') throw new Error(`not printed: ${JSON.stringify(printed)}`);
  return printed.text;
};

describe('kubectl get -o yaml, as sigs.k8s.io/yaml writes the object', () => {
  it('sorts keys, leaves sequences under a key unindented, quotes what would read back as another type, and writes text ending in a newline as a | block', () => {
    expect(get('kubectl get vs reviews -o yaml')).toBe(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      ${LAST_APPLIED.trimEnd()}
  creationTimestamp: "2026-11-24T22:03:43Z"
  generation: 1
  name: reviews
  namespace: default
  resourceVersion: "48219"
  uid: 9a2e7c41-5b3d-4f8e-a6c2-1d7b9e3f5a08
spec:
  hosts:
  - reviews
  http:
  - match:
    - headers:
        end-user:
          exact: jason
    route:
    - destination:
        host: reviews
        subset: v2
      weight: 100
`);
  });

  it('wraps a list in a List, with empty maps and lists in flow style, and folds a long plain string at 80 columns', () => {
    expect(goYaml(asList([]))).toBe('apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n');
    expect(goYaml({a: {}, b: [[1, 2]], c: null, d: true, e: 'yes'})).toBe('a: {}\nb:\n- - 1\n  - 2\nc: null\nd: true\ne: "yes"\n');
    const long = Array.from({length: 20}, (_, i) => `word${i}`).join(' ');
    // go-yaml breaks at the first space past column 80: after word11, which ends at column 86.
    expect(goYaml({description: long})).toBe(`description: ${long.slice(0, long.indexOf(' word12'))}\n  ${long.slice(long.indexOf('word12'))}\n`);
  });
});

describe('kubectl get -o json, as json.MarshalIndent writes it', () => {
  it('indents by four spaces, sorts keys, escapes HTML characters, and leaves out managedFields', () => {
    const text = get('kubectl get virtualservice/reviews -o json');
    expect(text).toMatch(/^\{\n {4}"apiVersion": "networking.istio.io\/v1",\n {4}"kind": "VirtualService",\n {4}"metadata": \{\n {8}"annotations": \{/);
    expect(text).not.toContain('managedFields');
    expect(text.endsWith('\n}\n')).toBe(true);
    expect(goJsonIndent({b: '<&>', a: []})).toBe('{\n    "a": [],\n    "b": "\\u003c\\u0026\\u003e"\n}\n');
  });

  it('prints a List for several names, the object for one', () => {
    expect(JSON.parse(get('kubectl get vs reviews reviews -o json'))).toMatchObject({kind: 'List', items: [{kind: 'VirtualService'}, {kind: 'VirtualService'}]});
    expect(JSON.parse(get('kubectl get vs reviews -o json'))).toMatchObject({kind: 'VirtualService'});
  });
});
