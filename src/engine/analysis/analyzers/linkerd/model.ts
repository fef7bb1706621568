/**
 * What Linkerd's analyzers read, built once per analysis run: the pods (each workload's pod
 * template: labels, annotations, TCP container ports, service account, whether the proxy
 * injector meshes it), namespaces with their annotations, service accounts, and the policy
 * resources by namespace. Indexed as the policy controller indexes them
 * (policy-controller/k8s/index/src/inbound/index.rs: per namespace, Servers by name).
 */
import {podSourceOf} from '../../../families/catalog';
import {asArray, asObject, asString} from '../../../istio/access';
import {stringLabels, type Labels} from '../../../model/labels';
import {linkerdTargetsKind} from '../../../model/service-reference';
import {SYSTEM_NAMESPACES, type AnalysisResource} from '../../../model/resource';
import {joinPointer} from '../../../pointer';
import type {AnalyzerContext} from '../../analyzer';
import {pushTo} from '../../related';

export const POLICY_GROUP = 'policy.linkerd.io';
export const GATEWAY_GROUP = 'gateway.networking.k8s.io';
export const INJECT_ANNOTATION = 'linkerd.io/inject';
export const DEFAULT_POLICY_ANNOTATION = 'config.linkerd.io/default-inbound-policy';
/** The proxy container `linkerd inject` adds (pkg/k8s: ProxyContainerName). */
const PROXY_CONTAINER = 'linkerd-proxy';
/**
 * The named ports of that container (charts/partials _proxy.tpl), at the chart's defaults
 * (values.yaml proxy.ports.inbound and .admin) unless the pod's or its namespace's
 * config.linkerd.io/inbound-port or admin-port annotation says otherwise (pkg/k8s labels.go).
 */
const PROXY_PORTS = [
  {name: 'linkerd-proxy', port: 4143, annotation: 'config.linkerd.io/inbound-port'},
  {name: 'linkerd-admin', port: 4191, annotation: 'config.linkerd.io/admin-port'},
] as const;

export interface ContainerPort {
  port: number;
  name?: string;
  /** JSON pointer of the port entry in its resource. */
  path: string;
}

/**
 * Whether the proxy injector meshes the pods (pkg/inject/report.go disabledByAnnotation, as
 * the webhook runs it): `unknown` when the namespace's annotations are not in the run.
 */
export type Injection = 'yes' | 'no' | 'unknown';

export interface MeshPod {
  resource: AnalysisResource;
  labels: Labels;
  annotations: Labels;
  /** JSON pointer of the pod template (`/spec/template`, `''` for a Pod). */
  templatePath: string;
  serviceAccount: string;
  /** TCP ports of containers and init containers (workload.rs pod_tcp_ports_by_name reads both). */
  ports: ContainerPort[];
  /**
   * The ports the proxy injector adds with its container when it meshes (or may mesh) a pod
   * written without one: `linkerd-proxy` and `linkerd-admin`, which a Server may name.
   */
  injectedPorts: ContainerPort[];
  injection: Injection;
  /** Why not injected: an invalid annotation value, and where (`workload` or `namespace`). */
  invalidAnnotation?: 'workload' | 'namespace';
  /** Why the injector skips a pod its annotations mark for injection (report.go Reasons). */
  skipped?: string;
}

export interface MeshNamespace {
  resource: AnalysisResource;
  annotations: Labels;
  labels: Labels;
}

export interface LinkerdModel {
  pods: MeshPod[];
  podsByNamespace: Map<string, MeshPod[]>;
  namespaces: Map<string, MeshNamespace>;
  /** Namespaces the run holds anything in, or a Namespace object for. */
  knownNamespaces: Set<string>;
  /** Whether a ServiceAccount is known to exist: written, run by a workload, or a known namespace's `default`. */
  hasServiceAccount(namespace: string, name: string): boolean;
  /** Policy resources by kind, then namespace. */
  policies(kind: string): Map<string, AnalysisResource[]>;
  /** The pods of a namespace a selector picks (`matches` the whole selector; its matchLabels narrow the search). */
  podsSelectedBy(namespace: string, selector: unknown, matches: (labels: Labels) => boolean): MeshPod[];
}

const VALID_INJECT = new Set(['', 'enabled', 'disabled', 'ingress']);
export const enablesInjection = (value: string | undefined) => value === 'enabled' || value === 'ingress';
export const isValidInjectValue = (value: string | undefined) => value === undefined || VALID_INJECT.has(value);

const models = new WeakMap<AnalyzerContext, LinkerdModel>();

export function linkerdModel(ctx: AnalyzerContext): LinkerdModel {
  let model = models.get(ctx);
  if (!model) models.set(ctx, (model = build(ctx)));
  return model;
}

function build(ctx: AnalyzerContext): LinkerdModel {
  const namespaces = new Map<string, MeshNamespace>();
  for (const resource of ctx.resources('', 'Namespace')) {
    const metadata = asObject(resource.value.metadata);
    namespaces.set(resource.name, {resource, annotations: stringLabels(metadata?.annotations), labels: stringLabels(metadata?.labels)});
  }
  const knownNamespaces = new Set<string>(namespaces.keys());
  // The last definition of each workload, at its first's place: keyed only for the kinds that run pods.
  const workloads = new Map<string, AnalysisResource>();
  for (const resource of ctx.definitions) {
    knownNamespaces.add(resource.namespace);
    if (podSourceOf(resource.group, resource.kind)) workloads.set(`${resource.group}/${resource.kind}/${resource.namespace}/${resource.name}`, resource);
  }
  /** By namespace: the ServiceAccounts written, and those of the workloads (a pod cannot be created without its account). */
  const serviceAccounts = new Map<string, Set<string>>();
  const addServiceAccount = (namespace: string, name: string) => {
    const names = serviceAccounts.get(namespace);
    if (names) names.add(name);
    else serviceAccounts.set(namespace, new Set([name]));
  };
  for (const account of ctx.resources('', 'ServiceAccount')) addServiceAccount(account.namespace, account.name);
  const pods: MeshPod[] = [];
  const podsByNamespace = new Map<string, MeshPod[]>();
  for (const resource of workloads.values()) {
    const pod = meshPod(ctx, resource, namespaces.get(resource.namespace));
    if (!pod) continue;
    pods.push(pod);
    pushTo(podsByNamespace, resource.namespace, pod);
    addServiceAccount(resource.namespace, pod.serviceAccount);
  }
  const byKind = new Map<string, Map<string, AnalysisResource[]>>();
  // Pods by namespace and one label: a selector looks only at the pods carrying its rarest pair.
  const byLabel = new Map<string, MeshPod[]>();
  for (const pod of pods) {
    for (const key of Object.keys(pod.labels)) pushTo(byLabel, `${pod.resource.namespace}\0${key}=${pod.labels[key]}`, pod);
  }
  return {
    pods, podsByNamespace, namespaces, knownNamespaces,
    // The service account controller creates `default` in every namespace.
    hasServiceAccount: (namespace, name) => (name === 'default' && knownNamespaces.has(namespace)) || serviceAccounts.get(namespace)?.has(name) === true,
    podsSelectedBy(namespace, selector, matches) {
      let pool = podsByNamespace.get(namespace);
      if (!pool) return [];
      const matchLabels = stringLabels(asObject(selector)?.matchLabels);
      for (const key of Object.keys(matchLabels)) {
        const withLabel = byLabel.get(`${namespace}\0${key}=${matchLabels[key]}`) ?? [];
        if (withLabel.length < pool.length) pool = withLabel;
      }
      return pool.filter((pod) => matches(pod.labels));
    },
    policies(kind) {
      let byNamespace = byKind.get(kind);
      if (!byNamespace) {
        byKind.set(kind, (byNamespace = new Map()));
        for (const resource of ctx.resources(POLICY_GROUP, kind)) pushTo(byNamespace, resource.namespace, resource);
      }
      return byNamespace;
    },
  };
}

function meshPod(ctx: AnalyzerContext, resource: AnalysisResource, namespace: MeshNamespace | undefined): MeshPod | undefined {
  const source = podSourceOf(resource.group, resource.kind);
  if (!source) return undefined;
  let template: Record<string, unknown> | undefined = resource.value;
  let templatePath = '';
  if (source !== 'self') {
    for (const key of source.template) {
      template = asObject(template?.[key]);
      templatePath = joinPointer(templatePath, key);
    }
  }
  const metadata = asObject(template?.metadata);
  const spec = asObject(template?.spec) ?? {};
  const annotations = stringLabels(metadata?.annotations);
  const ports: ContainerPort[] = [];
  let hasProxy = false;
  let otherSidecar = false;
  for (const field of ['containers', 'initContainers']) {
    asArray(spec[field]).forEach((container, c) => {
      const object = asObject(container);
      const image = asString(object?.image) ?? '';
      if (object?.name === PROXY_CONTAINER || image.startsWith('cr.l5d.io/linkerd/proxy:')) hasProxy = true;
      else if (isOtherSidecar(field, asString(object?.name), image)) otherSidecar = true;
      asArray(object?.ports).forEach((entry, p) => {
        const port = asObject(entry);
        const number = port?.containerPort;
        const protocol = asString(port?.protocol);
        if (typeof number !== 'number' || !Number.isInteger(number) || number < 1 || number > 65535) return;
        if (protocol !== undefined && protocol.toUpperCase() !== 'TCP') return;
        ports.push({port: number, name: asString(port?.name), path: joinPointer(templatePath, 'spec', field, c, 'ports', p)});
      });
    });
  }
  const serviceAccount = asString(spec.serviceAccountName) || asString(spec.serviceAccount) || 'default';
  const marked = hasProxy ? {injection: 'yes' as const, invalidAnnotation: undefined} : injectionOf(annotations[INJECT_ANNOTATION], namespace, ctx.closedWorld);
  const labels = stringLabels(metadata?.labels);
  // The API server sends the pod to the injector only past its webhook's selectors; then report.go
  // Injectable: a pod the annotations mark is still skipped on the host network or beside another sidecar.
  const skipped = hasProxy || marked.injection !== 'yes' ? undefined
    : (notSentToInjector(resource.namespace, namespace, labels)
      ?? (spec.hostNetwork === true ? 'hostNetwork is enabled' : otherSidecar ? 'pod has a sidecar injected already' : undefined));
  const injection = skipped ? 'no' : marked.injection;
  const injectedPorts = hasProxy || injection === 'no' ? [] : PROXY_PORTS.map(({name, port, annotation}) => {
    const written = Number(annotations[annotation] ?? namespace?.annotations[annotation]);
    return {name, port: Number.isInteger(written) && written > 0 && written <= 65535 ? written : port, path: templatePath};
  });
  return {
    resource, labels, annotations, templatePath, serviceAccount, ports, injectedPorts,
    injection, invalidAnnotation: marked.invalidAnnotation, skipped,
  };
}

/**
 * The proxy injector's webhook selectors (charts/linkerd-control-plane values.yaml proxyInjector
 * `namespaceSelector` and `objectSelector`): the API server does not send it pods of a namespace
 * labelled `config.linkerd.io/admission-webhooks: disabled`, of kube-system or cert-manager, or
 * labelled `linkerd.io/control-plane-component` or `linkerd.io/cni-resource`. Why, or undefined.
 */
function notSentToInjector(name: string, namespace: MeshNamespace | undefined, podLabels: Labels): string | undefined {
  if (namespace?.labels[ADMISSION_WEBHOOKS_LABEL] === 'disabled') {
    return `namespace ${name} is labelled ${ADMISSION_WEBHOOKS_LABEL}: disabled, which the injector's webhook namespaceSelector excludes`;
  }
  if (name === 'kube-system' || name === 'cert-manager') return `the injector's webhook namespaceSelector excludes namespace ${name}`;
  for (const label of ['linkerd.io/control-plane-component', 'linkerd.io/cni-resource']) {
    if (label in podLabels) return `its pods are labelled ${label}, which the injector's webhook objectSelector excludes`;
  }
  return undefined;
}

const ADMISSION_WEBHOOKS_LABEL = 'config.linkerd.io/admission-webhooks';

/** healthcheck.HasExistingSidecars, but for Linkerd's own proxy (a pod that runs it is meshed): Istio's sidecar and init container. */
function isOtherSidecar(field: string, name: string | undefined, image: string): boolean {
  if (name === 'istio-proxy' || image.startsWith('gcr.io/istio-release/proxyv2:')) return true;
  return field === 'initContainers' && (name === 'linkerd-init' || name === 'istio-init' || image.startsWith('cr.l5d.io/linkerd/proxy-init:') || image.startsWith('gcr.io/istio-release/proxy_init:'));
}

/** pkg/inject/report.go disabledByAnnotation's truth table for the webhook, with the namespace unknown in an open world. */
function injectionOf(podValue: string | undefined, namespace: MeshNamespace | undefined, closedWorld: boolean): {injection: Injection; invalidAnnotation?: 'workload' | 'namespace'} {
  const known = namespace !== undefined || closedWorld;
  const nsValue = namespace?.annotations[INJECT_ANNOTATION];
  if (!isValidInjectValue(nsValue)) return {injection: 'no', invalidAnnotation: 'namespace'};
  if (!isValidInjectValue(podValue)) return {injection: 'no', invalidAnnotation: 'workload'};
  if (podValue === 'disabled') return {injection: 'no'};
  if (enablesInjection(podValue) || enablesInjection(nsValue)) return {injection: 'yes'};
  return {injection: known ? 'no' : 'unknown'};
}

/** Namespaces Linkerd's checks leave alone: Kubernetes' own and Linkerd's control plane. */
export function isSystemNamespace(model: LinkerdModel, namespace: string): boolean {
  return SYSTEM_NAMESPACES.has(namespace) || model.namespaces.get(namespace)?.labels['linkerd.io/is-control-plane'] === 'true';
}

/** `Deployment default/web`: how messages name a workload. */
export const workloadName = (pod: MeshPod) => `${pod.resource.kind} ${pod.resource.namespace}/${pod.resource.name}`;

/** Whether a reference object names group/kind, as Linkerd's policy.rs targets_kind reads it (model/service-reference.ts). */
export const targetsKind = (ref: Record<string, unknown>, group: string, kind: string) => linkerdTargetsKind(asString(ref.group), stringOf(ref.kind), {group, kind});

export const stringOf = (value: unknown) => (typeof value === 'string' ? value : '');

/** Whether the run knows every object of a group's kind: a closed world, or the input brings that kind. */
export function knowsKind(ctx: AnalyzerContext, group: string, kind: string): boolean {
  return ctx.closedWorld || (ctx.knows(kind) && ctx.resources(group, kind).length > 0);
}
