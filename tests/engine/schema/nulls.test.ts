/**
 * Nulls as the API server treats them: before validation it removes a null field that the
 * schema does not allow (and gives no default), in objects and maps alike, but it never
 * removes list items (apiextensions-apiserver's PruneNonNullableNullsWithoutDefaults), so a
 * null item fails the item schema's type.
 */
import {describe, expect, it} from 'vitest';
import {problems, yaml} from '../helpers';
import {issuesOf, resource} from './helpers';

const requestAuthentication = (jwtRules: unknown) => resource('security.istio.io/v1', 'RequestAuthentication', {jwtRules});

describe('null list items', () => {
  it('are rejected as not objects where the list holds objects', () => {
    const issues = issuesOf(requestAuthentication([null]));
    expect(issues.filter((i) => i.severity === 'error')).toEqual([
      expect.objectContaining({path: '/spec/jwtRules/0', code: 'type', message: expect.stringContaining('spec.jwtRules[0]: Invalid value: "null": spec.jwtRules[0] in body must be of type object: "null"')}),
    ]);
  });

  it('are rejected deeper down too, next to valid items', () => {
    const issues = issuesOf(requestAuthentication([{issuer: 'example', outputClaimToHeaders: [{claim: 'sub', header: 'x-sub'}, null]}]));
    expect(issues.filter((i) => i.severity === 'error').map((i) => i.path)).toEqual(['/spec/jwtRules/0/outputClaimToHeaders/1']);
  });

  it('are rejected as not strings where the list holds strings', () => {
    const issues = issuesOf(requestAuthentication([{issuer: 'example', audiences: ['a', null]}]));
    expect(issues.filter((i) => i.severity === 'error')).toEqual([
      expect.objectContaining({path: '/spec/jwtRules/0/audiences/1', code: 'type', message: expect.stringContaining('spec.jwtRules[0].audiences[1]: Invalid value: "null": spec.jwtRules[0].audiences[1] in body must be of type string: "null"')}),
    ]);
  });

  it('are located at the item in the text (`-` with nothing after it, or `- ~`)', () => {
    const text = yaml`
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata:
  name: jwt
spec:
  jwtRules:
  - issuer: example
    outputClaimToHeaders:
    - ~
`;
    expect(problems(text).filter((d) => d.severity === 'error')).toEqual([
      expect.objectContaining({path: '/spec/jwtRules/0/outputClaimToHeaders/0', at: '9:7', code: 'type'}),
    ]);
  });
});

describe('null fields', () => {
  it('are dropped with a warning where the field is optional', () => {
    const issues = issuesOf(requestAuthentication([{issuer: 'example', timeout: null}]));
    expect(issues).toEqual([expect.objectContaining({path: '/spec/jwtRules/0/timeout', code: 'null-dropped', severity: 'warning'})]);
  });

  it('leave a required field missing: the error sits at the null key itself', () => {
    const issues = issuesOf(resource('extensions.istio.io/v1alpha1', 'WasmPlugin', {url: null}));
    expect(issues.filter((i) => i.severity !== 'info')).toEqual([
      expect.objectContaining({path: '/spec/url', at: 'key', severity: 'error', code: 'required', message: expect.stringMatching(/^spec\.url: Required value/)}),
    ]);
  });

  it('leave a required spec missing when spec itself is null', () => {
    const text = yaml`
apiVersion: extensions.istio.io/v1alpha1
kind: WasmPlugin
metadata:
  name: nil
spec:
`;
    expect(problems(text)).toEqual([expect.objectContaining({path: '/spec', at: '5:1', severity: 'error', code: 'required'})]);
  });
});
