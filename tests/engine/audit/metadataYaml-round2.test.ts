/**
 * Audit round 2: ObjectMeta as the API server decodes and validates it, what `kubectl apply`
 * does to metadata before sending it, and YAML scalars as sigs.k8s.io/yaml (go-yaml v2) reads them.
 * Each case cites the Go source it follows.
 */
import {describe, expect, it} from 'vitest';
import {findings} from './helpers';

const dr = (metadata: string, spec = '  host: reviews\n') =>
  `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: reviews\n${metadata}spec:\n${spec}`;
const errors = (text: string) => findings(text).filter((f) => f.severity === 'error');

describe('annotations as kubectl apply sends them', () => {
  // k8s.io/kubectl/pkg/util/apply.go GetModifiedConfiguration reads annotations with Unstructured.GetAnnotations,
  // which swallows NestedStringMap's "contains non-string value" error and returns nil: every annotation is
  // dropped and the resource is created anyway (kubernetes/kubernetes#59113, #84759).
  it('warns, not errors, when an annotation value is a boolean', () => {
    expect(findings(dr('  annotations:\n    a: ok\n    sidecar.istio.io/inject: true\n'))).toEqual([expect.objectContaining({
      at: '7:30', severity: 'warning', code: 'invalid-metadata',
      message: expect.stringContaining('kubectl apply silently drops every annotation of this resource'),
    })]);
  });

  it('warns for a null annotation value and for annotations written as a list', () => {
    expect(findings(dr('  annotations:\n    x:\n')).map((f) => f.severity)).toEqual(['warning']);
    expect(findings(dr('  annotations: [a]\n')).map((f) => [f.at, f.severity])).toEqual([['5:16', 'warning']]);
  });

  it('skips key checks when the annotations are dropped anyway', () => {
    expect(errors(dr('  annotations:\n    "bad key": x\n    n: 1\n'))).toEqual([]);
  });

  it('still checks annotation keys (lower-cased) when every value is a string', () => {
    // apimachinery ValidateAnnotations: IsQualifiedName(strings.ToLower(k))
    expect(errors(dr('  annotations:\n    Example.COM/Key: x\n'))).toEqual([]);
    expect(errors(dr('  annotations:\n    "a b": x\n'))).toEqual([expect.objectContaining({
      at: '6:5', message: expect.stringContaining('metadata.annotations: Invalid value: "a b": name part must consist of'),
    })]);
  });
});

describe('labels', () => {
  it('accepts a null label value (encoding/json stores "" for null in a map[string]string), with a warning', () => {
    expect(findings(dr('  labels:\n    app:\n'))).toEqual([expect.objectContaining({at: '6:5', severity: 'warning'})]);
  });

  it('rejects a number label value: ObjectMeta decoding fails on the API server', () => {
    // apiextensions-apiserver schema/objectmeta GetObjectMeta (dropMalformedFields=false for requests)
    expect(errors(dr('  labels:\n    version: 2\n'))).toEqual([expect.objectContaining({at: '6:14', code: 'invalid-metadata'})]);
  });

  it('rejects a label key with two slashes', () => {
    // apimachinery IsQualifiedName: more than one '/'
    expect(errors(dr('  labels:\n    a/b/c: x\n'))[0]!.message).toContain('a qualified name must consist of');
  });
});

describe('server-managed ObjectMeta fields', () => {
  it('accepts uid, a string resourceVersion, generation and creationTimestamp: null', () => {
    // kubectl's resource.Helper.Create clears resourceVersion; FillObjectMetaSystemFields overwrites uid and creationTimestamp
    expect(findings(dr('  uid: 6a1b-22\n  resourceVersion: "12345"\n  generation: 3\n  creationTimestamp: null\n'))).toEqual([]);
  });

  it('accepts RFC 3339 timestamps, with fractions and offsets', () => {
    // metav1.Time.UnmarshalJSON: time.Parse(time.RFC3339, s)
    expect(findings(dr('  creationTimestamp: 2024-01-02T15:04:05Z\n  deletionTimestamp: "2024-01-02T15:04:05.5+02:00"\n'))).toEqual([]);
  });

  it('rejects a creationTimestamp that is not RFC 3339 (a bare date)', () => {
    expect(errors(dr('  creationTimestamp: 2024-01-02\n'))).toEqual([expect.objectContaining({
      at: '5:22', code: 'invalid-metadata', message: expect.stringContaining('metadata.creationTimestamp: Invalid value: "2024-01-02"'),
    })]);
  });

  it('rejects a resourceVersion written as a number and a fractional generation', () => {
    // encoding/json: cannot unmarshal number into Go struct field ObjectMeta.metadata.resourceVersion of type string
    expect(errors(dr('  resourceVersion: 123\n  generation: 1.5\n')).map((f) => f.at)).toEqual(['5:20', '6:15']);
  });
});

describe('finalizers', () => {
  it('accepts qualified names, including the built-in orphan and kubernetes', () => {
    // apimachinery ValidateFinalizers -> ValidateFinalizerName -> IsQualifiedName
    expect(findings(dr('  finalizers: [example.com/cleanup, orphan, kubernetes]\n'))).toEqual([]);
  });

  it('rejects an invalid finalizer name', () => {
    expect(errors(dr('  finalizers: [example.com/a/b]\n'))).toEqual([expect.objectContaining({
      at: '5:16', message: expect.stringContaining('metadata.finalizers: Invalid value: "example.com/a/b": a qualified name'),
    })]);
  });

  it('rejects orphan together with foregroundDeletion', () => {
    expect(errors(dr('  finalizers: [orphan, foregroundDeletion]\n'))[0]!.message)
      .toContain('finalizer orphan and foregroundDeletion cannot be both set');
  });
});

describe('ownerReferences', () => {
  it('accepts a complete reference', () => {
    expect(findings(dr('  ownerReferences:\n  - {apiVersion: apps/v1, kind: Deployment, name: d, uid: 1f2e, controller: true}\n'))).toEqual([]);
  });

  it('requires apiVersion version, kind, name and uid', () => {
    // apimachinery validateOwnerReference: "version must not be empty", "must not be empty"
    expect(errors(dr('  ownerReferences:\n  - name: d\n')).map((f) => f.message)).toEqual([
      'metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty',
      'metadata.ownerReferences.kind: Invalid value: "": must not be empty',
      'metadata.ownerReferences.uid: Invalid value: "": must not be empty',
    ]);
  });

  it('rejects unknown fields inside a reference (strict decoding)', () => {
    expect(errors(dr('  ownerReferences:\n  - {apiVersion: v1, kind: Pod, name: p, uid: u, ownr: x}\n'))).toEqual([expect.objectContaining({
      code: 'unknown-metadata-field', message: 'unknown field "metadata.ownerReferences[0].ownr"',
    })]);
  });

  it('allows only one controller reference', () => {
    const text = dr('  ownerReferences:\n  - {apiVersion: v1, kind: Pod, name: p, uid: u, controller: true}\n  - {apiVersion: v1, kind: Pod, name: q, uid: v, controller: true}\n');
    expect(errors(text)[0]!.message).toContain('Only one reference can have Controller set to true. Found "true" in references for Pod/p and Pod/q');
  });
});

describe('names by kind', () => {
  it('accepts colons in RBAC names (path segment rule)', () => {
    // pkg/apis/rbac/validation ValidateRBACName = path.IsValidPathSegmentName
    expect(errors('apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: system:istio-reader\nrules: []\n')).toEqual([]);
  });

  it('rejects a slash in an RBAC name', () => {
    expect(errors('apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: a/b\nrules: []\n')[0]!.message)
      .toBe('metadata.name: Invalid value: "a/b": may not contain \'/\'');
  });

  it('masks generateName the way apimachinery maskTrailingDash does (last two characters)', () => {
    // name[:len(name)-2] + "a": ".-" becomes "a", which is valid
    expect(errors(dr('  generateName: .-\n'))).toEqual([]);
  });

  it('warns that a GatewayClass namespace is ignored (cluster-scoped)', () => {
    const text = 'apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata:\n  name: istio\n  namespace: x\nspec:\n  controllerName: istio.io/gateway-controller\n';
    expect(findings(text)).toEqual([expect.objectContaining({at: '5:3', severity: 'warning'})]);
  });
});

describe('YAML scalars as go-yaml v2 resolves them', () => {
  it('reads a timestamp-looking host as a string (go-yaml v2 keeps timestamps as strings in interface{})', () => {
    expect(errors(dr('', '  host: 2001-12-14\n')).filter((f) => f.code === 'type')).toEqual([]);
  });

  it('reads 1:30 as a string (no sexagesimal ints in go-yaml v2)', () => {
    expect(errors(dr('  labels:\n    t: 1:30\n'))[0]!.message).toContain('metadata.labels.t: Invalid value: "1:30"');
  });

  it('reads 0755 as the integer 493 and reports a number name', () => {
    expect(errors(dr('').replace('name: reviews', 'name: 0755'))[0]!.message).toContain('493 (integer)');
  });

  it('accepts a BOM and CRLF line endings (kubectl reads files through unicode.BOMOverride)', () => {
    expect(findings(`\ufeff${dr('')}`.replace(/\n/g, '\r\n'))).toEqual([]);
  });

  it('skips empty documents and comment-only documents', () => {
    expect(findings(`---\n---\n# nothing\n---\n${dr('')}---\n`)).toEqual([]);
  });
});
