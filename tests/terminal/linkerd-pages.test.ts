/**
 * The Linkerd pages' terminals: each ```bash session=NAME block is answered by its recorded
 * session, command by command in the page's order, and the commands a reader is likely to type
 * instead are answered from the same states.
 */
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {parseMeta} from '../../src/labs/code-block-meta';
import {ScenarioSession} from '../../src/terminal/session';
import {commandsOfBlock} from '../../src/terminal/block-commands';
import {loadSession} from './scenarios';

function sessionBlocks(path: string): Array<{session: string; commands: string[]}> {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(/^```(?:bash|sh|shell) ([^\n]*)\n([\s\S]*?)^```/gm)].flatMap((match) => {
    const session = parseMeta(match[1]).get('session');
    return typeof session === 'string' ? [{session, commands: commandsOfBlock(match[2]!)}] : [];
  });
}

const PAGES: Record<string, string[]> = {
  'docs/troubleshooting/linkerd-proxy-not-injected.mdx': ['linkerd-proxy-not-injected'],
  'docs/troubleshooting/linkerd-403.mdx': ['linkerd-403'],
  'docs/linkerd/index.mdx': ['linkerd-install', 'linkerd-proxy-not-injected', 'linkerd-inject'],
  'docs/linkerd/traffic-management.mdx': ['linkerd-traffic'],
};

describe.each(Object.entries(PAGES))('%s', (path, names) => {
  it(`embeds ${names.join(', ')}, which answers every command of its block in order`, () => {
    const blocks = sessionBlocks(path);
    expect(blocks.map((block) => block.session)).toEqual(names);
    for (const block of blocks) {
      const loaded = loadSession(block.session);
      const session = new ScenarioSession(loaded.scenario, loaded.models);
      for (const command of block.commands) expect(session.run(command), command).toMatchObject({kind: 'output'});
    }
  });
});

describe('learner variants on the Linkerd sessions', () => {
  const cases: Record<string, Array<[typed: string, expected: string]>> = {
    'linkerd-proxy-not-injected': [
      ['linkerd check -n bookinfo --proxy', 'no "linkerd-proxy" containers found in the "bookinfo" namespace'],
      ['k get po -n bookinfo', 'reviews-v1-8c5f7d9b6f-s8tlh       1/1'],
      [`kubectl get deployment/reviews-v1 --namespace=bookinfo -o jsonpath="{.metadata.annotations}"`, '"linkerd.io/inject":"enabled"'],
      ['k annotate ns bookinfo linkerd.io/inject=enabled', 'namespace/bookinfo annotated'],
      ['kubectl rollout restart deploy --namespace bookinfo', 'deployment.apps/reviews-v1 restarted'],
      ['linkerd check --proxy --namespace=bookinfo', 'Status check results are \u221A'],
      ['linkerd viz stat deployments -n bookinfo', 'reviews-v1          1/1   100.00%   0.3rps'],
    ],
    'linkerd-install': [
      ['linkerd install --crds | kubectl apply -f -', 'customresourcedefinition.apiextensions.k8s.io/servers.policy.linkerd.io created'],
      ['linkerd install | kubectl apply -f -', 'deployment.apps/linkerd-destination created'],
      ['linkerd viz install | kubectl apply --filename=-', 'apiservice.apiregistration.k8s.io/v1alpha1.tap.linkerd.io created'],
      ['linkerd check -o short', 'Status check results are \u221A'],
      ['linkerd check --output json', '"categoryName": "linkerd-viz"'],
      ['k get po -n linkerd-viz', 'tap-injector-7c9d6f5b8b-k3jtm   2/2     Running'],
    ],
    'linkerd-inject': [
      ['linkerd viz stat deploy -n bookinfo', 'No traffic found.'],
      ['kubectl get deploy reviews-v1 -n bookinfo -o yaml | linkerd inject --proxy-cpu-request 100m -', '        config.linkerd.io/proxy-cpu-request: 100m\n        linkerd.io/inject: enabled\n'],
      ['kubectl get deployments --namespace bookinfo -o yaml | linkerd inject - | kubectl apply -f -', 'deployment "reviews-v1" injected'],
      ['k get po -n bookinfo', 'reviews-v1-9c6d8b7f5f-l4vcm       2/2     Running'],
      ['linkerd viz stat po -n bookinfo', 'reviews-v1-9c6d8b7f5f-l4vcm       Running      1/1   100.00%   0.3rps'],
      ['linkerd check --proxy -n bookinfo -o short', 'Status check results are \u221A'],
      ['linkerd viz stat ns', 'bookinfo         6/6   100.00%   3.0rps           3ms          41ms          48ms          7'],
      ['linkerd viz stat svc -n bookinfo -o wide', 'reviews        -   100.00%   0.8rps           7ms          19ms          20ms          3           0.0B/s            0.0B/s'],
    ],
    'linkerd-403': [
      ['linkerd viz authz deploy reviews-v1 --namespace bookinfo', 'reviews-http                       0.3rps'],
      ['k get meshtlsauthentications -n bookinfo', 'productpage'],
      ['linkerd diagnostics policy po/reviews-v2-8d6c7f9b5f-q7hsd 9080 -n bookinfo -o json', '"name": "reviews-http"'],
      ['k apply -f ./reviews-authorizationpolicy.yaml', 'reviews-from-productpage configured'],
      ['linkerd viz authz -n bookinfo deployment/reviews-v1', 'authorizationpolicy/reviews-from-productpage'],
      ['linkerd diagnostics policy pod/reviews-v3-6b8f5d9c7d-x2dfn 9080 --namespace bookinfo', '        kind: authorizationpolicy\n        name: reviews-from-productpage\n'],
      ['linkerd viz stat pods --to=deploy/ratings-v1 --namespace=bookinfo', 'reviews-v3-6b8f5d9c7d-x2dfn   Running      1/1   100.00%   0.3rps'],
    ],
    'linkerd-traffic': [
      ['linkerd diagnostics policy svc/reviews 9080 --namespace=bookinfo', '              Default: http\n'],
      ['linkerd diagnostics policy service/reviews 9080 -n bookinfo -o json', '"path": "reviews.bookinfo.svc.cluster.local:9080"'],
      ['k apply -f ./reviews-httproute.yaml', 'httproute.gateway.networking.k8s.io/reviews created'],
      ['linkerd diagnostics policy -n bookinfo svc/reviews 9080', '                                  path: reviews-v3.bookinfo.svc.cluster.local:9080\n'],
      ['linkerd diagnostics policy -n bookinfo svc/reviews 9080 -o json', '"weight": 80'],
    ],
  };
  it.each(Object.entries(cases))('%s: answered from the right state', (name, steps) => {
    const loaded = loadSession(name);
    const session = new ScenarioSession(loaded.scenario, loaded.models);
    for (const [typed, expected] of steps) {
      const reply = session.run(typed);
      expect(reply.kind, typed).toMatch(/^(output|printed)$/);
      expect(reply.text, typed).toContain(expected);
    }
  });
});
