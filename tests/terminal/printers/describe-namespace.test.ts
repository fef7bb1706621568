import {describe, expect, it} from 'vitest';
import {printFromModel} from '../../../src/terminal/printers/index';
import type {ModelObject} from '../../../src/terminal/printers/model';
import {tabwrite} from '../../../src/terminal/printers/tabwriter';
import {CLUSTER, NOW} from './support/model';

const LONG = `{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"default","labels":{"istio-injection":"enabled"}},"x":"${'a'.repeat(150)}"}`;
const annotated: ModelObject = {
  group: '', kind: 'Namespace', namespace: '', name: 'shop',
  value: {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'shop', annotations: {
    'kubectl.kubernetes.io/last-applied-configuration': `${LONG}\n`,
    'example.com/long': 'b'.repeat(140),
    'example.com/owner': 'team-a',
  }}},
};
const objects = [...CLUSTER, annotated];
const describeNs = (line: string): string => {
  const printed = printFromModel(line, {namespace: 'default', placeholders: {}}, {objects, now: NOW});
  if (printed?.kind !== 'printed') throw new Error(`not printed: ${JSON.stringify(printed)}`);
  return printed.text;
};

describe('kubectl describe namespace, as describe.go lays it out', () => {
  it('aligns the fields through tabwriter (padding 2), labels one a line, then the quota and limit range notes', () => {
    expect(describeNs('kubectl describe namespace default')).toBe([
      'Name:         default',
      'Labels:       istio-injection=enabled',
      '              kubernetes.io/metadata.name=default',
      'Annotations:  <none>',
      'Status:       Active',
      '',
      'No resource quota.',
      '',
      'No LimitRange resource.',
      '',
    ].join('\n'));
  });

  it('leaves out the last-applied configuration and puts a long annotation on lines of its own, cut at 138 characters', () => {
    expect(describeNs('kubectl describe ns/shop')).toBe([
      'Name:         shop',
      'Labels:       <none>',
      'Annotations:  example.com/long:',
      `                ${'b'.repeat(138)}...`,
      '              example.com/owner: team-a',
      'Status:       Active',
      '',
      'No resource quota.',
      '',
      'No LimitRange resource.',
      '',
    ].join('\n'));
  });

  it('reads a missing name as a prefix when it is the only one (DescribeMatchingResources), else NotFound', () => {
    const both = describeNs('kubectl describe ns istio');
    expect(both.match(/^Name:/gm)).toHaveLength(1);
    expect(both).toMatch(/^Name: {9}istio-system\n[\s\S]*No LimitRange resource\.\n\n$/);
    expect(describeNs('kubectl describe ns nothing')).toBe('Error from server (NotFound): namespaces "nothing" not found\n');
    expect(describeNs('kubectl describe ns default nothing')).toMatch(/No LimitRange resource\.\nError from server \(NotFound\): namespaces "nothing" not found\n$/);
    expect(describeNs('kubectl describe ns default istio-system').split('\n\n\nName:')).toHaveLength(2);
  });
});

describe('Go\'s text/tabwriter', () => {
  it('aligns a column over consecutive lines that have it, and starts over after a line without', () => {
    expect(tabwrite('a:\tx\nlonger:\ty\nbreak\nb:\tz\n', 0, 2)).toBe('a:       x\nlonger:  y\nbreak\nb:  z\n');
  });
});
