/**
 * istioctl analyze, gateway/gateway.go (IngressGatewayPortAnalyzer): a Gateway server port must be a target port
 * of a Service of the gateway pods (IST0162), and the selector must select pods (IST0101).
 */
import {describe, expect, it} from 'vitest';
import {canaryCluster} from '../support/clusters';
import {findings} from '../support/findings';

const withCanary = {context: canaryCluster};
const gateway = (servers: string, selector = '{istio: ingressgateway}') =>
  `apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: bookinfo-gateway\n  namespace: default\nspec:\n  selector: ${selector}\n  servers:\n${servers}`;
const server = (port: number) => `  - port: {number: ${port}, name: http-${port}, protocol: HTTP}\n    hosts: [shop.example.com]\n`;

describe("a Gateway server port, checked against the gateway Service's target ports", () => {
  it('accepts server ports that are target ports of the gateway Service', () => {
    expect(findings(gateway(server(8080) + server(8443)), withCanary)).toEqual([]);
  });

  it('accepts a server port that a Service port translates to its target port (istioctl maps 80 to 8080)', () => {
    expect(findings(gateway(server(80)), withCanary)).toEqual([]);
  });

  it('warns about a server port that no Service of the gateway pods targets or translates', () => {
    expect(findings(gateway(server(9000)), withCanary)).toEqual([{
      at: '9:20', severity: 'warning', code: 'IST0162',
      message: 'The gateway is listening on a target port (port 9000) that is not defined in the Service associated with its workload instances (Pod selector istio=ingressgateway). If you need to access the gateway port through the gateway Service, it will not be available.',
    }]);
  });

  it('reports only the missing selector when no pod matches it (IST0101)', () => {
    expect(findings(gateway(server(80), '{istio: egressgateway}'), withCanary)).toEqual([
      {at: '7:14', severity: 'error', code: 'IST0101', message: 'Referenced selector not found: "istio=egressgateway"'},
    ]);
  });

  it('without a context, says nothing about ports', () => {
    expect(findings(gateway(server(80)))).toEqual([]);
  });
});
