import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest';
import type {Browser} from 'playwright-core';
import {launch} from './support/audited-page';
import {expectClean, openTerminalLab, tryIt} from './support/terminal';

/**
 * The Linkerd troubleshooting terminals in Chromium: `linkerd check`, `linkerd viz stat|authz` and
 * kubectl typed with a learner's variants (flag order, `--namespace=`, `deploy/NAME`, `k`, `ns`),
 * answered from the recording or printed from the session's cluster model; the fix moves the
 * cluster to its next state; nothing leaves loopback.
 */
const origin = inject('origin');
let browser: Browser;
beforeAll(async () => {
  browser = await launch(inject('chromiumPath'));
});
afterAll(async () => {
  await browser?.close();
});

/** The page's terminal in "Try it", typed command by command; `done` checks nothing left loopback and closes it. */
async function openTerminal(path: string, session?: string): Promise<{run: (command: string, expected: string[]) => Promise<void>; done: () => Promise<void>}> {
  const {page, lab, audit, close} = await openTerminalLab(browser, origin + path, session ? {session} : {});
  const run = await tryIt(page, lab);
  return {run, done: async () => {
    await close();
    expectClean(audit);
  }};
}

describe('Linkerd: Proxy Not Injected terminal', () => {
  it('answers linkerd check and kubectl typed with variants, and the fix moves the cluster on', async () => {
    const {run, done} = await openTerminal('/troubleshooting/linkerd-proxy-not-injected');
    await run('linkerd check -n bookinfo --proxy', ['× data plane proxies are ready', 'no "linkerd-proxy" containers found in the "bookinfo" namespace', 'Status check results are ×']);
    await run('k get po -n bookinfo', ['reviews-v1-8c5f7d9b6f-s8tlh 1/1 Running']);
    await run(`kubectl get deployment/reviews-v1 --namespace=bookinfo -o jsonpath="{.metadata.annotations}"`, ['"linkerd.io/inject":"enabled"']);
    await run('kubectl get deployment reviews-v1 --namespace=bookinfo -oyaml | linkerd inject --manual -', ['name: linkerd-proxy', 'restartPolicy: Always', 'deployment "reviews-v1" injected']);
    await run('k annotate ns bookinfo linkerd.io/inject=enabled', ['namespace/bookinfo annotated']);
    await run('kubectl rollout restart deploy --namespace bookinfo', ['deployment.apps/reviews-v1 restarted']);
    await run('linkerd check --proxy --namespace=bookinfo', ['√ data plane proxies are ready', 'Status check results are √']);
    // Not recorded: printed from the state's model.
    await run('linkerd viz stat deploy/reviews-v1 -n bookinfo', ['NAME MESHED SUCCESS RPS', 'reviews-v1 1/1 100.00% 0.3rps']);
    await run('linkerd viz stat po -n bookinfo', ['NAME STATUS MESHED SUCCESS', 'reviews-v1-7f9b6c8d5c-l4vcm Running 1/1 100.00% 0.3rps']);
    await run('linkerd viz stat rc -n bookinfo', ['will not make one up']);
    await done();
  });
});

describe('Linkerd: meshing with linkerd inject, from a file', () => {
  it('reads the session\'s manifest: cat, linkerd inject FILE (quantities canonical), a missing file', async () => {
    const {run, done} = await openTerminal('/linkerd', 'linkerd-inject');
    await run('ls', ['ratings-v2.yaml']);
    await run('cat ./ratings-v2.yaml', ['# ratings v2: the same service, a newer build', 'cpu: 0.1']);
    await run('linkerd inject ./ratings-v2.yaml', ['linkerd.io/inject: enabled', 'cpu: 100m', 'memory: 1Gi', 'deployment "ratings-v2" injected']);
    await run('kubectl apply -f ratings-v3.yaml', ['error: the path "ratings-v3.yaml" does not exist']);
    await run('ls -1a', ['.', '..', 'ratings-v2.yaml']);
    await run('ls -la', ['will not make one up: ls -l prints each file\'s mode']);
    // cli/cmd/inject.go: os.Stat's error, then cobra's usage of inject's flags.
    await run('linkerd inject ./ratings-v3.yaml', ['Error: stat ratings-v3.yaml: no such file or directory', 'linkerd inject [flags] CONFIG-FILE', '--proxy-uid int']);
    await run('linkerd inject -h', ['Add the Linkerd proxy to a Kubernetes config.', '--manual']);
    // Applying the file would create a Deployment the recording never held: refused, with why.
    await run('kubectl apply --filename=ratings-v2.yaml', ['never reached (deployment.apps/ratings-v2 created)']);
    await done();
  });
});

describe('Linkerd: Requests Denied with 403 terminal', () => {
  it('names the Server that authorizes nobody, then the policy that does after the fix', async () => {
    const {run, done} = await openTerminal('/troubleshooting/linkerd-403');
    await run('linkerd viz authz deploy reviews-v1 --namespace bookinfo', ['ROUTE SERVER AUTHORIZATION UNAUTHORIZED', 'default reviews-http 0.3rps 0.00% 0.0rps']);
    await run('linkerd viz authz -n bookinfo deploy/reviews-v3', ['default reviews-http 0.3rps 0.00%']);
    await run('k get meshtlsauthentications -n bookinfo', ['productpage']);
    await run('k apply -f ./reviews-authorizationpolicy.yaml', ['authorizationpolicy.policy.linkerd.io/reviews-from-productpage configured']);
    await run('linkerd viz authz -n bookinfo deployment/reviews-v1', ['default reviews-http authorizationpolicy/reviews-from-productpage 0.0rps 100.00% 0.3rps']);
    await done();
  });
});

describe('Linkerd: Traffic Management terminal', () => {
  it('prints the outbound policy of reviews:9080 with its default route, then with the canary HTTPRoute once applied', async () => {
    const {run, done} = await openTerminal('/linkerd/traffic-management');
    await run('linkerd diagnostics policy svc/reviews 9080 --namespace=bookinfo', ['Default: http', 'path: reviews.bookinfo.svc.cluster.local:9080', 'Default: opaq']);
    await run('k apply -f ./reviews-httproute.yaml', ['httproute.gateway.networking.k8s.io/reviews created']);
    await run('linkerd diagnostics policy -n bookinfo svc/reviews 9080', ['kind: HTTPRoute', 'Exact: amFzb24=', 'path: reviews-v3.bookinfo.svc.cluster.local:9080', 'weight: 20']);
    // Again: the API server defaulted the route's lists, so kubectl's merge patch is not empty.
    await run('kubectl apply --filename reviews-httproute.yaml', ['httproute.gateway.networking.k8s.io/reviews configured']);
    await run('linkerd diagnostics policy --help', ['Introspect Linkerd\'s policy state.', 'linkerd diagnostics policy [flags] resource port']);
    await done();
  });
});
