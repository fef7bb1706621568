import {describe, expect, it} from 'vitest';
import {printFromModel} from '../../../src/terminal/printers/index';
import type {ModelObject} from '../../../src/terminal/printers/model';
import {MODEL, NOW} from './support/model';

const get = (line: string, objects: readonly ModelObject[] = MODEL.objects): string => {
  const printed = printFromModel(line, {namespace: 'default', placeholders: {}}, {objects, now: NOW});
  if (printed?.kind !== 'printed') throw new Error(`not printed: ${JSON.stringify(printed)}`);
  return printed.text;
};
const lines = (...rows: string[]): string => `${rows.join('\n')}\n`;
const core = (value: Record<string, unknown>): ModelObject => {
  const metadata = value.metadata as {name: string; namespace?: string};
  return {group: '', kind: value.kind as string, namespace: metadata.namespace ?? '', name: metadata.name, value};
};
const created = '2026-11-24T12:10:00Z';

describe('kubectl get for Kubernetes\' own kinds, as printers.go lays them out', () => {
  it('Services: type, cluster IP, external IP (<pending> for a load balancer without ingress), ports with node ports; -o wide adds the selector', () => {
    expect(get('kubectl get svc -A')).toBe(lines(
      'NAMESPACE      NAME                   TYPE           CLUSTER-IP     EXTERNAL-IP   PORT(S)                        AGE',
      'default        reviews                ClusterIP      10.96.12.7     <none>        9080/TCP                       20m',
      'istio-system   istio-ingressgateway   LoadBalancer   10.96.182.45   <pending>     15021:31896/TCP,80:30527/TCP   10m',
    ));
    expect(get('kubectl get services -n istio-system -o wide')).toBe(lines(
      'NAME                   TYPE           CLUSTER-IP     EXTERNAL-IP   PORT(S)                        AGE   SELECTOR',
      'istio-ingressgateway   LoadBalancer   10.96.182.45   <pending>     15021:31896/TCP,80:30527/TCP   10m   app=istio-ingressgateway,istio=ingressgateway',
    ));
  });

  it('Deployments: READY as ready/desired; -o wide adds containers, images and the selector sorted by key', () => {
    expect(get('kubectl get deploy -o wide')).toBe(lines(
      'NAME         READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES       SELECTOR',
      'reviews-v1   1/2     2            1           20m   reviews      reviews-v1   app=reviews,version=v1',
    ));
  });

  it('Namespaces are cluster-scoped: no NAMESPACE column under -A, phase Active as the API server sets it', () => {
    expect(get('kubectl get ns -A --show-labels')).toBe(lines(
      'NAME           STATUS   AGE   LABELS',
      'default        Active   40m   istio-injection=enabled,kubernetes.io/metadata.name=default',
      'istio-system   Active   10m   kubernetes.io/metadata.name=istio-system',
    ));
    expect(get('kubectl get namespace kube-system')).toBe('Error from server (NotFound): namespaces "kube-system" not found\n');
  });

  it('ConfigMaps, Secrets and ServiceAccounts count their entries', () => {
    const objects = [
      core({kind: 'ConfigMap', metadata: {name: 'istio', namespace: 'default', creationTimestamp: created}, data: {mesh: '', meshNetworks: ''}}),
      core({kind: 'Secret', metadata: {name: 'cacerts', namespace: 'default', creationTimestamp: created}, data: {a: 'eA=='}}),
      core({kind: 'Secret', metadata: {name: 'token', namespace: 'default', creationTimestamp: created}, type: 'kubernetes.io/service-account-token', data: {}}),
      core({kind: 'ServiceAccount', metadata: {name: 'bookinfo-reviews', namespace: 'default', creationTimestamp: created}}),
    ];
    expect(get('kubectl get cm', objects)).toBe(lines('NAME    DATA   AGE', 'istio   2      10h'));
    expect(get('kubectl get secrets', objects)).toBe(lines('NAME      TYPE                                  DATA   AGE', 'cacerts   Opaque                                1      10h', 'token     kubernetes.io/service-account-token   0      10h'));
    expect(get('kubectl get sa', objects)).toBe(lines('NAME               SECRETS   AGE', 'bookinfo-reviews   0         10h'));
  });

  it('Secrets whose values the model does not hold (data written null): counted in the table, refused where a value would print', () => {
    const server = {creationTimestamp: created, resourceVersion: '812', uid: '5e1c0a0b-3b44-4c1e-9d2a-0c3f6f1b7a10'};
    const objects = [
      core({kind: 'Secret', metadata: {name: 'linkerd-identity-issuer', namespace: 'default', ...server}, type: 'Opaque', data: {'crt.pem': null, 'key.pem': null}}),
      core({kind: 'Secret', metadata: {name: 'cacerts', namespace: 'default', ...server}, type: 'Opaque', data: {a: 'eA=='}}),
    ];
    const answer = (line: string) => printFromModel(line, {namespace: 'default', placeholders: {}}, {objects, now: NOW});
    expect(get('kubectl get secret linkerd-identity-issuer', objects)).toBe(lines('NAME                      TYPE     DATA   AGE', 'linkerd-identity-issuer   Opaque   2      10h'));
    expect(get("kubectl get secret linkerd-identity-issuer -o jsonpath='{.type} {.metadata.name}'", objects)).toBe('Opaque linkerd-identity-issuer');
    expect(get("kubectl get secret cacerts -o jsonpath='{.data.a}'", objects)).toBe('eA==');
    for (const line of ['kubectl get secret linkerd-identity-issuer -o json', 'kubectl get secrets -o yaml', "kubectl get secret linkerd-identity-issuer -o jsonpath='{.data}'", "kubectl get secrets -o jsonpath='{.items[*].data.key\\.pem}'"]) {
      expect(answer(line), line).toEqual({kind: 'gap', reason: expect.stringMatching(/data (keys crt\.pem, key\.pem but not their values|value the model does not hold)/)});
    }
    expect(JSON.parse(get('kubectl get secret cacerts -o json', objects))).toMatchObject({kind: 'Secret', data: {a: 'eA=='}});
  });

  it('Nodes: Ready condition, roles from node-role labels, kubelet version; -o wide the addresses and node info', () => {
    const node = core({
      kind: 'Node', metadata: {name: 'kind-control-plane', creationTimestamp: '2026-11-21T22:10:00Z', labels: {'node-role.kubernetes.io/control-plane': ''}},
      status: {conditions: [{type: 'Ready', status: 'True'}], addresses: [{type: 'InternalIP', address: '172.18.0.2'}], nodeInfo: {kubeletVersion: 'v1.33.1', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.8.0', containerRuntimeVersion: 'containerd://2.1.1'}},
    });
    expect(get('kubectl get nodes', [node])).toBe(lines('NAME                 STATUS   ROLES           AGE   VERSION', 'kind-control-plane   Ready    control-plane   3d    v1.33.1'));
    expect(get('kubectl get nodes -o wide', [node])).toBe(lines(
      'NAME                 STATUS   ROLES           AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                         KERNEL-VERSION   CONTAINER-RUNTIME',
      'kind-control-plane   Ready    control-plane   3d    v1.33.1   172.18.0.2    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0            containerd://2.1.1',
    ));
    expect(get('kubectl get nodes', [])).toBe('No resources found in default namespace.\n');
  });

  it('Endpoints: the first three address:port pairs and how many more, after 1.33\'s deprecation warning', () => {
    const addresses = ['10.244.1.9', '10.244.2.15', '10.244.2.16'].map((ip) => ({ip}));
    const endpoints = core({kind: 'Endpoints', metadata: {name: 'reviews', namespace: 'default', creationTimestamp: created}, subsets: [{addresses, ports: [{port: 9080}, {port: 9443}]}]});
    expect(get('kubectl get ep', [endpoints])).toBe(
      'Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n'
      + lines('NAME      ENDPOINTS                                                       AGE', 'reviews   10.244.1.9:9080,10.244.2.15:9080,10.244.2.16:9080 + 3 more...   10h'),
    );
  });
});

describe('kubectl get for custom resources, by their CRD\'s printer columns', () => {
  it('prints a string column holding a list as JSON, an empty one blank', () => {
    expect(get('kubectl get vs')).toBe(lines('NAME      GATEWAYS   HOSTS         AGE', 'reviews              ["reviews"]   6m12s'));
  });

  it('prints NAME AGE for a CRD without printer columns (the API server\'s default)', () => {
    // Two hours is still counted in minutes: HumanDuration switches to hours at 3h.
    expect(get('kubectl get gateways.networking.istio.io')).toBe(lines('NAME               AGE', 'bookinfo-gateway   120m'));
    expect(get('kubectl get virtualservices.networking.istio.io missing')).toBe('Error from server (NotFound): virtualservices.networking.istio.io "missing" not found\n');
  });
});

describe('cells as kubectl\'s tabwriter writes them', () => {
  it('keeps the padding before an empty last cell, and cuts a cell at a newline with ...', () => {
    const server = (name: string, spec: Record<string, unknown>): ModelObject => ({
      group: 'policy.linkerd.io', kind: 'Server', namespace: 'default', name,
      value: {apiVersion: 'policy.linkerd.io/v1beta3', kind: 'Server', metadata: {name, namespace: 'default', creationTimestamp: created}, spec},
    });
    expect(get('kubectl get servers.policy.linkerd.io', [server('web', {port: 8080, proxyProtocol: 'HTTP/1\nx'}), server('api', {port: 'http', accessPolicy: 'deny'})])).toBe(lines(
      'NAME   PORT   PROTOCOL    ACCESS POLICY',
      'api    http               deny',
      'web    8080   HTTP/1...   ',
    ));
  });
});
