/**
 * Numbers for integer fields, as kubectl sends them (YAML -> go-yaml v2 -> JSON) and the API server's schema
 * validation (kube-openapi validate) judges them.
 */
import {describe, expect, it} from 'vitest';
import {errors} from '../support/findings';

const se = (port: string) =>
  `apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata:\n  name: se\nspec:\n  hosts: [a.example.com]\n  resolution: DNS\n  ports:\n  - name: http\n    protocol: HTTP\n    number: ${port}\n`;

describe('a number for an integer field', () => {
  // kube-openapi validate/type.go: isFloatInt (swag.IsFloat64AJSONInteger) accepts a whole float for "integer";
  // kubectl also re-encodes float64 80 as 80 before sending.
  it.each(['80', '80.0', '1e2', '0x50', '0o120', '0120', '1_0', '80 # trailing comment', '!!float 80'])('accepts %s', (port) => {
    expect(errors(se(port))).toEqual([]);
  });

  it.each([['80.5', 'expected integer, got number'], ['"80"', 'expected integer, got string'], ['1:20', 'expected integer, got string'],
    ['!!str 80', 'expected integer, got string']])('rejects %s', (port, message) => {
    expect(errors(se(port))).toEqual([expect.objectContaining({code: 'type', message: `spec.ports[0].number: ${message}`})]);
  });

  it('rejects .inf: JSON cannot carry it, so kubectl fails converting YAML to JSON', () => {
    // sigs.k8s.io/yaml yamlToJSONTarget -> json.Marshal: unsupported value: +Inf
    expect(errors(se('.inf')).map((f) => f.code)).toContain('yaml-non-finite-number');
  });
});
