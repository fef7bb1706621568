/**
 * A WasmPlugin: validation.go ValidateWasmPlugin and strictParseURL, the CRD's url rule.
 */
import {describe, expect, it} from 'vitest';
import {findings, resource} from '../support/findings';

// Lines: 1 apiVersion, 2 kind, 3 metadata, 4 name, 5 namespace, 6 spec, 7.. the spec below.
const wasm = (spec: string) => resource('extensions.istio.io/v1alpha1', 'WasmPlugin', spec);

describe("a WasmPlugin's url, phase, vm config and env (validation.go ValidateWasmPlugin, strictParseURL; CRD url rule)", () => {
  it('accepts an OCI plugin with phase, priority, pull policy, fail strategy and vm env', () => {
    expect(findings(wasm('  selector:\n    matchLabels: {app: reviews}\n  url: oci://ghcr.io/acme/filter:1.0\n  sha256: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n  phase: AUTHN\n  priority: 10\n  imagePullPolicy: IfNotPresent\n  failStrategy: FAIL_OPEN\n  pluginConfig: {a: 1}\n  vmConfig:\n    env:\n    - name: A\n      value: b\n    - name: POD_NAME\n      valueFrom: HOST\n'))).toEqual([]);
  });

  it('accepts a url without scheme (retried with http://) and file/https urls', () => {
    for (const url of ['ghcr.io/acme/filter:1.0', 'file:///opt/filter.wasm', 'https://example.com/filter.wasm', '/opt/filter.wasm']) {
      expect(findings(wasm(`  url: ${url}\n`))).toEqual([]);
    }
  });

  it('a registry with a port but no scheme reads as scheme "ghcr.io": the CRD rule rejects it first', () => {
    expect(findings(wasm('  url: ghcr.io:5000/acme/filter\n'))).toEqual([
      {at: '7:8', severity: 'error', code: 'cel', message: 'spec.url: Invalid value: "string": url must have schema one of [http, https, file, oci]'},
    ]);
  });

  it('leaves duplicate env names to the list-map schema', () => {
    expect(findings(wasm('  url: oci://x/y\n  vmConfig:\n    env:\n    - name: A\n    - name: A\n'))).toEqual([
      {at: '11:7', severity: 'error', code: 'duplicate', message: 'spec.vmConfig.env[1]: Duplicate value: {name: "A"} (same as item 0)'},
    ]);
  });
});
