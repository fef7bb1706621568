/**
 * linkerd inject reads each object into its k8s.io/api Go type and writes it back (getFilteredJSON), so
 * container resources and the other resource.Quantity fields come out as Quantity.MarshalJSON writes
 * them: canonical unless the text was already canonical-looking (k8s.io/apimachinery quantity.go).
 */
import {describe, expect, it} from 'vitest';
import {throughGoType} from '../../../src/terminal/printers/linkerd-go-types';
import {ModelGap} from '../../../src/terminal/printers/model';
import {goYaml} from '../../../src/terminal/printers/output';

const deployment = (container: Record<string, unknown>, spec: Record<string, unknown> = {}): Record<string, unknown> =>
  ({apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'web'}, spec: {selector: {matchLabels: {app: 'web'}},
    template: {metadata: {labels: {app: 'web'}}, spec: {containers: [{name: 'web', image: 'web:v1', ...container}], ...spec}}}});
const podSpec = (written: Record<string, unknown>): Record<string, unknown> =>
  ((written.spec as {template: {spec: Record<string, unknown>}}).template.spec);
const container = (written: Record<string, unknown>): Record<string, unknown> => (podSpec(written).containers as Record<string, unknown>[])[0]!;

describe('container resources written back canonical', () => {
  it('requests and limits: fractions to milli, binary amounts to the largest power of 1024, YAML numbers to their canonical text', () => {
    const written = throughGoType('deployment', deployment({resources: {
      requests: {cpu: 0.1, memory: '1024Mi'},
      limits: {cpu: 1, memory: 1e3, 'ephemeral-storage': '1.5Gi'},
    }}));
    expect(container(written).resources).toEqual({requests: {cpu: '100m', memory: '1Gi'}, limits: {cpu: '1', memory: '1k', 'ephemeral-storage': '1536Mi'}});
  });

  it('text already canonical-looking is kept as written', () => {
    const written = throughGoType('deployment', deployment({resources: {requests: {cpu: '100m', memory: '100Mi'}, limits: {cpu: '+1', memory: '1e3'}}}));
    expect(container(written).resources).toEqual({requests: {cpu: '100m', memory: '100Mi'}, limits: {cpu: '+1', memory: '1e3'}});
  });

  it('the printed YAML quotes a quantity that reads as a number, as kubectl does', () => {
    const written = throughGoType('deployment', deployment({resources: {limits: {cpu: 2}}}));
    expect(goYaml(container(written).resources as Record<string, unknown>)).toBe('limits:\n  cpu: "2"\n');
  });

  it('the pod overhead, a downward API divisor and an emptyDir size limit are quantities too', () => {
    const written = throughGoType('deployment', deployment(
      {env: [{name: 'CPU', valueFrom: {resourceFieldRef: {resource: 'limits.cpu', divisor: 0.001}}}]},
      {overhead: {cpu: '250.0m'}, volumes: [{name: 'scratch', emptyDir: {sizeLimit: '2048Mi'}}]},
    ));
    expect(podSpec(written).overhead).toEqual({cpu: '250m'});
    expect(podSpec(written).volumes).toEqual([{name: 'scratch', emptyDir: {sizeLimit: '2Gi'}}]);
    expect((container(written).env as Array<{valueFrom: {resourceFieldRef: unknown}}>)[0]!.valueFrom.resourceFieldRef).toEqual({resource: 'limits.cpu', divisor: '1m'});
  });

  it('a value Go cannot read as a quantity is a gap, not a guess at its error', () => {
    expect(() => throughGoType('deployment', deployment({resources: {limits: {cpu: 'lots'}}}))).toThrow(ModelGap);
    expect(() => throughGoType('deployment', deployment({resources: {limits: {cpu: true}}}))).toThrow(/resources\.limits\.cpu/);
  });
});
