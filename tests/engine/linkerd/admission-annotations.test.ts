/**
 * The retry and timeout annotations Linkerd's webhook parses on a route whose parent is a
 * Service or an EgressNetwork (admission.rs; k8s/index outbound/index/http.rs parse_http_retry,
 * outbound/index/grpc.rs parse_grpc_retry, outbound/index.rs parse_timeouts and parse_duration).
 * A route carrying them shows it is written for Linkerd, so the webhook's rules apply to it.
 */
import {describe, expect, it} from 'vitest';
import {denial, manifest} from './admission-support';

const http = (key: string, value: string, parent = '{name: web, kind: Service, group: "", port: 80}') =>
  denial(manifest('gateway.networking.k8s.io/v1', 'HTTPRoute', `  parentRefs: [${parent}]\n`, `    ${key}: ${JSON.stringify(value)}\n`));
const grpc = (key: string, value: string) =>
  denial(manifest('gateway.networking.k8s.io/v1', 'GRPCRoute', '  parentRefs: [{name: web, kind: Service, group: "", port: 8080}]\n', `    ${key}: ${JSON.stringify(value)}\n`));
const pointer = (key: string) => `/metadata/annotations/${key.replace('/', '~1')}`;

describe('timeout.linkerd.io/* and retry.linkerd.io/timeout (parse_duration)', () => {
  it('accepts whole numbers of ms, s, m, h or d, a bare 0, spaces around', () => {
    for (const value of ['250ms', '10s', '5m', '2h', '1d', '0', ' 3s ', '+5s']) {
      for (const key of ['timeout.linkerd.io/request', 'timeout.linkerd.io/response', 'timeout.linkerd.io/idle', 'retry.linkerd.io/timeout']) {
        expect(http(key, value), `${key}: ${value}`).toBeUndefined();
      }
    }
  });

  it("refuses Go durations Linkerd's parser does not read, each in its words", () => {
    const cases: Array<[string, string]> = [
      ['-1s', "duration value cannot be negative: '-1s'"],
      ['1.5s', 'fractional values not supported'],
      ['1m30s', 'invalid digit found in string'],
      ['10', "missing duration unit; did you mean '10s' or '10ms'?"],
      ['10us', "invalid duration unit us (expected one of 'ms', 's', 'm', 'h', or 'd')"],
      ['soon', 'soon does not contain a timeout duration value'],
      ['99999999999999999999ms', 'number too large to fit in target type'],
      ['9999999999999999d', "Timeout value 9999999999999999d overflows when converted to 'ms'"],
    ];
    for (const [value, message] of cases) {
      expect(http('timeout.linkerd.io/request', value), value).toEqual({path: pointer('timeout.linkerd.io/request'), message});
    }
  });

  it('reads retry annotations before timeouts, and timeouts response, request, idle in that order', () => {
    expect(denial(manifest('gateway.networking.k8s.io/v1', 'HTTPRoute', '  parentRefs: [{name: web, kind: Service, group: "", port: 80}]\n',
      '    timeout.linkerd.io/idle: "x"\n    timeout.linkerd.io/request: "y"\n    retry.linkerd.io/timeout: "z"\n'))?.path).toBe(pointer('retry.linkerd.io/timeout'));
    expect(denial(manifest('gateway.networking.k8s.io/v1', 'HTTPRoute', '  parentRefs: [{name: web, kind: Service, group: "", port: 80}]\n',
      '    timeout.linkerd.io/idle: "x"\n    timeout.linkerd.io/request: "y"\n'))?.path).toBe(pointer('timeout.linkerd.io/request'));
  });
});

describe('retry.linkerd.io/limit and retry.linkerd.io/http (parse_http_retry)', () => {
  it('accepts a u16 limit and conditions: 5xx, gateway-error, codes and ranges of 100-599', () => {
    expect(http('retry.linkerd.io/limit', '65535')).toBeUndefined();
    expect(http('retry.linkerd.io/http', '5XX,Gateway-Error,429,500-504')).toBeUndefined();
  });

  it('refuses a limit a u16 cannot hold, with core::num\'s message', () => {
    expect(http('retry.linkerd.io/limit', '65536')).toEqual({path: pointer('retry.linkerd.io/limit'), message: 'number too large to fit in target type'});
    expect(http('retry.linkerd.io/limit', '-1')?.message).toBe('invalid digit found in string');
    expect(http('retry.linkerd.io/limit', '')?.message).toBe('cannot parse integer from empty string');
  });

  it('refuses any condition it does not know, naming the whole annotation; a space is not trimmed', () => {
    for (const value of ['5xx, 429', '600', '504-500', '4xx', '']) {
      expect(http('retry.linkerd.io/http', value), value).toEqual({path: pointer('retry.linkerd.io/http'), message: `invalid retry condition: ${value}`});
    }
  });

  it('parses them under an EgressNetwork parent too, and not under a Gateway', () => {
    expect(http('retry.linkerd.io/http', 'sometimes', '{name: internet, kind: EgressNetwork, group: policy.linkerd.io, port: 443}')?.message).toBe('invalid retry condition: sometimes');
    expect(http('retry.linkerd.io/http', 'sometimes', '{name: ingress}')).toBeUndefined();
  });
});

describe('retry.linkerd.io/grpc (parse_grpc_retry)', () => {
  it('accepts the five gRPC conditions in any case', () => {
    expect(grpc('retry.linkerd.io/grpc', 'cancelled,Deadline-Exceeded,internal,resource-exhausted,UNAVAILABLE')).toBeUndefined();
  });

  it('refuses another, naming that one condition; the HTTP annotation is not read on a GRPCRoute', () => {
    expect(grpc('retry.linkerd.io/grpc', 'unavailable,aborted')).toEqual({path: pointer('retry.linkerd.io/grpc'), message: 'Unknown grpc retry condition: aborted'});
    expect(grpc('retry.linkerd.io/http', 'never')).toBeUndefined();
  });
});
