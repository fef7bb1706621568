/**
 * The ambient sessions as a reader types them: learner variants of the recorded commands (aliases,
 * flags in another order or spelling) are answered from the right state, by the recording or by the
 * printers from the state's cluster model; what the model cannot say (every namespace's workloads) is refused.
 */
import {describe, expect, it} from 'vitest';
import {derivedSerial} from '../../src/terminal/printers/mesh-certificates';
import {ScenarioSession} from '../../src/terminal/session';
import {loadSession} from './scenarios';

const session = (name: string): ScenarioSession => {
  const {scenario, models} = loadSession(name);
  return new ScenarioSession(scenario, models);
};

describe('ambient-install, typed with variants', () => {
  it('walks from Bookinfo without a mesh to an enrolled waypoint', () => {
    const s = session('ambient-install');
    expect(s.run('istioctl install --set profile=ambient -y')).toMatchObject({kind: 'output', movedTo: 'installed'});
    expect(s.run('k get po -n istio-system').text).toContain('ztunnel-fw2rk');
    expect(s.run('istioctl zc w --workload-namespace=default')).toMatchObject({kind: 'printed', text: expect.stringMatching(/reviews-v1-6f8bd8f9c5-2m4lx +10\.244\.1\.7 +ambient-worker +None +TCP/)});
    expect(s.run('k label ns default istio.io/dataplane-mode=ambient')).toMatchObject({kind: 'output', movedTo: 'ambient'});
    expect(s.run('istioctl ztunnel-config workload --workload-namespace default').text).toMatch(/reviews-v1-6f8bd8f9c5-2m4lx +10\.244\.1\.7 +ambient-worker +None +HBONE/);
    expect(s.run('istioctl waypoint list -n default').text).toBe('No waypoints found.\n');
    expect(s.run('istioctl waypoint apply --enroll-namespace --wait')).toMatchObject({kind: 'output', movedTo: 'waypoint'});
    expect(s.run('istioctl waypoint list').text).toMatch(/^waypoint +default +none +True$/m);
    expect(s.run('istioctl zc s --service-namespace default')).toMatchObject({kind: 'printed', text: expect.stringMatching(/^default +reviews +10\.96\.104\.75 waypoint 3\/3$/m)});
    expect(s.run('k get gtw waypoint').text).toContain('istio-waypoint');
  });

  it('prints an unfiltered ztunnel-config workloads and services: kube-system\'s and istio-system\'s pods, host-network ones at their node\'s address, and the API server\'s endpoint', () => {
    const s = session('ambient-install');
    s.run('istioctl install --set profile=ambient --skip-confirmation');
    const workloads = s.run('istioctl ztunnel-config workloads');
    expect(workloads.kind).toBe('printed');
    expect(workloads.text).toMatch(/^kube-system +coredns-674b8bbfcf-7dlmq +10\.244\.0\.2 +ambient-control-plane None +TCP$/m);
    expect(workloads.text).toMatch(/^kube-system +kube-proxy-5hn2k +172\.18\.0\.2 +ambient-worker +None +TCP$/m);
    expect(workloads.text).toMatch(/^istio-system +istio-cni-node-tz6bn +172\.18\.0\.3 +ambient-worker2 +None +TCP$/m);
    expect(workloads.text).toMatch(/^default +kubernetes +172\.18\.0\.4 +None +TCP$/m);
    expect(workloads.text).toMatch(/^local-path-storage +local-path-provisioner-7dc846544d-h6xqs +10\.244\.0\.4 /m);
    // Namespace legacy's curl, which never joins the mesh.
    expect(workloads.text).toMatch(/^legacy +curl-5b549b49b8-w7n2d +10\.244\.2\.9 +ambient-worker2 +None +TCP$/m);
    expect(workloads.text!.trim().split('\n')).toHaveLength(1 + 8 + 7 + 12 + 1 + 1);
    const services = s.run('istioctl zc s');
    expect(services.kind).toBe('printed');
    expect(services.text).toMatch(/^kube-system +kube-dns +10\.96\.0\.10 +None +2\/2$/m);
    expect(services.text).toMatch(/^istio-system +istiod +10\.96\.140\.7 +None +1\/1$/m);
    expect(services.text).toMatch(/^default +kubernetes +10\.96\.0\.1 +None +1\/1$/m);
  });

  it('answers the commands the page names beyond the recording: a pod as argument, certificates per node, -o json', () => {
    const s = session('ambient-install');
    s.run('istioctl install --set profile=ambient --skip-confirmation');
    expect(s.run('istioctl zc certs --node ambient-worker').text).toBe('CERTIFICATE NAME     TYPE     STATUS     VALID CERT     SERIAL NUMBER     NOT AFTER     NOT BEFORE\n');
    s.run('kubectl label namespace default istio.io/dataplane-mode=ambient');
    expect(s.run('istioctl ztunnel-config workloads productpage-v1-6c58956f7d-q9fkt.default').text!.trim().split('\n')).toEqual([
      'NAMESPACE POD NAME                        ADDRESS    NODE           WAYPOINT PROTOCOL',
      'default   productpage-v1-6c58956f7d-q9fkt 10.244.1.6 ambient-worker None     HBONE',
    ]);
    expect(s.run('istioctl zc certs').text).toBe('Error: ztunnel pod name or --node must be set\n');
    const certificates = s.run('istioctl zc certs --node ambient-worker').text!;
    // The recording kept no serials: the model's stand-in (mesh-certificates.ts derivedSerial), printed as %x.
    const leafSerial = BigInt(`0x${derivedSerial('ambient-worker spiffe://cluster.local/ns/default/sa/bookinfo-productpage', {notBefore: '2026-11-25T09:24:03Z', notAfter: '2026-11-26T09:26:03Z'})}`).toString(16);
    expect(certificates).toMatch(new RegExp(`^spiffe://cluster\\.local/ns/default/sa/bookinfo-productpage +Leaf +Available +true +${leafSerial} +2026-11-26T09:26:03Z +2026-11-25T09:24:03Z$`, 'm'));
    expect(certificates.trim().split('\n')).toHaveLength(1 + 2 * 2);
    expect(s.run('istioctl zc w curl-5b549b49b8-9kx7p.default -o json').text).toContain('"serviceAccount": "curl",\n        "workloadName": "curl",');
  });
});

describe('ambient-install, made STRICT', () => {
  const toWaypoint = (): ScenarioSession => {
    const s = session('ambient-install');
    s.run('istioctl install --set profile=ambient --skip-confirmation');
    s.run('kubectl label namespace default istio.io/dataplane-mode=ambient');
    s.run('istioctl waypoint apply -n default --enroll-namespace --wait');
    return s;
  };

  it('shows ztunnel given no policy before, then the static DENY policy istiod converts STRICT into, which productpage lists', () => {
    const s = toWaypoint();
    expect(s.run('istioctl zc pol').text).toBe('NAMESPACE POLICY NAME ACTION SCOPE\n');
    expect(s.run('istioctl ztunnel-config workloads productpage-v1-6c58956f7d-q9fkt.default -o yaml').text).not.toContain('authorizationPolicies');
    expect(s.run('kubectl apply -f strict.yaml')).toMatchObject({kind: 'output', movedTo: 'strict'});
    expect(s.run('istioctl zc policies --policy-namespace istio-system').text).toMatch(/^istio-system +istio_converted_static_strict +Deny +WorkloadSelector$/m);
    expect(s.run('istioctl zc w productpage-v1-6c58956f7d-q9fkt.default -o json').text).toContain('"authorizationPolicies": [\n            "istio-system/istio_converted_static_strict"\n        ]');
    // STRICT changes no row of the summary: every pod already speaks HBONE.
    expect(s.run('istioctl zc w --workload-namespace default').text).toMatch(/^default +productpage-v1-6c58956f7d-q9fkt +10\.244\.1\.6 +ambient-worker +None +HBONE$/m);
  });

  it('shows the connections recorded after curl\'s request, each node\'s ztunnel its own side: outbound to a pod on 15008, inbound with the Service\'s hostname', () => {
    const s = session('ambient-install');
    s.run('istioctl install --set profile=ambient --skip-confirmation');
    s.run('kubectl label namespace default istio.io/dataplane-mode=ambient');
    expect(s.run('istioctl zc connections').text).toBe('Error: ztunnel pod name or --node must be set\n');
    expect(s.run('istioctl zc cons --node ambient-worker').text).toMatch(/^productpage-v1-6c58956f7d-q9fkt\.default +Outbound +productpage-v1-6c58956f7d-q9fkt\.default:45372 +details-v1-77b775f7fd-w6m2c\.default:15008 +details\.default\.svc\.cluster\.local:9080 +HBONE$/m);
    const inbound = s.run('istioctl ztunnel-config connections --node ambient-worker2').text!.trim().split('\n');
    expect(inbound.slice(1)).toEqual([
      expect.stringMatching(/^details-v1-77b775f7fd-w6m2c\.default +Inbound +details-v1-77b775f7fd-w6m2c\.default:9080 +productpage-v1-6c58956f7d-q9fkt\.default:38216 +details\.default\.svc\.cluster\.local +HBONE$/),
      expect.stringMatching(/^ratings-v1-5c5b9c6b77-7hkzr\.default +Inbound +ratings-v1-5c5b9c6b77-7hkzr\.default:9080 +reviews-v3-5b8dd9f7c6-vr5wz\.default:40982 +ratings\.default\.svc\.cluster\.local +HBONE$/),
    ]);
    // A pod as argument asks its node's ztunnel about it alone; -o json lists the node's captured pods, curl's without connections.
    expect(s.run('istioctl zc connections pod/reviews-v3-5b8dd9f7c6-vr5wz.default --raw').text).toBe(s.run('istioctl zc connections reviews-v3-5b8dd9f7c6-vr5wz.default --raw').text);
    const states = JSON.parse(s.run('istioctl zc connections --node ambient-worker2 -o json').text!) as Array<{info: {name: string}; connections: {inbound: unknown[]}}>;
    expect(states.map((state) => `${state.info.name} ${state.connections.inbound.length}`)).toEqual([
      'curl-5b549b49b8-9kx7p 0', 'details-v1-77b775f7fd-w6m2c 1', 'ratings-v1-5c5b9c6b77-7hkzr 1', 'reviews-v2-7d6c5b8f4b-hx9tq 0',
    ]);
    expect(s.run('istioctl zc all --node ambient-worker2 --with-headers').text).toContain('------ CONNECTIONS INFO ------\n\nWORKLOAD ');
    expect(s.run('istioctl zc all --node ambient-worker2 -o json').kind).toBe('unknown');
  });

  it('shows the connections through the waypoint: each client\'s ztunnel tunnels to the waypoint\'s pod with the Service\'s VIP as target, and the waypoint\'s own tunnels reach the pods with no target', () => {
    const s = toWaypoint();
    expect(s.run('kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\\n" http://productpage:9080/productpage').text).toBe('200\n');
    const worker = s.run('istioctl zc cons --node ambient-worker').text!.trim().split('\n');
    expect(worker.slice(1)).toEqual([
      expect.stringMatching(/^productpage-v1-6c58956f7d-q9fkt\.default +Inbound +productpage-v1-6c58956f7d-q9fkt\.default:9080 +waypoint-7c9f8d6b54-xk2lq\.default:39552 +HBONE$/),
      expect.stringMatching(/^productpage-v1-6c58956f7d-q9fkt\.default +Outbound +productpage-v1-6c58956f7d-q9fkt\.default:45410 +waypoint-7c9f8d6b54-xk2lq\.default:15008 +details\.default\.svc\.cluster\.local:9080 +HBONE$/),
      expect.stringMatching(/^reviews-v3-5b8dd9f7c6-vr5wz\.default +Inbound +reviews-v3-5b8dd9f7c6-vr5wz\.default:9080 +waypoint-7c9f8d6b54-xk2lq\.default:47204 +HBONE$/),
      expect.stringMatching(/^reviews-v3-5b8dd9f7c6-vr5wz\.default +Outbound +reviews-v3-5b8dd9f7c6-vr5wz\.default:52190 +waypoint-7c9f8d6b54-xk2lq\.default:15008 +ratings\.default\.svc\.cluster\.local:9080 +HBONE$/),
    ]);
    // --raw: the waypoint's pod address, not its Service's VIP (10.96.77.160); the app dialled details' VIP.
    expect(s.run('istioctl zc connections productpage-v1-6c58956f7d-q9fkt.default --raw --direction outbound').text).toMatch(/10\.244\.1\.6:45410 +10\.244\.1\.11:15008 +10\.96\.183\.20:9080 +HBONE/);
    // ztunnel does not capture the waypoint's pod: no state of its own in the node's dump.
    const states = JSON.parse(s.run('istioctl zc connections --node ambient-worker -o json').text!) as Array<{info: {name: string}}>;
    expect(states.map((state) => state.info.name)).not.toContain('waypoint-7c9f8d6b54-xk2lq');
    expect(s.run('istioctl zc cons --node ambient-worker2 --direction outbound').text).toBe('WORKLOAD DIRECTION LOCAL REMOTE REMOTE TARGET PROTOCOL\n');
  });

  it('before STRICT, admits the plaintext client outside the mesh straight to the pod, past the waypoint, and its closed connection leaves no row', () => {
    const s = toWaypoint();
    expect(s.run('istioctl zc policies').text).toBe('NAMESPACE POLICY NAME ACTION SCOPE\n');
    expect(s.run('kubectl exec -n legacy deploy/curl -- curl -s -o /dev/null -w "%{http_code}\\n" http://productpage.default:9080/productpage').text).toBe('200\n');
    for (const node of ['ambient-worker', 'ambient-worker2']) {
      const rows = s.run(`istioctl zc connections --node ${node} --raw`).text!.trim().split('\n').slice(1);
      expect(rows.every((row) => row.endsWith(' HBONE') && !row.includes('10.244.2.9:'))).toBe(true);
    }
  });

  it('once STRICT, refuses the plaintext client outside the mesh, which leaves no connection row, and keeps the meshed client\'s HBONE rows', () => {
    const s = toWaypoint();
    s.run('kubectl apply -f strict.yaml');
    expect(s.run('kubectl exec -n legacy deploy/curl -- curl -s -o /dev/null -w "%{http_code}\\n" http://productpage.default:9080/productpage').text).toBe('000\ncommand terminated with exit code 56\n');
    expect(s.run('kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\\n" http://productpage:9080/productpage').text).toBe('200\n');
    // The legacy curl (10.244.2.9) has no row on productpage's node, nor anywhere: every row is HBONE, through the waypoint.
    for (const node of ['ambient-worker', 'ambient-worker2']) {
      const rows = s.run(`istioctl zc connections --node ${node} --raw`).text!.trim().split('\n').slice(1);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((row) => row.endsWith(' HBONE') && !row.includes('10.244.2.9:'))).toBe(true);
    }
    expect(s.run('istioctl zc cons --node ambient-worker --direction inbound').text).toMatch(/^productpage-v1-6c58956f7d-q9fkt\.default +Inbound +productpage-v1-6c58956f7d-q9fkt\.default:9080 +waypoint-7c9f8d6b54-xk2lq\.default:41876 +HBONE$/m);
    expect(s.run('istioctl zc all --node ambient-worker --with-headers').text).toContain('------ CONNECTIONS INFO ------\n\nWORKLOAD ');
    // A typed pod resolves, and so does a Deployment (the session keeps default's), through its selector.
    expect(s.run('istioctl zc w pod/productpage-v1-6c58956f7d-q9fkt.default').text).toMatch(/^default +productpage-v1-6c58956f7d-q9fkt /m);
    expect(s.run('istioctl zc w deploy/productpage-v1.default').text).toMatch(/^default +productpage-v1-6c58956f7d-q9fkt /m);
    expect(s.run('istioctl zc w deploy/productpage-v9.default').text).toContain('deployments.apps "productpage-v9" not found in the "default" namespace');
  });
});

describe('waypoint-not-used, typed with variants', () => {
  it('finds the unbound policy, enrolls the namespace and sees the waypoint take the Service', () => {
    const s = session('waypoint-not-used');
    expect(s.run('kubectl get ap').text).toContain('reviews-viewer   ALLOW');
    expect(s.run('istioctl analyze -n default').text).toContain('[IST0171]');
    expect(s.run('istioctl zc svc --service-namespace=default').text).toMatch(/^default +reviews +\S+ +None +3\/3$/m);
    expect(s.run('istioctl ztunnel-config policy')).toMatchObject({kind: 'printed', text: 'NAMESPACE POLICY NAME ACTION SCOPE\n'});
    expect(s.run('k label namespaces default istio.io/use-waypoint=waypoint')).toMatchObject({kind: 'output', movedTo: 'enrolled'});
    expect(s.run('istioctl zc services --service-namespace default').text).toMatch(/^default +reviews +\S+ +waypoint +3\/3$/m);
    expect(s.run('istioctl analyze').text).toContain('No validation issues found');
  });

  it('holds the condition istiod writes on a Service a waypoint serves, only once it serves it', () => {
    const s = session('waypoint-not-used');
    const condition = "kubectl get svc reviews -o jsonpath='{.status.conditions[0].message}'";
    expect(s.run(condition)).toMatchObject({kind: 'printed', text: ''});
    s.run('kubectl label namespace default istio.io/use-waypoint=waypoint');
    expect(s.run(condition)).toMatchObject({kind: 'printed', text: 'Successfully attached to waypoint default/waypoint'});
  });

  it('then follows a second cause: a waypoint relabelled for workload traffic, which istiod refuses to the Services while the pods use it', () => {
    const s = session('waypoint-not-used');
    s.run('kubectl label namespace default istio.io/use-waypoint=waypoint');
    expect(s.run('k label gtw waypoint istio.io/waypoint-for=workload')).toMatchObject({kind: 'output', movedTo: 'for-workload'});
    expect(s.run('kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\\n" http://reviews:9080/reviews/1').text).toBe('200\n');
    expect(s.run('istioctl zc s --service-namespace default').text).toMatch(/^default +reviews +\S+ +None +3\/3$/m);
    expect(s.run('istioctl zc w --workload-namespace default').text).toMatch(/^default +reviews-v1-\S+ +10\.244\.1\.7 +ambient-worker +waypoint +HBONE$/m);
    expect(s.run('istioctl waypoint list').text).toMatch(/^waypoint +default +workload +True$/m);
    expect(s.run('istioctl analyze').text).toContain('(Service default/reviews) A condition with a negative status is present: type=istio.io/WaypointBound, reason=UnsupportedTrafficType');
    expect(s.run("kubectl get svc reviews -o jsonpath='{.status.conditions[0].message}'").text).toBe('attempting to bind to traffic type "service" which the waypoint "default/waypoint" does not support');
    expect(s.run('kubectl label gateway waypoint istio.io/waypoint-for=service --overwrite')).toMatchObject({kind: 'output', movedTo: 'for-service'});
    expect(s.run('istioctl zc s --service-namespace default').text).toMatch(/^default +reviews +\S+ +waypoint +3\/3$/m);
    expect(s.run('kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\\n" http://reviews:9080/reviews/1').text).toBe('403\n');
  });
});
