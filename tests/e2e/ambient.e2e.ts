import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest';
import type {Browser} from 'playwright-core';
import {launch} from './support/audited-page';
import {expectClean, openTerminalLab, tryIt} from './support/terminal';

/**
 * The ambient terminals in Chromium: the install typed with variants (aliases, flags moved or
 * spelled `--flag=value`), answered from the recording or from the state's cluster model through the
 * istioctl ztunnel-config and waypoint printers; a command the model cannot answer is refused; the
 * waypoint troubleshooting session reaches its fix. Nothing leaves loopback.
 */
const origin = inject('origin');
let browser: Browser;
beforeAll(async () => {
  browser = await launch(inject('chromiumPath'));
});
afterAll(async () => {
  await browser?.close();
});

describe('Ambient in Practice terminal', () => {
  it('installs ambient, enrolls default, reads its connections, adds a waypoint and reads the connections through it, typed with variants', async () => {
    const {page, lab, audit, close} = await openTerminalLab(browser, origin + '/istio/ambient-operations');
    try {
      const run = await tryIt(page, lab);
      await run('kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.1/standard-install.yaml', ['httproutes.gateway.networking.k8s.io serverside-applied']);
      await run('istioctl install --set profile=ambient -y', ['✔ Ztunnel installed', 'enjoy Istio without sidecars!']);
      await run('k get po -n istio-system', ['ztunnel-fw2rk 1/1 Running', 'istio-cni-node-k9s2w 1/1 Running']);
      // Not in the recording: printed from the state's model.
      await run('istioctl zc w --workload-namespace=default', ['reviews-v1-6f8bd8f9c5-2m4lx 10.244.1.7 ambient-worker None TCP']);
      await run('k label ns default istio.io/dataplane-mode=ambient', ['namespace/default labeled']);
      await run('istioctl ztunnel-config workload --workload-namespace default', ['reviews-v1-6f8bd8f9c5-2m4lx 10.244.1.7 ambient-worker None HBONE']);
      // The connections recorded after curl's request: each node's ztunnel shows its own pods' side.
      await run('kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\\n" http://productpage:9080/productpage', ['200']);
      await run('istioctl zc connections --node=ambient-worker', ['productpage-v1-6c58956f7d-q9fkt.default Outbound productpage-v1-6c58956f7d-q9fkt.default:45372 details-v1-77b775f7fd-w6m2c.default:15008 details.default.svc.cluster.local:9080 HBONE']);
      await run('istioctl zc cons --node ambient-worker2 --direction inbound', ['ratings-v1-5c5b9c6b77-7hkzr.default Inbound ratings-v1-5c5b9c6b77-7hkzr.default:9080 reviews-v3-5b8dd9f7c6-vr5wz.default:40982 ratings.default.svc.cluster.local HBONE']);
      await run('istioctl waypoint apply --enroll-namespace --wait', ['✅ waypoint default/waypoint is ready!', 'labeled with "istio.io/use-waypoint: waypoint"']);
      await run('istioctl waypoint list -n default', ['waypoint default none True']);
      await run('istioctl zc s --service-namespace default', ['reviews 10.96.104.75 waypoint 3/3']);
      // The same request through the waypoint: the client's ztunnel tunnels to the waypoint's pod, the Service's VIP as target;
      // the waypoint's own tunnel reaches the pod with no target.
      await run('kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\\n" http://productpage:9080/productpage', ['200']);
      await run('istioctl zc cons --node=ambient-worker', [
        'productpage-v1-6c58956f7d-q9fkt.default Outbound productpage-v1-6c58956f7d-q9fkt.default:45410 waypoint-7c9f8d6b54-xk2lq.default:15008 details.default.svc.cluster.local:9080 HBONE',
        'reviews-v3-5b8dd9f7c6-vr5wz.default Inbound reviews-v3-5b8dd9f7c6-vr5wz.default:9080 waypoint-7c9f8d6b54-xk2lq.default:47204 HBONE',
      ]);
      await run('istioctl ztunnel-config connections --node ambient-worker --raw --direction outbound', ['10.244.1.6:45410 10.244.1.11:15008 10.96.183.20:9080 HBONE']);
      // Unfiltered: every namespace's workloads, host-network pods at their node's address.
      await run('istioctl ztunnel-config workloads', ['kube-proxy-5hn2k 172.18.0.2 ambient-worker None TCP', 'default kubernetes 172.18.0.4 None TCP']);
      // Three nodes, three ztunnels: istioctl asks which one; the node's ztunnel holds a leaf per local identity.
      await run('istioctl ztunnel-config certificates', ['Error: ztunnel pod name or --node must be set']);
      await run('istioctl zc certs --node ambient-worker', ['spiffe://cluster.local/ns/default/sa/bookinfo-productpage Leaf Available true']);
      expectClean(audit);
    } finally {
      await close();
    }
  });

  it('lets the plaintext client outside the mesh past the waypoint, then makes default STRICT, which refuses it and keeps the meshed client\'s HBONE rows, typed with variants', async () => {
    const {page, lab, audit, close} = await openTerminalLab(browser, origin + '/istio/ambient-operations');
    try {
      const run = await tryIt(page, lab);
      await run('istioctl install --set profile=ambient -y', ['✔ Installation complete']);
      await run('k label ns default istio.io/dataplane-mode=ambient', ['namespace/default labeled']);
      await run('istioctl waypoint apply --enroll-namespace --wait', ['✅ waypoint default/waypoint is ready!']);
      // Before STRICT, plaintext from namespace legacy, outside the mesh, reaches productpage straight through its ztunnel, past the waypoint.
      await run('kubectl exec -n legacy deploy/curl -- curl -s -o /dev/null -w "%{http_code}\\n" http://productpage.default:9080/productpage', ['200']);
      // STRICT: ztunnel has no policy before; after the PeerAuthentication, istiod's static DENY policy, which productpage lists.
      await run('istioctl zc policies', ['NAMESPACE POLICY NAME ACTION SCOPE']);
      await run('kubectl apply -f strict.yaml', ['peerauthentication.security.istio.io/default created']);
      await run('istioctl ztunnel-config policy', ['istio-system istio_converted_static_strict Deny WorkloadSelector']);
      await run('istioctl zc w productpage-v1-6c58956f7d-q9fkt.default -o yaml', ['- istio-system/istio_converted_static_strict', 'protocol: HBONE']);
      await run('istioctl zc workloads --workload-namespace default', ['productpage-v1-6c58956f7d-q9fkt 10.244.1.6 ambient-worker None HBONE']);
      // Plaintext from namespace legacy, outside the mesh, is refused; the meshed curl still gets through, and the table holds its HBONE rows only.
      await run('kubectl exec -n legacy deploy/curl -- curl -s -o /dev/null -w "%{http_code}\\n" http://productpage.default:9080/productpage', ['000', 'command terminated with exit code 56']);
      await run('kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\\n" http://productpage:9080/productpage', ['200']);
      await run('istioctl zc cons --node=ambient-worker --direction=inbound', ['productpage-v1-6c58956f7d-q9fkt.default Inbound productpage-v1-6c58956f7d-q9fkt.default:9080 waypoint-7c9f8d6b54-xk2lq.default:41876 HBONE']);
      expectClean(audit);
    } finally {
      await close();
    }
  });
});

describe('Waypoint Not Used terminal', () => {
  it('shows the unbound policy, then the fix', async () => {
    const {page, lab, audit, close} = await openTerminalLab(browser, origin + '/troubleshooting/waypoint-not-used');
    try {
      const run = await tryIt(page, lab);
      await run('kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\\n" http://reviews:9080/reviews/1', ['200']);
      await run('k get ap', ['reviews-viewer ALLOW']);
      await run('istioctl analyze -n default', ['[IST0171]', 'Service default/reviews is not bound to a waypoint']);
      await run('istioctl zc svc --service-namespace=default', ['reviews 10.96.104.75 None 3/3']);
      await run('istioctl ztunnel-config policy', ['NAMESPACE POLICY NAME ACTION SCOPE']);
      await run('k label namespace default istio.io/use-waypoint=waypoint', ['namespace/default labeled']);
      await run('istioctl ztunnel-config services --service-namespace default', ['reviews 10.96.104.75 waypoint 3/3']);
      await run('kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\\n" http://reviews:9080/reviews/1', ['403']);
      expectClean(audit);
    } finally {
      await close();
    }
  });
});
