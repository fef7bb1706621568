import {describe, expect, it} from 'vitest';
import {checkMetadata} from '../../src/engine/metadata';
import {problems, yaml} from './helpers';

const vs = (metadata: string) => yaml`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
${metadata}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews}
`;

describe('metadata as the API server checks it', () => {
  it('rejects an upper-case name with the API server wording, at the value', () => {
    expect(problems(vs('  name: Reviews'))).toEqual([expect.objectContaining({
      at: '4:9', end: '4:16', code: 'invalid-metadata',
      message: expect.stringMatching(/^metadata\.name: Invalid value: "Reviews": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '\.'/),
    })]);
  });

  it('requires a name, pointing at metadata', () => {
    expect(problems(vs('  namespace: default'))).toEqual([expect.objectContaining({
      at: '3:1', message: 'metadata.name: Required value: name or generateName is required',
    })]);
  });

  it('explains that generateName does not work with apply', () => {
    expect(problems(vs('  generateName: reviews-'))[0]).toMatchObject({at: '4:3', message: expect.stringMatching(/generateName only works with kubectl create/)});
  });

  it('checks namespace as a DNS-1123 label', () => {
    expect(problems(vs('  name: r\n  namespace: my.ns'))[0]).toMatchObject({
      at: '5:14', message: expect.stringMatching(/^metadata\.namespace: Invalid value: "my\.ns": a lowercase RFC 1123 label must consist of/),
    });
  });

  it('rejects unknown metadata fields strictly, at the key', () => {
    expect(problems(vs('  name: r\n  label:\n    app: r'))[0]).toMatchObject({
      at: '5:3', end: '5:8', code: 'unknown-metadata-field', message: 'unknown field "metadata.label": ObjectMeta has no such field (did you mean "labels"?)',
    });
  });

  it('checks label keys and values', () => {
    const found = problems(vs('  name: r\n  labels:\n    "bad key": ok\n    app: "-x"\n    version: 1'));
    expect(found.map((d) => [d.at, d.message.slice(0, 60)])).toEqual([
      ['6:5', 'metadata.labels: Invalid value: "bad key": name part must co'],
      ['7:10', 'metadata.labels.app: Invalid value: "-x": a valid label valu'],
      ['8:14', 'metadata.labels.version: Invalid value: 1 (integer): label v'],
    ]);
  });

  it('accepts prefixed label keys and empty label values', () => {
    expect(problems(vs('  name: r\n  labels:\n    app.kubernetes.io/name: r\n    empty: ""'))).toEqual([]);
  });

  it('limits label values to 63 characters', () => {
    expect(problems(vs(`  name: r\n  labels:\n    v: ${'a'.repeat(64)}`))[0]!.message).toMatch(/must be no more than 63 characters/);
  });

  it('limits annotations to 256 KiB in total', () => {
    const metadata = {name: 'r', annotations: {a: 'x'.repeat(256 * 1024)}};
    expect(checkMetadata({metadata}, 'networking.istio.io/v1', 'VirtualService')).toEqual([
      expect.objectContaining({path: '/metadata/annotations', message: 'metadata.annotations: Too long: must have at most 262144 bytes'}),
    ]);
  });

  it('uses the DNS-1035 rule for Service names', () => {
    expect(checkMetadata({metadata: {name: '1svc'}}, 'v1', 'Service')[0]!.message).toMatch(/a DNS-1035 label must consist of/);
  });

  it('accepts dots in Istio resource names (DNS subdomain)', () => {
    expect(checkMetadata({metadata: {name: 'reviews.v1'}}, 'networking.istio.io/v1', 'DestinationRule')).toEqual([]);
  });
});
