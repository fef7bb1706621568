/**
 * Which failed formats keep CEL rules from running, as the 1.33 API server decides it. kube-openapi
 * reports a failed string format as InvalidTypeCode ("must be of type byte"); apiextensions-apiserver's
 * kubeOpenAPIResultToFieldErrors (pkg/apiserver/validation/validation.go) makes that field.TypeInvalid,
 * and hasBlockingErr (pkg/registry/customresource/strategy.go) skips CEL after a TypeInvalid error.
 * int32 is not a format the API server checks (formats.go strips it; the format validator applies to
 * strings only): the project's int32 range check is Istio's, so it leaves CEL running.
 */
import {describe, expect, it} from 'vitest';
import {issuesOf, resource, virtualService} from './helpers';

const SKIPPED = 'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';
/** An HTTP route whose timeout fails the CRD's CEL rule ("must be a valid duration greater than 1ms"). */
const failsCel = {timeout: '0s'};

describe('failed string formats block CEL (TypeInvalid)', () => {
  it('stops at a byte field that is not base64, with the API server\'s note', () => {
    const issues = issuesOf(virtualService({hosts: ['a'], http: [{...failsCel, directResponse: {status: 200, body: {bytes: 'not base64!'}}}]}));
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['format', '/spec/http/0/directResponse/body/bytes'],
      ['cel-skipped', ''],
    ]);
    expect(issues[0]!.message).toBe('spec.http[0].directResponse.body.bytes: Invalid value: "not base64!": spec.http[0].directResponse.body.bytes in body must be of type byte: "not base64!"');
    expect(issues[1]!.message).toBe(SKIPPED);
  });

  it('stops at a Gateway address whose value is neither ipv4 nor ipv6 (the anyOf keeps its branch\'s format error)', () => {
    const gateway = resource('gateway.networking.k8s.io/v1', 'Gateway', {
      gatewayClassName: 'istio',
      // Two listeners with one name fail the Gateway's CEL rule "Listener name must be unique within the Gateway".
      listeners: [{name: 'http', port: 80, protocol: 'HTTP'}, {name: 'http', port: 81, protocol: 'HTTP'}],
      addresses: [{type: 'IPAddress', value: 'not-an-ip'}],
    });
    const codes = issuesOf(gateway).map((i) => i.code);
    expect(codes).toContain('cel-skipped');
    expect(codes).not.toContain('cel');
  });

  it('does not stop for a format inside a status the API server drops', () => {
    const doc = {...virtualService({hosts: ['a'], http: [{...failsCel, route: [{destination: {host: 'a'}}]}]}), status: {conditions: [{lastTransitionTime: 'yesterday'}]}};
    const codes = issuesOf(doc).map((i) => i.code);
    expect(codes).toContain('cel');
    expect(codes).not.toContain('cel-skipped');
  });
});

describe('the project\'s int32 range check does not block CEL', () => {
  it('reports an out-of-range int32 and still runs the CEL rules', () => {
    const issues = issuesOf(virtualService({hosts: ['a'], http: [{...failsCel, retries: {attempts: 2147483648}, route: [{destination: {host: 'a'}}]}]}));
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['format', '/spec/http/0/retries/attempts'],
      ['cel', '/spec/http/0/timeout'],
    ]);
  });
});
