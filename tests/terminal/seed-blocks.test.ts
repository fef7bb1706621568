import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {parseMeta} from '../../src/labs/code-block-meta';
import {ScenarioSession} from '../../src/terminal/session';
import {commandsOfBlock} from '../../src/terminal/block-commands';
import {loadSession} from './scenarios';

/** Every ```bash session=NAME block of the chapter, with its commands. */
function sessionBlocks(path: string): Array<{session: string; commands: string[]}> {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(/^```(?:bash|sh|shell) ([^\n]*)\n([\s\S]*?)^```/gm)].flatMap((match) => {
    const session = parseMeta(match[1]).get('session');
    return typeof session === 'string' ? [{session, commands: commandsOfBlock(match[2]!)}] : [];
  });
}

const PAGES = {
  'docs/istio/installation.mdx': 'installation',
  'docs/troubleshooting/sidecar-not-injected.mdx': 'sidecar-not-injected',
  'docs/troubleshooting/traffic-not-routing.mdx': 'traffic-not-routing',
  'docs/istio/ambient-operations.mdx': 'ambient-install',
  'docs/troubleshooting/waypoint-not-used.mdx': 'waypoint-not-used',
} as const;

describe.each(Object.entries(PAGES))('%s', (path, name) => {
  it(`upgrades its seed block to the ${name} session, which answers every command of the block in order`, () => {
    const blocks = sessionBlocks(path);
    expect(blocks.map((block) => block.session)).toEqual([name]);
    const session = new ScenarioSession(loadSession(name).scenario);
    for (const command of blocks[0]!.commands) expect(session.run(command), command).toMatchObject({kind: 'output'});
  });
});

describe('learner variants of the seed commands', () => {
  const cases: Record<string, Array<[typed: string, expected: string]>> = {
    'sidecar-not-injected': [
      [`k get ns default -o jsonpath="{.metadata.labels}"`, '{"kubernetes.io/metadata.name":"default"}'],
      [`kubectl get pods/reviews-v1-5b6f8d9c7d-x7k2p --output=jsonpath='{.spec.containers[*].name}'`, 'reviews'],
      ['istioctl kube-inject -f deployment.yaml | kubectl apply -f -', 'deployment.apps/ratings-v1 configured'],
      ['k label namespaces default istio-injection=enabled', 'namespace/default labeled'],
      ['kubectl rollout restart deployments --namespace=default', 'deployment.apps/reviews-v1 restarted'],
      ['k get po', 'reviews-v1-84d5b6f7c9-t6wzm'],
    ],
    'traffic-not-routing': [
      ['k get virtualservices.networking.istio.io -n default', '["reviews"]'],
      ['kubectl get dr', 'reviews           reviews           6m14s'],
      ['istioctl pc r productpage-v1-6b746f74dc-rj5dg.default', 'reviews.default.svc.cluster.local:9080'],
      ['istioctl analyze --namespace default', 'Referenced host+subset in destinationrule not found: "reviews+v2"'],
      ['k apply -f reviews-destinationrule.yaml', 'configured'],
      ['istioctl analyze', '✔ No validation issues found'],
    ],
    installation: [
      ['istioctl install --set profile=default -y', '✔ Installation complete'],
      ['k label ns default istio-injection=enabled', 'namespace/default labeled'],
      ['k get ns default --show-labels', 'istio-injection=enabled'],
    ],
  };
  it.each(Object.entries(cases))('%s: answered from the right state', (name, steps) => {
    const session = new ScenarioSession(loadSession(name).scenario);
    for (const [typed, expected] of steps) {
      const reply = session.run(typed);
      expect(reply.kind, typed).toBe('output');
      expect(reply.text, typed).toContain(expected);
    }
  });
});

describe('sidecar-not-injected branches', () => {
  it('lets a learner fix injection without the manual step: label, restart, check', () => {
    const session = new ScenarioSession(loadSession('sidecar-not-injected').scenario);
    expect(session.run('kubectl label namespace default istio-injection=enabled')).toMatchObject({kind: 'output', movedTo: 'labelled-first'});
    expect(session.run('istioctl analyze').text).toContain('[IST0103] (Pod default/ratings-v1-5f9d4c7b8f-vq6nd)');
    expect(session.run('kubectl rollout restart deployment')).toMatchObject({kind: 'output', movedTo: 'injected'});
    expect(session.run('kubectl get pod <pod-name> -o jsonpath={.spec.containers[*].name}').text).toContain('NotFound');
    expect(session.run('istioctl proxy-status').text).toContain('reviews-v1-84d5b6f7c9-t6wzm.default');
  });
});
