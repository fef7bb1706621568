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

  // typeValidator: InvalidType(path, "body", "integer", <the JSON type found>), a field.TypeInvalid.
  it.each([['80.5', 'number'], ['"80"', 'string'], ['1:20', 'string'], ['!!str 80', 'string']])('rejects %s', (port, found) => {
    const name = 'spec.ports[0].number';
    expect(errors(se(port))).toEqual([expect.objectContaining({code: 'type', message: `${name}: Invalid value: "${found}": ${name} in body must be of type integer: "${found}"`})]);
  });

  it('rejects .inf: JSON cannot carry it, so kubectl fails converting YAML to JSON', () => {
    // sigs.k8s.io/yaml yamlToJSONTarget -> json.Marshal: unsupported value: +Inf
    expect(errors(se('.inf')).map((f) => f.code)).toContain('yaml-non-finite-number');
  });
});
