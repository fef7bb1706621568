/**
 * A small Linkerd-meshed cluster for the authorization tests: namespace `shop` is injected
 * (linkerd.io/inject: enabled) and runs `web` (service account web), `api` (service account
 * api, container ports http 8080 and admin 9990, behind Service api port 80 → http) and
 * `legacy` (injection disabled: an unmeshed pod); namespace `ops` is injected and runs `batch`.
 */
import {linkerdAnswers} from '../../src/simulator/linkerd/attach';
import type {LinkerdAuthorization} from '../../src/simulator/linkerd/authorize';
import {parseRequest, simulate, World, type Decision} from '../../src/simulator/index';
import {documents} from './helpers';

export const MESHED_SHOP = `
apiVersion: v1
kind: Namespace
metadata: {name: shop, annotations: {linkerd.io/inject: enabled}}
---
apiVersion: v1
kind: Namespace
metadata: {name: ops, annotations: {linkerd.io/inject: enabled}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      serviceAccountName: web
      containers: [{name: web, image: web, ports: [{name: http, containerPort: 8080}]}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: legacy, namespace: shop}
spec:
  selector: {matchLabels: {app: legacy}}
  template:
    metadata: {labels: {app: legacy}, annotations: {linkerd.io/inject: disabled}}
    spec:
      serviceAccountName: legacy
      containers: [{name: legacy, image: legacy}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: batch, namespace: ops}
spec:
  selector: {matchLabels: {app: batch}}
  template:
    metadata: {labels: {app: batch}}
    spec:
      containers: [{name: batch, image: batch}]
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports:
  - {name: http, port: 80, targetPort: http}
  - {name: admin, port: 9990, targetPort: 9990}
`;

/** The api Deployment, its pod template annotations and labels given. */
export function apiDeployment(annotations: Record<string, string> = {}, labels: Record<string, string> = {}): string {
  return `
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata:
      labels: ${JSON.stringify({app: 'api', ...labels})}
      annotations: ${JSON.stringify(annotations)}
    spec:
      serviceAccountName: api
      containers:
      - name: api
        image: api
        ports: [{name: http, containerPort: 8080}, {name: admin, containerPort: 9990}]
`;
}

export interface Ask {
  /** Policy resources (YAML), applied after the cluster. */
  policies?: string;
  /** The cluster (default: MESHED_SHOP and the api Deployment without annotations). */
  cluster?: string;
  request?: string;
  from?: string;
  clientIp?: string;
}

/** `from` defaults to shop/web; `from: undefined` written out means no workload (with `clientIp`: an unmeshed client there). */
export function decide(question: Ask): Decision {
  const {policies = '', cluster = MESHED_SHOP + '---' + apiDeployment(), request = 'GET http://api.shop/', clientIp} = question;
  const from = 'from' in question ? question.from : 'shop/web';
  const world = new World(documents(cluster), [documents(policies)]);
  return simulate(world, {request: parseRequest(request), from, clientAddress: clientIp});
}

/** Linkerd's answer at the api pods. */
export function ask(question: Ask): LinkerdAuthorization {
  const answers = linkerdAnswers(decide(question));
  if (answers.length !== 1) throw new Error(`expected one Linkerd answer, got ${answers.length}`);
  return answers[0]!;
}

/** The namespace annotated with a default inbound policy. */
export function shopWithDefault(policy: string): string {
  return MESHED_SHOP.replace('metadata: {name: shop, annotations: {linkerd.io/inject: enabled}}',
    `metadata: {name: shop, annotations: {linkerd.io/inject: enabled, config.linkerd.io/default-inbound-policy: ${policy}}}`) + '---' + apiDeployment();
}

export const SERVER_HTTP = `
apiVersion: policy.linkerd.io/v1beta3
kind: Server
metadata: {name: api-http, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  port: http
`;

export function authorizationPolicy(name: string, target: string, refs: string): string {
  return `
---
apiVersion: policy.linkerd.io/v1alpha1
kind: AuthorizationPolicy
metadata: {name: ${name}, namespace: shop}
spec:
  targetRef: ${target}
  requiredAuthenticationRefs: ${refs}
`;
}

export function meshTls(name: string, spec: string): string {
  return `
---
apiVersion: policy.linkerd.io/v1alpha1
kind: MeshTLSAuthentication
metadata: {name: ${name}, namespace: shop}
spec: ${spec}
`;
}
