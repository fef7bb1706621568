/**
 * Istio's evaluation order at a sidecar (istio.io "Authorization policy precedence"; istio
 * 1.30.3 pilot/pkg/security/authz/builder/builder.go): CUSTOM, then DENY, then ALLOW with its
 * implicit deny, AUDIT only logging; dry-run policies evaluated but never deciding; which
 * policies attach (pilot/pkg/model/authorization.go ListAuthorizationPolicies,
 * policyattachment.go ShouldAttachPolicy).
 */
import {describe, expect, it} from 'vitest';
import {istioAnswers} from '../../src/simulator/istio-authz/attach';
import {parseRequest, simulate, World} from '../../src/simulator/index';
import {documents, labResources} from './helpers';
import {ask, decide, MESH_CONFIG_WITH_OPA, policy} from './istio-authz-helpers';

function decideIn(context: string, yaml: string[], request: string, source: {from?: string; gateway?: string}) {
  return simulate(new World(labResources(context), [documents(yaml.join('\n---\n'))]), {request: parseRequest(request), ...source});
}

const ALLOW_WEB = policy('allow-web', 'rules:\n- from:\n  - source:\n      principals: [cluster.local/ns/shop/sa/web]');
const DENY_WEB = policy('deny-web', 'action: DENY\nrules:\n- from:\n  - source:\n      principals: [cluster.local/ns/shop/sa/web]');

describe('evaluation order', () => {
  it('without any ALLOW policy, a request no DENY matches is allowed', () => {
    expect(ask({yaml: policy('deny-batch', 'action: DENY\nrules:\n- from:\n  - source:\n      principals: [cluster.local/ns/shop/sa/default]')})).toMatchObject({verdict: 'allowed', summary: 'no ALLOW policy: allowed'});
  });

  it('an ALLOW policy that matches allows, naming the policy and rule', () => {
    expect(ask({yaml: ALLOW_WEB})).toMatchObject({verdict: 'allowed', decidedBy: {name: 'allow-web', namespace: 'shop', action: 'ALLOW', rule: 0}});
  });

  it('once an ALLOW policy applies, a request none matches is denied with 403 RBAC: access denied', () => {
    const answer = ask({yaml: ALLOW_WEB, from: 'shop/batch'});
    expect(answer).toMatchObject({verdict: 'denied', status: 403, reset: false});
    expect(answer.summary).toBe('ALLOW policies exist (shop/allow-web) and none matched: denied (RBAC: access denied, 403)');
    const decision = decide({yaml: ALLOW_WEB, from: 'shop/batch'});
    expect(decision.status).toBe(403);
    expect(decision.distribution.every((e) => e.status === 403)).toBe(true);
  });

  it('DENY wins over a matching ALLOW', () => {
    expect(ask({yaml: [ALLOW_WEB, DENY_WEB]})).toMatchObject({verdict: 'denied', status: 403, decidedBy: {name: 'deny-web', action: 'DENY', rule: 0}});
  });

  it('CUSTOM comes first: a matching rule hands the request to its ext_authz provider', () => {
    const custom = policy('ext', 'action: CUSTOM\nprovider: {name: opa}\nrules:\n- to:\n  - operation:\n      paths: ["/admin*"]');
    const answer = ask({yaml: [MESH_CONFIG_WITH_OPA, custom, DENY_WEB], request: 'GET http://api.shop/admin/users'});
    expect(answer).toMatchObject({verdict: 'ext-authz', provider: 'opa', ifProviderAllows: {verdict: 'denied'}});
    expect(answer.summary).toMatch(/^decided by ext_authz provider opa \(CUSTOM shop\/ext rules\[0\]\); if it allows: denied by DENY shop\/deny-web/);
    // A request the CUSTOM rules do not match never reaches the provider.
    expect(ask({yaml: [MESH_CONFIG_WITH_OPA, custom, DENY_WEB], request: 'GET http://api.shop/public'})).toMatchObject({verdict: 'denied', decidedBy: {name: 'deny-web'}});
  });

  it('AUDIT logs a match and never decides', () => {
    const audit = policy('audit-all', 'action: AUDIT\nrules:\n- {}');
    expect(ask({yaml: audit})).toMatchObject({verdict: 'allowed', audited: true});
    expect(ask({yaml: [audit, ALLOW_WEB], from: 'shop/batch'})).toMatchObject({verdict: 'denied', audited: true});
  });

  it('action defaults to ALLOW', () => {
    expect(ask({yaml: policy('p', 'rules:\n- to:\n  - operation:\n      methods: [GET]'), request: 'POST http://api.shop/'})).toMatchObject({verdict: 'denied', status: 403});
  });
});

describe('policies without rules and empty rules', () => {
  it('an ALLOW policy with spec {} matches nothing, so it denies every request', () => {
    expect(ask({yaml: policy('deny-all', '{}')})).toMatchObject({verdict: 'denied', status: 403});
  });

  it('an ALLOW rule {} matches every request', () => {
    expect(ask({yaml: policy('allow-all', 'rules:\n- {}'), from: 'legacy/client'})).toMatchObject({verdict: 'allowed', decidedBy: {name: 'allow-all', rule: 0}});
  });

  it('a DENY policy without rules denies nothing', () => {
    expect(ask({yaml: policy('deny-none', 'action: DENY')})).toMatchObject({verdict: 'allowed'});
  });

  it('a DENY rule {} denies everything', () => {
    expect(ask({yaml: policy('deny-all', 'action: DENY\nrules:\n- {}')})).toMatchObject({verdict: 'denied', decidedBy: {name: 'deny-all'}});
  });
});

describe('dry-run (istio.io/dry-run annotation)', () => {
  const dry = {annotations: {'istio.io/dry-run': 'true'}};

  it('a dry-run DENY that matches is reported as "would have denied" and does not deny', () => {
    const answer = ask({yaml: policy('deny-web', 'action: DENY\nrules:\n- {}', dry)});
    expect(answer).toMatchObject({verdict: 'allowed', wouldHave: ['dry-run DENY shop/deny-web rules[0] would have denied']});
  });

  it('a dry-run ALLOW brings no implicit deny; it says it would have denied', () => {
    const answer = ask({yaml: policy('allow-web', 'rules:\n- from:\n  - source:\n      principals: [cluster.local/ns/shop/sa/web]', dry), from: 'shop/batch'});
    expect(answer).toMatchObject({verdict: 'allowed', summary: 'no ALLOW policy: allowed', wouldHave: ['dry-run ALLOW policies shop/allow-web would have denied (none matches)']});
  });

  it('a value Go does not read as true leaves the policy enforced', () => {
    expect(ask({yaml: policy('deny-all', 'action: DENY\nrules:\n- {}', {annotations: {'istio.io/dry-run': 'yes'}})})).toMatchObject({verdict: 'denied'});
  });
});

describe('which policies apply at a sidecar', () => {
  it('a policy in the root namespace without selector applies mesh-wide', () => {
    expect(ask({yaml: policy('deny-all', 'action: DENY\nrules:\n- {}', {namespace: 'istio-system'})})).toMatchObject({verdict: 'denied', decidedBy: {namespace: 'istio-system'}});
  });

  it('a root-namespace policy with a selector applies to matching pods in any namespace', () => {
    const p = policy('deny-api', 'action: DENY\nselector: {matchLabels: {app: api}}\nrules:\n- {}', {namespace: 'istio-system'});
    expect(ask({yaml: p}).verdict).toBe('denied');
  });

  it('a policy in another namespace does not apply', () => {
    expect(decide({yaml: policy('deny-all', 'action: DENY\nrules:\n- {}', {namespace: 'legacy'})}).status).toBe(200);
  });

  it('a selector that does not match the pod leaves the policy out', () => {
    expect(ask({yaml: [policy('deny-web', 'action: DENY\nselector: {matchLabels: {app: web}}\nrules:\n- {}'), ALLOW_WEB]})).toMatchObject({verdict: 'allowed', policies: [{name: 'allow-web'}]});
  });

  it('a policy with targetRefs never applies to a sidecar', () => {
    const p = policy('deny-api', 'action: DENY\ntargetRefs: [{kind: Service, group: "", name: api}]\nrules:\n- {}');
    expect(ask({yaml: [p, ALLOW_WEB]})).toMatchObject({verdict: 'allowed', policies: [{name: 'allow-web'}]});
  });

  it('a lab without AuthorizationPolicy or RequestAuthentication keeps its decision as routed', () => {
    const decision = decide({yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: shop}'});
    expect(decision.status).toBe(200);
    expect('istio' in decision).toBe(false);
  });

  it('a destination without an Istio proxy enforces nothing', () => {
    const service = 'apiVersion: v1\nkind: Service\nmetadata: {name: client, namespace: legacy}\nspec:\n  selector: {app: client}\n  ports: [{port: 80, targetPort: 8080}]';
    const decision = decide({yaml: [service, policy('deny-all', 'action: DENY\nrules:\n- {}', {namespace: 'legacy'})], request: 'GET http://client.legacy/'});
    expect(decision.status).toBe(200);
    expect(istioAnswers(decision)).toEqual([]);
  });
});

describe('TCP ports', () => {
  it('a denied TCP connection is reset, not answered 403', () => {
    const decision = decide({yaml: policy('deny-all', 'action: DENY\nrules:\n- {}'), request: 'GET http://api.shop:5432/'});
    expect(decision.outcome).toBe('unreachable');
    expect(decision.summary).toBe('Istio: denied by DENY shop/deny-all rules[0]: connection reset (TCP RBAC)');
  });
});

describe('CUSTOM in dry-run', () => {
  it('still hands a matching request to the provider (builder.go: dry-run CUSTOM policies still call ext_authz)', () => {
    const custom = policy('ext', 'action: CUSTOM\nprovider: {name: opa}\nrules:\n- {}', {annotations: {'istio.io/dry-run': 'true'}});
    expect(ask({yaml: [MESH_CONFIG_WITH_OPA, custom]})).toMatchObject({verdict: 'ext-authz', provider: 'opa'});
  });
});

describe('a gateway as the client', () => {
  it('presents the principal of its proxy service account', () => {
    const yaml = [policy('from-gateway', 'rules:\n- from:\n  - source:\n      principals: [cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account]', {namespace: 'bookinfo'}),
      'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: web, namespace: bookinfo}\nspec:\n  selector: {istio: ingressgateway}\n  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]',
      'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: pp, namespace: bookinfo}\nspec:\n  hosts: ["*"]\n  gateways: [web]\n  http: [{route: [{destination: {host: productpage, port: {number: 9080}}}]}]'];
    const decision = decideIn('bookinfo', yaml, 'GET http://bookinfo.example/', {gateway: 'bookinfo/web'});
    expect(istioAnswers(decision)).toMatchObject([{verdict: 'allowed', peer: {principal: 'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account'}}]);
    const direct = decideIn('bookinfo', yaml, 'GET http://productpage.bookinfo:9080/', {from: 'bookinfo/reviews-v1'});
    expect(istioAnswers(direct)).toMatchObject([{verdict: 'denied', status: 403}]);
  });
});
