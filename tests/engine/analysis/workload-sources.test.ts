/**
 * Where the analyzers' workloads come from. istioctl's analyzers select Pods (their Inputs name
 * gvk.Pod; pkg/config/analysis/analyzers/*): a Deployment in the files stands for no pod, since
 * istioctl's file source (pilot/pkg/config/file) stores each document as written and nothing
 * expands a controller's template. `meshdive analyze` (analyzeIstioctl) sees a cluster that way.
 * validateYaml describes the book's clusters, where a lab context lists Deployments for its pods:
 * there every kind that runs pods (the API families' pod sources) and WorkloadEntries are workloads.
 */
import {describe, expect, it} from 'vitest';
import {istioctlLines} from '../support/istioctl';
import {istioctlFindings} from '../support/findings';

const deployment = (labels: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews-v1, namespace: default}
spec:
  selector: {matchLabels: ${labels}}
  template:
    metadata: {labels: ${labels}}
    spec: {containers: [{name: reviews, image: reviews}]}
`;
const pod = (labels: string) => `apiVersion: v1
kind: Pod
metadata: {name: reviews-v1-abc, namespace: default, labels: ${labels}}
spec: {containers: [{name: reviews, image: reviews}]}
`;
const workloadEntry = (labels: string) => `apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata: {name: vm-reviews, namespace: default}
spec: {address: 10.0.0.9, labels: ${labels}}
`;
const sidecar = `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: reviews, namespace: default}
spec:
  workloadSelector: {labels: {app: reviews}}
  egress: [{hosts: ["./*"]}]
`;
const telemetry = `apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata: {name: reviews, namespace: default}
spec:
  selector: {matchLabels: {app: reviews}}
  accessLogging: [{providers: [{name: envoy}]}]
`;
const authorizationPolicy = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: reviews, namespace: default}
spec:
  selector: {matchLabels: {app: reviews}}
  action: ALLOW
  rules: [{from: [{source: {principals: ["cluster.local/ns/default/sa/productpage"]}}]}]
`;
const gateway = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: reviews, namespace: default}
spec:
  selector: {app: reviews}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]
`;
const service = `apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: default}
spec:
  selector: {app: reviews}
  ports: [{name: http, port: 80}]
`;
const destinationRule = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: default}
spec:
  host: reviews
  subsets: [{name: v1, labels: {version: v1}}]
`;

const labels = '{app: reviews, version: v1}';
const files = (...documents: string[]) => documents.join('---\n');
const codes = (lines: string[]) => lines.map((line) => /\[(IST\d+)\]/.exec(line)?.[1]);

describe('istioctl analyze selects Pods, never a controller\'s template', () => {
  const cases = [
    ['sidecar.SelectorAnalyzer', sidecar, 'IST0101'],
    ['telemetry.SelectorAnalyzer', telemetry, 'IST0101'],
    ['auth.AuthorizationPoliciesAnalyzer', authorizationPolicy, 'IST0127'],
    ['gateway.IngressGatewayPortAnalyzer', gateway, 'IST0101'],
    ['destinationrule.SubsetSelectPodAnalyzer', `${service}---\n${destinationRule}`, 'IST0173'],
  ] as const;

  it.each(cases)('%s: a Deployment selected is no pod', (analyzer, config, code) => {
    expect(codes(istioctlLines(files(config, deployment(labels)), analyzer))).toContain(code);
  });

  it.each(cases)('%s: a Pod selected is one', (analyzer, config, code) => {
    expect(codes(istioctlLines(files(config, pod(labels)), analyzer))).not.toContain(code);
  });

  it('counts no WorkloadEntry as a pod either', () => {
    expect(codes(istioctlLines(files(sidecar, workloadEntry(labels)), 'sidecar.SelectorAnalyzer'))).toEqual(['IST0101']);
  });
});

describe("validateYaml reads the book's clusters, where controllers stand for their pods", () => {
  it('lets a Deployment, a ReplicationController or a WorkloadEntry of the context be selected', () => {
    expect(istioctlFindings(sidecar, {context: deployment(labels)})).toEqual([]);
    expect(istioctlFindings(sidecar, {context: workloadEntry(labels)})).toEqual([]);
    const controller = deployment(labels).replace('apps/v1', 'v1').replace('Deployment', 'ReplicationController');
    expect(istioctlFindings(sidecar, {context: controller})).toEqual([]);
    expect(istioctlFindings(sidecar, {context: deployment('{app: ratings}')}).map((f) => f.code)).toEqual(['IST0101']);
  });

  it('knows the workloads of a namespace where the input brings any kind that runs pods', () => {
    // Open world: a selector is judged only where the input itself shows the namespace's workloads.
    expect(istioctlFindings(sidecar)).toEqual([]);
    const controller = deployment('{app: ratings}').replace('apps/v1', 'v1').replace('Deployment', 'ReplicationController');
    expect(istioctlFindings(files(sidecar, controller)).map((f) => f.code)).toEqual(['IST0101']);
    expect(istioctlFindings(files(sidecar, deployment('{app: ratings}'))).map((f) => f.code)).toEqual(['IST0101']);
  });

  it('does not take a kind of another group named Deployment for a workload', () => {
    const custom = deployment('{app: ratings}').replace('apps/v1', 'example.com/v1');
    expect(istioctlFindings(files(sidecar, custom))).toEqual([]);
  });
});
