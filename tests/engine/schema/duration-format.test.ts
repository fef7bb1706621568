/**
 * `format: duration` as the API server checks it (kube-openapi's strfmt.ParseDuration): Go's
 * time.ParseDuration, else any "<digits> <unit>" in the text with units by name or by a word
 * that starts with a unit's longest name. Linkerd's HTTPRoute timeouts carry the format.
 */
import {describe, expect, it} from 'vitest';
import {validateYaml} from '../../../src/engine/index';

function formatFindings(request: string): string[] {
  const text = JSON.stringify({
    apiVersion: 'policy.linkerd.io/v1beta3',
    kind: 'HTTPRoute',
    metadata: {name: 'r', namespace: 'bookinfo'},
    spec: {parentRefs: [{group: 'policy.linkerd.io', kind: 'Server', name: 'web'}], rules: [{timeouts: {request}}]},
  });
  return validateYaml(text).diagnostics.filter((d) => d.code === 'format').map((d) => d.message);
}

describe('format: duration', () => {
  it.each(['10s', '1h30m', '1.5s', '.5s', '5.s', '-2m', '+3ms', '0', '100µs', '3 days', '2 hours', '5 seconds', '1 wk', 'wait 10 min please'])('accepts %j', (value) => {
    expect(formatFindings(value)).toEqual([]);
  });

  it.each(['soon', '1', '', '10 parsecs', '1x', '.s', '-', '1.5', '99999999999999999999 days'])('refuses %j in the API server\'s words', (value) => {
    // validate/values.go FormatOf: InvalidType(path, "body", "duration", value), a field.TypeInvalid with the value.
    const name = 'spec.rules[0].timeouts.request';
    expect(formatFindings(value)).toEqual([`${name}: Invalid value: ${JSON.stringify(value)}: ${name} in body must be of type duration: ${JSON.stringify(value)}`]);
  });
});
