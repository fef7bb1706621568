/**
 * An object's name and namespace, as the API server validates them (apimachinery ValidateObjectMeta, and the
 * per-kind name rules).
 */
import {describe, expect, it} from 'vitest';
import {errors, findings} from '../support/findings';
import {destinationRule, reviewsDr} from '../support/manifests';

describe("an object's name and namespace (apimachinery ValidateObjectMeta)", () => {
  it('rejects an upper-case name (RFC 1123 subdomain)', () => {
    // apimachinery ValidateObjectMeta -> IsDNS1123Subdomain
    expect(findings(destinationRule('  name: Reviews\n'))).toEqual([expect.objectContaining({
      at: '4:9', severity: 'error', code: 'invalid-metadata',
      message: expect.stringContaining('metadata.name: Invalid value: "Reviews": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters'),
    })]);
  });

  it('rejects a name longer than 253 characters', () => {
    // apimachinery IsDNS1123Subdomain: "must be no more than 253 characters"
    const name = 'a'.repeat(254);
    expect(findings(destinationRule(`  name: ${name}\n`))).toEqual([expect.objectContaining({
      at: '4:9', severity: 'error', code: 'invalid-metadata', message: expect.stringContaining('must be no more than 253 characters'),
    })]);
  });

  it('rejects an invalid namespace (RFC 1123 label)', () => {
    // apimachinery ValidateNamespaceName
    expect(findings(destinationRule('  name: reviews\n  namespace: Bad_NS\n'))).toEqual([expect.objectContaining({
      at: '5:14', severity: 'error', code: 'invalid-metadata', message: expect.stringContaining('metadata.namespace: Invalid value: "Bad_NS": a lowercase RFC 1123 label'),
    })]);
  });
});

describe('names and namespaces by kind', () => {
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
    expect(errors(reviewsDr('  generateName: .-\n'))).toEqual([]);
  });

  it('warns that a GatewayClass namespace is ignored (cluster-scoped)', () => {
    const text = 'apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata:\n  name: istio\n  namespace: x\nspec:\n  controllerName: istio.io/gateway-controller\n';
    expect(findings(text)).toEqual([expect.objectContaining({at: '5:3', severity: 'warning'})]);
  });
});
