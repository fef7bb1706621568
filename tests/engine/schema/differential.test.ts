/**
 * Differential test against @kubernetes-models/istio, an independent validator generated from
 * an older release of the same Istio CRDs. Where both judge the same thing they must agree.
 *
 * Differences by design (not compared):
 * - unknown-field: this engine rejects unknown fields like kubectl's strict field validation;
 *   the model package accepts them.
 * - cel / cel-skipped: the model package has no CEL rules.
 * - null-dropped: the model package marks every field nullable; the API server drops nulls.
 * - duplicate: list-type map/set uniqueness is an API server check the package does not do.
 * - a number format (int32) where the type is wrong: ours reports the type alone.
 * - required, min/max bounds: Istio 1.30's CRDs declare more of them than the older schemas the
 *   package was generated from, so the package's findings must be a subset of ours.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {DestinationRule, Gateway, ServiceEntry, Sidecar, VirtualService} from '@kubernetes-models/istio/networking.istio.io/v1beta1';
import {AuthorizationPolicy} from '@kubernetes-models/istio/security.istio.io/v1';
import {PeerAuthentication} from '@kubernetes-models/istio/security.istio.io/v1beta1';
import {validateResource} from '../../../src/engine/schema/index';

interface ModelClass {
  new (data: object): {validate(): void};
  apiVersion: string;
  kind: string;
}

interface ForeignError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
}

const MODELS: ModelClass[] = [VirtualService, DestinationRule, Gateway, ServiceEntry, Sidecar, AuthorizationPolicy, PeerAuthentication] as unknown as ModelClass[];

const COMPARED = new Map([
  ['type', 'type'],
  ['enum', 'enum'],
  ['format', 'format'],
  ['oneOf', 'one-of'],
]);
const SUBSET = new Map([
  ['required', 'required'],
  ['minimum', 'minimum'],
  ['maximum', 'maximum'],
  ['minLength', 'min-length'],
  ['maxLength', 'max-length'],
  ['minItems', 'min-items'],
  ['maxItems', 'max-items'],
]);

function theirFindings(model: ModelClass, doc: {spec: unknown}): ForeignError[] {
  try {
    new model({metadata: {name: 'example'}, spec: doc.spec}).validate();
    return [];
  } catch (error) {
    const errors = (error as {errors?: ForeignError[]}).errors;
    if (!errors) throw error;
    const combinatorPaths = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
    const typePaths = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
    // Same normalisation as ours: branch errors of a failed oneOf are not findings of their own, and a number
    // format (int32, which the API server strips) says nothing more where the type is already wrong.
    return errors.filter((e) => !(combinatorPaths.has(e.instancePath) && /\/(oneOf|anyOf)\/\d+/.test(e.schemaPath)) &&
      !(e.keyword === 'format' && typePaths.has(e.instancePath)));
  }
}

function compare(model: ModelClass, spec: unknown) {
  const doc = {apiVersion: model.apiVersion, kind: model.kind, metadata: {name: 'example'}, spec};
  const ours = validateResource(model.apiVersion, model.kind, doc)!;
  const theirs = theirFindings(model, doc);
  const ourSet = (codes: Map<string, string>) =>
    new Set(ours.filter((i) => [...codes.values()].includes(i.code)).map((i) => `${i.code} ${i.path}`));
  const theirSet = (codes: Map<string, string>) =>
    new Set(theirs.filter((e) => codes.has(e.keyword)).map((e) => `${codes.get(e.keyword)} ${e.instancePath}`));
  return {compared: [ourSet(COMPARED), theirSet(COMPARED)] as const, subset: [ourSet(SUBSET), theirSet(SUBSET)] as const, theirs};
}

/** Valid resources both validators accept; mutations of them are the invalid corpus. */
const VALID: Array<[ModelClass, object]> = [
  [VirtualService as unknown as ModelClass, {
    hosts: ['reviews'],
    gateways: ['mesh'],
    http: [
      {
        match: [{headers: {'end-user': {exact: 'jason'}}, uri: {prefix: '/api'}, ignoreUriCase: true}],
        route: [{destination: {host: 'reviews', subset: 'v2', port: {number: 9080}}, weight: 90}, {destination: {host: 'reviews', subset: 'v3'}, weight: 10}],
        timeout: '10s',
        retries: {attempts: 3, perTryTimeout: '2s', retryOn: '5xx'},
        fault: {delay: {fixedDelay: '5s', percentage: {value: 10}}, abort: {httpStatus: 500, percentage: {value: 1.5}}},
      },
    ],
    tcp: [{match: [{port: 27017}], route: [{destination: {host: 'mongo', port: {number: 5555}}}]}],
  }],
  [DestinationRule as unknown as ModelClass, {
    host: 'reviews',
    trafficPolicy: {
      loadBalancer: {simple: 'LEAST_REQUEST'},
      connectionPool: {tcp: {maxConnections: 100, connectTimeout: '30ms'}, http: {http1MaxPendingRequests: 10, maxRequestsPerConnection: 1}},
      outlierDetection: {consecutive5xxErrors: 7, interval: '5m', baseEjectionTime: '15m', maxEjectionPercent: 50},
      tls: {mode: 'ISTIO_MUTUAL'},
    },
    subsets: [{name: 'v1', labels: {version: 'v1'}, trafficPolicy: {loadBalancer: {consistentHash: {httpHeaderName: 'x-user'}}}}],
  }],
  [Gateway as unknown as ModelClass, {
    selector: {istio: 'ingressgateway'},
    servers: [
      {port: {number: 80, name: 'http', protocol: 'HTTP'}, hosts: ['bookinfo.example.com'], tls: {httpsRedirect: true}},
      {port: {number: 443, name: 'https', protocol: 'HTTPS'}, hosts: ['bookinfo.example.com'], tls: {mode: 'SIMPLE', credentialName: 'bookinfo-cert'}},
    ],
  }],
  [ServiceEntry as unknown as ModelClass, {
    hosts: ['api.example.com'],
    ports: [{number: 443, name: 'https', protocol: 'TLS'}],
    resolution: 'DNS',
    location: 'MESH_EXTERNAL',
  }],
  [Sidecar as unknown as ModelClass, {
    egress: [{hosts: ['./*', 'istio-system/*']}],
    ingress: [{port: {number: 9080, protocol: 'HTTP', name: 'http'}, defaultEndpoint: '127.0.0.1:8080'}],
    outboundTrafficPolicy: {mode: 'REGISTRY_ONLY'},
  }],
  [AuthorizationPolicy as unknown as ModelClass, {
    selector: {matchLabels: {app: 'reviews'}},
    action: 'ALLOW',
    rules: [{from: [{source: {principals: ['cluster.local/ns/default/sa/productpage']}}], to: [{operation: {methods: ['GET'], paths: ['/reviews/*']}}], when: [{key: 'request.headers[version]', values: ['v1']}]}],
  }],
  [PeerAuthentication as unknown as ModelClass, {
    selector: {matchLabels: {app: 'reviews'}},
    mtls: {mode: 'STRICT'},
    portLevelMtls: {'8080': {mode: 'DISABLE'}},
  }],
];

/** Hand-written invalid variants: each breaks one thing both validators understand. */
const INVALID: Array<[ModelClass, object]> = [
  [VirtualService as unknown as ModelClass, {hosts: 'reviews'}],
  [VirtualService as unknown as ModelClass, {hosts: ['a'], http: [{match: [{uri: {exact: '/a', prefix: '/b'}}], route: [{destination: {host: 'a'}}]}]}],
  [VirtualService as unknown as ModelClass, {hosts: ['a'], http: [{match: [{headers: {x: {exact: true}}}], route: [{destination: {host: 'a'}}]}]}],
  [VirtualService as unknown as ModelClass, {hosts: ['a'], http: [{route: [{destination: {host: 'a'}, weight: 2 ** 31}]}]}],
  [VirtualService as unknown as ModelClass, {hosts: ['a'], http: [{route: [{destination: {host: 'a'}, weight: '50'}]}]}],
  [DestinationRule as unknown as ModelClass, {host: 'a', trafficPolicy: {tls: {mode: 'MTLS'}}}],
  [DestinationRule as unknown as ModelClass, {host: 'a', trafficPolicy: {loadBalancer: {simple: 'ROUND_ROBIN', consistentHash: {useSourceIp: true}}}}],
  [DestinationRule as unknown as ModelClass, {host: 'a', subsets: [{name: 'v1', labels: ['version=v1']}]}],
  [Gateway as unknown as ModelClass, {servers: [{port: {number: '80', name: 'http', protocol: 'HTTP'}, hosts: ['*']}]}],
  [ServiceEntry as unknown as ModelClass, {hosts: ['a.example.com'], resolution: 'DNS_ONLY', location: 'OUTSIDE'}],
  [AuthorizationPolicy as unknown as ModelClass, {action: 'PERMIT'}],
  [PeerAuthentication as unknown as ModelClass, {mtls: {mode: 'strict'}}],
  [PeerAuthentication as unknown as ModelClass, {mtls: 'STRICT'}],
];

describe('differential against @kubernetes-models/istio', () => {
  it.each(VALID.map(([model, spec]) => [model.kind, model, spec] as const))('both accept the valid %s', (_kind, model, spec) => {
    const {compared, subset, theirs} = compare(model, spec);
    expect(theirs).toEqual([]);
    expect([...compared[0]]).toEqual([]);
    expect([...subset[0]]).toEqual([]);
  });

  it.each(INVALID.map(([model, spec], i) => [`${model.kind} #${i}`, model, spec] as const))('both reject %s the same way', (_name, model, spec) => {
    const {compared, subset} = compare(model, spec);
    expect(compared[1].size).toBeGreaterThan(0); // the corpus entry really is invalid for both
    expect([...compared[0]].sort()).toEqual([...compared[1]].sort());
    for (const finding of subset[1]) expect(subset[0]).toContain(finding);
  });

  it('agrees on random type/enum mutations of valid resources', () => {
    const leafPaths = (value: unknown, path: string[] = []): string[][] => {
      if (Array.isArray(value)) return value.flatMap((v, i) => leafPaths(v, [...path, String(i)]));
      if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...path, k]));
      return [path];
    };
    const setAt = (value: unknown, path: string[], leaf: unknown): unknown => {
      if (path.length === 0) return leaf;
      const [head, ...rest] = path as [string, ...string[]];
      if (Array.isArray(value)) return value.map((v, i) => (String(i) === head ? setAt(v, rest, leaf) : v));
      return {...(value as object), [head]: setAt((value as Record<string, unknown>)[head], rest, leaf)};
    };
    const replacement = fc.oneof(fc.boolean(), fc.integer({min: -5, max: 5}), fc.constantFrom('NOT_AN_ENUM', 'x', '1s'), fc.constant({}), fc.constant([]), fc.double({min: 0.5, max: 2, noNaN: true}));
    const mutation = fc.integer({min: 0, max: VALID.length - 1}).chain((index) => {
      const [model, spec] = VALID[index]!;
      const paths = leafPaths(spec);
      return fc.tuple(fc.constant(model), fc.constant(spec), fc.constantFrom(...paths), replacement);
    });
    let rejected = 0;
    fc.assert(
      fc.property(mutation, ([model, spec, path, leaf]) => {
        const {compared, subset} = compare(model, setAt(spec, path, leaf));
        expect([...compared[0]].sort()).toEqual([...compared[1]].sort());
        for (const finding of subset[1]) expect(subset[0]).toContain(finding);
        if (compared[1].size > 0) rejected++;
      }),
      {numRuns: 400, seed: 20260124},
    );
    // The property only means something if many mutations are actually invalid.
    expect(rejected).toBeGreaterThan(150);
  });
});
