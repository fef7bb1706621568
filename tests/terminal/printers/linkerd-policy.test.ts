/**
 * `linkerd diagnostics policy` (linkerd2 version-2.20 cli/cmd/policy.go): the policy controller's
 * inbound answer for a pod's port, computed as policy-controller/k8s/index/src/inbound/index.rs
 * computes it, built into the protobuf message as grpc/src/inbound.rs to_server builds it, and
 * printed as encoding/json then sigs.k8s.io/yaml print linkerd2-proxy-api v0.20.0's Go structs.
 */
import {describe, expect, it} from 'vitest';
import {parseLinkerd} from '../../../src/terminal/printers/linkerd-command';
import {modelOf, sessionModels} from './linkerd-support';
import {gap, LINE, LINKERD_CONFIG, object, policy, server, webPod} from './linkerd-policy-support';

describe('linkerd diagnostics policy: the recorded 403 case', () => {
  const models = sessionModels('linkerd-403');
  const reviews = 'linkerd diagnostics policy -n bookinfo po/reviews-v1-7f9b6c8d5c-l4vcm 9080';

  it('before the fix the Server reviews-http is served with no authorizations: the policy naming a missing MeshTLSAuthentication is dropped', () => {
    expect(policy(reviews, models.denied!)).toBe([
      'labels:', '  group: policy.linkerd.io', '  kind: server', '  name: reviews-http',
      'protocol:', '  Kind:', '    Http1:', '      routes:', '      - metadata:', '          Kind:', '            Default: default',
      '        rules:', '        - matches:', '          - path:', '              Kind:', '                Prefix: /', ''].join('\n'));
  });

  it('after the fix the policy is one authorization: productpage\'s identity over every network (0.0.0.0/0 and ::/0)', () => {
    const text = policy(reviews, models.allowed!);
    expect(text.startsWith([
      'authorizations:', '- authentication:', '    Permit:', '      MeshTLS:', '        Clients:', '          Identities:', '            identities:',
      '            - name: bookinfo-productpage.bookinfo.serviceaccount.identity.linkerd.cluster.local',
      '  labels:', '    group: policy.linkerd.io', '    kind: authorizationpolicy', '    name: reviews-from-productpage',
      '  metadata:', '    Kind:', '      Resource:', '        group: policy.linkerd.io', '        kind: authorizationpolicy', '        name: reviews-from-productpage',
      '  networks:', '  - net:', '      ip:', '        Ip:', '          Ipv4: 0', '  - net:', '      ip:', '        Ip:', '          Ipv6: {}', 'labels:'].join('\n'))).toBe(true);
  });

  it('flags anywhere on the line, --namespace=, and pod spelled pod or pods give the same answer', () => {
    const expected = policy(reviews, models.allowed!);
    expect(policy('linkerd diagnostics policy pod/reviews-v1-7f9b6c8d5c-l4vcm 9080 --namespace=bookinfo', models.allowed!)).toBe(expected);
    expect(policy('linkerd diagnostics policy -nbookinfo pods/reviews-v1-7f9b6c8d5c-l4vcm 9080 -o yaml', models.allowed!)).toBe(expected);
  });

  it('-o json is json.MarshalIndent with two spaces: fields in the Go structs\' order (protocol, authorizations, labels), no final newline', () => {
    const text = policy(`${reviews} -o json`, models.allowed!);
    expect(text.endsWith('\n')).toBe(false);
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['protocol', 'authorizations', 'labels']);
    expect(Object.keys((parsed.authorizations as Record<string, unknown>[])[0]!)).toEqual(['networks', 'authentication', 'labels', 'metadata']);
    expect(text).toContain('{\n  "protocol": {\n    "Kind": {\n      "Http1": {\n        "routes": [');
  });

  it('the namespace defaults to "default" (policy.go\'s own default), where the pod is not: a gap, not an invented answer', () => {
    expect(gap('linkerd diagnostics policy po/reviews-v1-7f9b6c8d5c-l4vcm 9080', models.denied!)).toMatch(/not in namespace default/);
  });
});

describe('linkerd diagnostics policy: default servers', () => {
  it('a port no Server selects gets the cluster default (all-unauthenticated), protocol detected with a 10s timeout', () => {
    expect(policy(LINE, modelOf([LINKERD_CONFIG, webPod()], []))).toBe([
      'authorizations:', '- authentication:', '    Permit:', '      Unauthenticated: {}',
      '  labels:', '    group: ""', '    kind: default', '    name: all-unauthenticated',
      '  metadata:', '    Kind:', '      Default: all-unauthenticated',
      '  networks:', '  - net:', '      ip:', '        Ip:', '          Ipv4: 0', '  - net:', '      ip:', '        Ip:', '          Ipv6: {}',
      'labels:', '  group: ""', '  kind: default', '  name: all-unauthenticated',
      'protocol:', '  Kind:', '    Detect:', '      http_routes:', '      - metadata:', '          Kind:', '            Default: default',
      '        rules:', '        - matches:', '          - path:', '              Kind:', '                Prefix: /', '      timeout:', '        seconds: 10', ''].join('\n'));
  });

  it('the pod\'s default-inbound-policy annotation: deny authorizes nothing', () => {
    const text = policy(LINE, modelOf([LINKERD_CONFIG, webPod({'config.linkerd.io/default-inbound-policy': 'deny'})], []));
    expect(text).not.toContain('authorizations:');
    expect(text).toContain('labels:\n  group: ""\n  kind: default\n  name: deny\n');
  });

  it('cluster-authenticated: any mesh identity (one empty suffix) from the cluster networks, an IPv6 network as two u64 halves', () => {
    const text = policy(LINE, modelOf([LINKERD_CONFIG, webPod({'config.linkerd.io/default-inbound-policy': 'cluster-authenticated'})], []));
    expect(text).toContain('    Permit:\n      MeshTLS:\n        Clients:\n          Identities:\n            suffixes:\n            - {}\n');
    // 10.0.0.0/8 is 167772160 with prefix 8; fd00::/8's first half is 0xfd00000000000000.
    expect(text).toContain('  - net:\n      ip:\n        Ip:\n          Ipv4: 167772160\n      prefix_len: 8\n');
    expect(text).toContain('  - net:\n      ip:\n        Ip:\n          Ipv6:\n            first: 18230571291595767808\n      prefix_len: 8\n');
  });

  it('an opaque port is Opaque, without routes; a port requiring identity narrows an allow default to authenticated clients', () => {
    const opaque = policy(LINE, modelOf([LINKERD_CONFIG, webPod({'config.linkerd.io/opaque-ports': '8000-8100'})], []));
    expect(opaque).toContain('protocol:\n  Kind:\n    Opaque: {}\n');
    const identity = policy(LINE, modelOf([LINKERD_CONFIG, webPod({'config.linkerd.io/proxy-require-identity-inbound-ports': '8080'})], []));
    expect(identity).toContain('  name: all-authenticated\n');
  });

  it('an HTTP probe on the port adds the probe route: GET (enum 0) on its exact path, authorized from the probe networks', () => {
    const text = policy(LINE, modelOf([LINKERD_CONFIG, webPod({}, {readinessProbe: {httpGet: {path: '/ready?x=1', port: 'HTTP'}}})], []));
    expect(text).toContain([
      '      - authorizations:', '        - authentication:', '            Permit:', '              Unauthenticated: {}',
      '          labels:', '            group: ""', '            kind: default', '            name: probe',
      '          metadata:', '            Kind:', '              Default: probe',
      '          networks:', '          - net:', '              ip:', '                Ip:', '                  Ipv4: 0',
      '          - net:', '              ip:', '                Ip:', '                  Ipv6: {}',
      '        metadata:', '          Kind:', '            Default: probe',
      '        rules:', '        - matches:', '          - method:', '              Type:', '                Registered: 0',
      '            path:', '              Kind:', '                Exact: /ready', ''].join('\n'));
  });
});

describe('linkerd diagnostics policy: Servers and their authorizations', () => {
  const meshTls = object('policy.linkerd.io', 'MeshTLSAuthentication', 'emojivoto', 'vote-bot', {spec: {identityRefs: [{kind: 'ServiceAccount', name: 'vote-bot'}]}});

  it('of two Servers selecting the port, the older one is served (then by name)', () => {
    const model = modelOf([LINKERD_CONFIG, webPod(), server('web-b', '2026-11-26T09:10:00Z', {port: 'http', proxyProtocol: 'HTTP/2'}), server('web-a', '2026-11-26T09:20:00Z', {port: 8080, proxyProtocol: 'opaque'})], []);
    const text = policy(LINE, model);
    expect(text).toContain('  name: web-b\n');
    expect(text).toContain('    Http2:\n');
  });

  it('an AuthorizationPolicy targeting the namespace applies to its Servers; a NetworkAuthentication gives its networks and exceptions', () => {
    const model = modelOf([LINKERD_CONFIG, webPod(), meshTls, server('web-http', '2026-11-26T09:10:00Z', {port: 8080}),
      object('policy.linkerd.io', 'NetworkAuthentication', 'emojivoto', 'pods', {spec: {networks: [{cidr: '10.244.0.0/16', except: ['10.244.9.0/24']}]}}),
      object('policy.linkerd.io', 'AuthorizationPolicy', 'emojivoto', 'ns-wide', {spec: {targetRef: {group: 'core', kind: 'Namespace', name: 'emojivoto'}, requiredAuthenticationRefs: [
        {group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: 'vote-bot'}, {group: 'policy.linkerd.io', kind: 'NetworkAuthentication', name: 'pods'}]}})], []);
    const text = policy(LINE, model);
    expect(text).toContain('            - name: vote-bot.emojivoto.serviceaccount.identity.linkerd.cluster.local\n');
    // 10.244.0.0 is 183762944, 10.244.9.0 is 183765248.
    expect(text).toContain('  networks:\n  - except:\n    - ip:\n        Ip:\n          Ipv4: 183765248\n      prefix_len: 24\n    net:\n      ip:\n        Ip:\n          Ipv4: 183762944\n      prefix_len: 16\n');
    expect(text).toContain('    Detect:\n');
  });

  it('a missing NetworkAuthentication drops the policy as a missing MeshTLSAuthentication does; a policy for another Server, or for a Server without the policy group, does not apply', () => {
    const model = modelOf([LINKERD_CONFIG, webPod(), meshTls, server('web-http', '2026-11-26T09:10:00Z', {port: 8080, accessPolicy: 'deny'}),
      object('policy.linkerd.io', 'AuthorizationPolicy', 'emojivoto', 'needs-net', {spec: {targetRef: {group: 'policy.linkerd.io', kind: 'Server', name: 'web-http'}, requiredAuthenticationRefs: [{group: 'policy.linkerd.io', kind: 'NetworkAuthentication', name: 'nowhere'}]}}),
      object('policy.linkerd.io', 'AuthorizationPolicy', 'emojivoto', 'other', {spec: {targetRef: {group: 'policy.linkerd.io', kind: 'Server', name: 'web-grpc'}, requiredAuthenticationRefs: []}}),
      // Without a group the target is a core kind: not the Server, whatever its name.
      object('policy.linkerd.io', 'AuthorizationPolicy', 'emojivoto', 'no-group', {spec: {targetRef: {kind: 'Server', name: 'web-http'}, requiredAuthenticationRefs: []}})], []);
    expect(policy(LINE, model)).not.toContain('authorizations:');
  });

  it('what the model cannot decide is a gap: a route on the Server without a status, two authorizations (a hash map\'s order)', () => {
    const withRoute = modelOf([LINKERD_CONFIG, webPod(), server('web-http', '2026-11-26T09:10:00Z', {port: 8080}),
      object('gateway.networking.k8s.io', 'HTTPRoute', 'emojivoto', 'web-route', {spec: {parentRefs: [{group: 'policy.linkerd.io', kind: 'Server', name: 'web-http'}]}})], []);
    expect(gap(LINE, withRoute)).toMatch(/HTTPRoute web-route names Server web-http/);
    const twoAuthz = modelOf([LINKERD_CONFIG, webPod(), server('web-http', '2026-11-26T09:10:00Z', {port: 8080, accessPolicy: 'audit'}),
      object('policy.linkerd.io', 'AuthorizationPolicy', 'emojivoto', 'anyone', {spec: {targetRef: {group: 'policy.linkerd.io', kind: 'Server', name: 'web-http'}, requiredAuthenticationRefs: []}})], []);
    expect(gap(LINE, twoAuthz)).toMatch(/2 authorizations/);
  });
});

describe('linkerd diagnostics policy: the line', () => {
  it('reads the resource, port, -n, -o and --token as policy.go does; the namespace defaults to "default", the token to "default:diagnostics"', () => {
    expect(parseLinkerd('linkerd diagnostics policy po/web 8080', 'bookinfo')).toEqual({command: 'policy', request: {type: 'pod', name: 'web', namespace: 'default', port: 8080, output: 'yaml', token: 'default:diagnostics'}});
    expect(parseLinkerd('linkerd diagnostics policy -o json svc/web 80 -n x --token default:me', 'default')).toEqual({command: 'policy', request: {type: 'service', name: 'web', namespace: 'x', port: 80, output: 'json', token: 'default:me'}});
  });

  it('refuses what the CLI rejects before asking: a bare type, another type, a port that is not a number, another output, a missing port', () => {
    for (const line of ['linkerd diagnostics policy po 8080', 'linkerd diagnostics policy deploy/web 8080', 'linkerd diagnostics policy po/web http',
      'linkerd diagnostics policy po/web 8080 -o wide', 'linkerd diagnostics policy po/web', 'linkerd diagnostics policy po/web 8080 --destination-pod x']) {
      expect(parseLinkerd(line, 'default'), line).toBeUndefined();
    }
  });

  it('leaves --token to diagnostics policy: viz stat has no such flag, and pflag refuses it with stat\'s usage', () => {
    expect(parseLinkerd('linkerd viz stat deploy --token x', 'default')).toMatchObject({command: 'failure', text: expect.stringMatching(/^Error: unknown flag: --token\nUsage:\n {2}linkerd viz stat \[flags\] \(RESOURCES\)/)});
  });
});
