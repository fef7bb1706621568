/**
 * `linkerd viz authz` from a model, as viz/cmd/authz.go builds its rows and cli/table/table.go lays
 * them out (no golden file ships for it): left-aligned ROUTE, SERVER and AUTHORIZATION, the rest
 * right-aligned, two spaces after every column, rows sorted by server, route, authorization.
 */
import {describe, expect, it} from 'vitest';
import {printFromModel} from '../../../src/terminal/printers/index';
import type {StateModel} from '../../../src/terminal/printers/model';
import {deploymentWithPods, modelOf, sessionModels} from './linkerd-support';

function authz(line: string, model: StateModel): string {
  const printed = printFromModel(line, {namespace: 'default', placeholders: {}}, model);
  if (printed?.kind !== 'printed') throw new Error(`not printed: ${JSON.stringify(printed)}`);
  return printed.text;
}

describe('linkerd viz authz', () => {
  it('a Server that authorizes nothing: its requests counted as UNAUTHORIZED, SUCCESS 0.00% and 0.0rps of allowed requests, no AUTHORIZATION', () => {
    const models = sessionModels('linkerd-403');
    expect(authz('linkerd viz authz deploy/reviews-v1 -n bookinfo', models.denied!)).toBe(
      'ROUTE    SERVER        AUTHORIZATION  UNAUTHORIZED  SUCCESS     RPS  LATENCY_P50  LATENCY_P95  LATENCY_P99  \n' +
      'default  reviews-http                       0.3rps    0.00%  0.0rps          0ms          0ms          0ms  \n');
    expect(authz('linkerd viz authz -n bookinfo deployment reviews-v1', models.allowed!)).toBe(
      'ROUTE    SERVER        AUTHORIZATION                                 UNAUTHORIZED  SUCCESS     RPS  LATENCY_P50  LATENCY_P95  LATENCY_P99  \n' +
      'default  reviews-http  authorizationpolicy/reviews-from-productpage        0.0rps  100.00%  0.3rps          4ms          9ms         10ms  \n');
  });

  it('rows sorted by server, then route; a default policy printed default:NAME; an authorization without requests a row of dashes, a default one none', () => {
    const model = modelOf(deploymentWithPods('emojivoto', 'web', 1, 1), [{
      namespace: 'emojivoto', deployment: 'web', success: 0, failure: 0, latencyMs: {p50: 0, p95: 0, p99: 0}, tcpConnections: 0,
      authz: [
        {route: 'default', server: 'web-http', authorizationType: 'authorizationpolicy', authorization: 'web-public', success: 0, failure: 0, denied: 0},
        {route: 'probe', serverType: 'default', server: 'all-unauthenticated', authorizationType: 'default', authorization: 'probe', success: 0, failure: 0, denied: 0},
        {route: 'default', serverType: 'default', server: 'all-unauthenticated', authorizationType: 'default', authorization: 'all-unauthenticated', success: 90, failure: 30, denied: 0, latencyMs: {p50: 1, p95: 2, p99: 3}},
      ],
    }]);
    expect(authz('linkerd viz authz deploy/web -n emojivoto', model)).toBe(
      'ROUTE    SERVER                       AUTHORIZATION                   UNAUTHORIZED  SUCCESS     RPS  LATENCY_P50  LATENCY_P95  LATENCY_P99  \n' +
      'default  default:all-unauthenticated  default/all-unauthenticated           0.0rps   75.00%  2.0rps          1ms          2ms          3ms  \n' +
      'default  web-http                     authorizationpolicy/web-public             -        -       -            -            -            -  \n');
  });

  it('a Deployment the model lacks is the API\'s error', () => {
    expect(authz('linkerd viz authz deploy/nothing -n bookinfo', sessionModels('linkerd-403').denied!)).toBe('Authz API error: deployments.apps "nothing" not found');
  });
});
