/**
 * A large stream checked on several threads (the CLI's --threads): the engine reads every
 * document on one thread and takes the other threads' checks of theirs (checkShare). Wherever
 * the stream is cut, the result must be the one thread's, diagnostic for diagnostic and in the
 * same order, including what depends on other documents: a control plane shown by one document
 * and judged on another, a Namespace whose label turns a webhook off, analysis across shares.
 */
import {describe, expect, it} from 'vitest';
import {checkShare, shareBoundaries, startValidation, validateYaml, type ValidateOptions} from '../../../src/engine/index';
import {SHAPES} from '../../../scripts/bench/generate-manifest.mjs';

const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: quiet\n  labels: {config.linkerd.io/admission-webhooks: disabled}\n';
const deniedServer = (ns: string) => `apiVersion: policy.linkerd.io/v1beta3\nkind: Server\nmetadata: {name: web, namespace: ${ns}}\n`
  + 'spec: {podSelector: {matchLabels: {app: web}}, port: http, accessPolicy: allow-all}\n';
const grpcRoute = 'apiVersion: gateway.networking.k8s.io/v1\nkind: GRPCRoute\nmetadata: {name: web, namespace: emojivoto}\n'
  + 'spec:\n  parentRefs: [{name: web, kind: Service, group: "", port: 8080}]\n  rules:\n  - matches: [{method: {type: RegularExpression, service: "emoji.*"}}]\n';
const linkerdControlPlane = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: linkerd\n  labels: {linkerd.io/control-plane-ns: linkerd, config.linkerd.io/admission-webhooks: disabled}\n';
const listWithAGap = 'apiVersion: v1\nkind: List\nitems:\n- 42\n- apiVersion: networking.istio.io/v1\n  kind: VirtualService\n'
  + '  metadata: {name: reviews, namespace: default}\n  spec:\n    hosts: [reviews]\n    gateways: [missing-gateway]\n    http:\n    - route:\n      - destination: {host: reviews}\n';
const broken = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: [oops\n';

/** Every kind of cross-document dependency, then a few hundred generated documents with findings. */
const text = [grpcRoute, namespace, deniedServer('quiet'), deniedServer('books'), listWithAGap, broken, linkerdControlPlane,
  SHAPES.findings(120).manifest].join('---\n');
const options: ValidateOptions = {maxBytes: 1 << 24, context: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: default}\n', documents: false};
const alone = validateYaml(text, options);

/** The start of every document after the first: each a place the stream may be cut. */
const cuts = [...text.matchAll(/^---\n/gm)].map((match) => match.index);

describe('a stream checked in shares', () => {
  it('has findings of every kind to compare (the fixture is not trivially clean)', () => {
    const codes = new Set(alone.diagnostics.map((d) => d.code));
    expect(alone.diagnostics.length).toBeGreaterThan(30);
    for (const code of ['IST0101', 'document-not-a-mapping']) expect(codes).toContain(code);
    expect(alone.diagnostics.some((d) => d.path === '/spec/rules/0/matches/0/method/type')).toBe(true);
    expect(alone.diagnostics.some((d) => d.path === '/spec/accessPolicy')).toBe(true);
  });

  it('gives one thread\'s diagnostics wherever it is cut in two', () => {
    for (const cut of [...cuts.slice(0, 12), ...cuts.filter((_, i) => i % 23 === 0)]) {
      const begun = startValidation(text, options, cut);
      expect(begun.finish(checkShare(text, cut, text.length, options)).diagnostics, `cut at ${cut}`).toEqual(alone.diagnostics);
    }
  });

  it('gives them when cut in four, the shares coming back in any order', () => {
    const bounds = shareBoundaries(text, [0.1, 0.3, 0.3, 0.3]);
    expect(new Set(bounds).size).toBe(3);
    const shares = bounds.map((from, i) => checkShare(text, from, bounds[i + 1] ?? text.length, options));
    expect(startValidation(text, options, bounds[0]).finish(shares.reverse().flat()).diagnostics).toEqual(alone.diagnostics);
  });

  it('checks a share itself when its thread gave nothing back (a worker that died)', () => {
    const [cut] = shareBoundaries(text, [0.4, 0.6]);
    expect(startValidation(text, options, cut).finish().diagnostics).toEqual(alone.diagnostics);
    const half = checkShare(text, cut!, text.length, options).slice(0, 50);
    expect(startValidation(text, options, cut).finish(half).diagnostics).toEqual(alone.diagnostics);
  });

  it('cuts only where a document starts, so both sides split the stream alike', () => {
    for (const bound of shareBoundaries(text, [0.25, 0.25, 0.25, 0.25])) expect(text.slice(bound - 1, bound + 4)).toBe('\n---\n');
    expect(shareBoundaries('a: 1\n', [0.5, 0.5])).toEqual([5]);
  });
});

describe('a List whose items are not all resources', () => {
  it('places an item\'s analysis findings at that item, not at the List\'s n-th resource', () => {
    const {diagnostics} = validateYaml(listWithAGap, {context: options.context});
    const gateway = diagnostics.find((d) => d.code === 'IST0101' && d.message.includes('missing-gateway'));
    expect(gateway?.path).toBe('/items/1/spec/gateways/0');
    expect(gateway?.range.start).toEqual({line: 10, column: 16});
  });
});
