/**
 * A workload's pods as Linkerd sees them: whether the proxy injector meshes them, the service
 * account their identity names, their named TCP container ports, and the policy annotations
 * the policy controller reads from each pod (policy-controller/k8s/index/src/inbound/workload.rs
 * Settings::from_metadata). The proxy injector copies the namespace's `config.linkerd.io/*`
 * annotations onto a pod that does not set them (pkg/inject/inject.go AppendNamespaceAnnotations),
 * so a pod's setting is its template's, else its namespace's.
 */
import {podSourceOf} from '../../engine/families/catalog';
import {asArray, asNumber, asObject, asString, type Obj} from '../../engine/istio/access';
import {pushTo} from '../../engine/model/groups';
import {fnv1a, podName} from '../../engine/model/pods';
import {stringLabels} from '../../engine/model/labels';
import {linkerdPortSet} from '../../engine/model/linkerd-ports';
import type {World, WorldResource} from '../world';
import type {ClusterInfo} from './cluster-info';
import {parseDefaultPolicy, type DefaultPolicy} from './defaults';
import {KIND_POD_SUBNET} from '../cluster-networks';
import {parseNet} from './networks';

export const INJECT_ANNOTATION = 'linkerd.io/inject';
export const DEFAULT_POLICY_ANNOTATION = 'config.linkerd.io/default-inbound-policy';
const OPAQUE_PORTS_ANNOTATION = 'config.linkerd.io/opaque-ports';
const REQUIRE_IDENTITY_ANNOTATION = 'config.linkerd.io/proxy-require-identity-inbound-ports';

export interface LinkerdWorkload {
  kind: string;
  name: string;
  namespace: string;
  resource?: WorldResource;
  labels: Record<string, string>;
  meshed: boolean;
  /** Why it is meshed or not, in the injector's words. */
  meshedBecause: string;
  serviceAccount: string;
  /** Container ports by name (protocol TCP), as Server `port: name` selects them (workload.rs pod_tcp_ports_by_name). */
  portsByName: Map<string, number[]>;
  containerPorts: number[];
  defaultPolicy?: {policy: DefaultPolicy; from: 'pod' | 'namespace'};
  opaquePorts: Set<number>;
  requireIdentityPorts: Set<number>;
  /** HTTP probe paths by port (workload.rs pod_http_probes): the kubelet's GET requests, which Linkerd authorizes by default. */
  probePaths: Map<number, Set<string>>;
  /** The first pod's name (addresses and messages name it). */
  pod: string;
}

function annotationsOf(metadata: unknown): Record<string, string> {
  return stringLabels(asObject(metadata)?.annotations);
}

/** The pod template a resource runs (a Pod is its own), from the API families' catalog. */
export function podTemplateOf(resource: WorldResource): Obj | undefined {
  const source = podSourceOf(resource.group, resource.kind);
  if (!source) return undefined;
  if (source === 'self') return resource.value;
  let template: Obj | undefined = resource.value;
  for (const key of source.template) template = asObject(template?.[key]);
  return template;
}

function namespaceAnnotations(world: World, namespace: string): Record<string, string> {
  const ns = world.ofKind('', 'Namespace').find((n) => n.name === namespace);
  return ns ? annotationsOf(ns.metadata) : {};
}

/**
 * pkg/inject/report.go disabledByAnnotation (the webhook's truth table): a namespace with
 * `enabled` or `ingress` meshes every pod that does not say `disabled`; otherwise only pods
 * that say `enabled` or `ingress` are meshed. A pod already carrying a `linkerd-proxy`
 * container (`linkerd inject` output) is meshed whatever its annotations.
 */
function meshing(template: Obj, nsAnnotations: Record<string, string>): {meshed: boolean; because: string} {
  const containers = asArray(asObject(template.spec)?.containers).map(asObject);
  if (containers.some((c) => asString(c?.name) === 'linkerd-proxy')) return {meshed: true, because: 'its pods carry a linkerd-proxy container'};
  const pod = annotationsOf(template.metadata)[INJECT_ANNOTATION] ?? '';
  const ns = nsAnnotations[INJECT_ANNOTATION] ?? '';
  const valid = (v: string) => v === '' || v === 'enabled' || v === 'disabled' || v === 'ingress';
  const enables = (v: string) => v === 'enabled' || v === 'ingress';
  if (!valid(ns)) return {meshed: false, because: `its namespace's ${INJECT_ANNOTATION} is ${JSON.stringify(ns)}, not a value the injector accepts`};
  if (!valid(pod)) return {meshed: false, because: `its ${INJECT_ANNOTATION} is ${JSON.stringify(pod)}, not a value the injector accepts`};
  if (enables(ns)) {
    return pod === 'disabled'
      ? {meshed: false, because: `its pod template says ${INJECT_ANNOTATION}: disabled`}
      : {meshed: true, because: `its namespace says ${INJECT_ANNOTATION}: ${ns}`};
  }
  return enables(pod)
    ? {meshed: true, because: `its pod template says ${INJECT_ANNOTATION}: ${pod}`}
    : {meshed: false, because: `neither its pod template nor its namespace sets ${INJECT_ANNOTATION}: enabled`};
}

/** workload.rs ports_annotation over ports.rs parse_portset: an invalid list is ignored, as none. */
export function parsePortSet(spec: string | undefined): Set<number> {
  return (spec === undefined ? undefined : linkerdPortSet(spec)) ?? new Set();
}

/** workload.rs named_tcp_port: containers and init containers, protocol TCP (the default), with a name. */
function containerPortsOf(template: Obj): {byName: Map<string, number[]>; all: number[]} {
  const spec = asObject(template.spec) ?? {};
  const byName = new Map<string, number[]>();
  const all: number[] = [];
  for (const container of [...asArray(spec.containers), ...asArray(spec.initContainers)].map(asObject)) {
    for (const port of asArray(container?.ports).map(asObject)) {
      const number = asNumber(port?.containerPort);
      const protocol = asString(port?.protocol);
      if (number === undefined || number < 1 || number > 65535 || (protocol !== undefined && protocol.toUpperCase() !== 'TCP')) continue;
      all.push(number);
      const name = asString(port?.name);
      if (name) pushTo(byName, name, number);
    }
  }
  return {byName, all};
}

/**
 * workload.rs container_http_probe_paths: liveness, readiness and startup probes with httpGet,
 * on a port number or a TCP port named in the same container (case-insensitively); the path
 * without its query, `/` when unset.
 */
function probePathsOf(template: Obj): Map<number, Set<string>> {
  const spec = asObject(template.spec) ?? {};
  const probes = new Map<number, Set<string>>();
  for (const container of [...asArray(spec.containers), ...asArray(spec.initContainers)].map((c) => asObject(c) ?? {})) {
    for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      const get = asObject(asObject(container[kind])?.httpGet);
      if (!get) continue;
      let port: number | undefined;
      if (typeof get.port === 'number') port = get.port;
      else if (typeof get.port === 'string') {
        const name = get.port.toLowerCase();
        const named = asArray(container.ports).map(asObject).find((p) => asString(p?.name)?.toLowerCase() === name && (asString(p?.protocol) ?? 'TCP').toUpperCase() === 'TCP');
        port = asNumber(named?.containerPort);
      }
      if (port === undefined || port < 1 || port > 65535) continue;
      const path = (asString(get.path) ?? '/').split('?')[0] || '/';
      const paths = probes.get(port);
      if (paths) paths.add(path);
      else probes.set(port, new Set([path]));
    }
  }
  return probes;
}

export function linkerdWorkload(world: World, resource: WorldResource, cluster: ClusterInfo): LinkerdWorkload | undefined {
  const template = podTemplateOf(resource);
  if (!template) return undefined;
  const nsAnnotations = namespaceAnnotations(world, resource.namespace);
  const podAnnotations = annotationsOf(template.metadata);
  const setting = (key: string): {value: string; from: 'pod' | 'namespace'} | undefined =>
    podAnnotations[key] !== undefined ? {value: podAnnotations[key]!, from: 'pod'} : nsAnnotations[key] !== undefined ? {value: nsAnnotations[key]!, from: 'namespace'} : undefined;
  const {meshed, because} = meshing(template, nsAnnotations);
  const ports = containerPortsOf(template);
  const written = setting(DEFAULT_POLICY_ANNOTATION);
  const policy = parseDefaultPolicy(written?.value);
  // pkg/inject/inject.go CreateOpaquePortsPatch: the annotation as written, else the default list filtered to the pod's container ports.
  const opaque = setting(OPAQUE_PORTS_ANNOTATION);
  const opaquePorts = opaque ? parsePortSet(opaque.value) : new Set(ports.all.filter((p) => cluster.defaultOpaquePorts.has(p)));
  const spec = asObject(template.spec) ?? {};
  return {
    kind: resource.kind,
    name: resource.name,
    namespace: resource.namespace,
    resource,
    labels: stringLabels(asObject(template.metadata)?.labels),
    meshed,
    meshedBecause: because,
    serviceAccount: asString(spec.serviceAccountName) || asString(spec.serviceAccount) || 'default',
    portsByName: ports.byName,
    containerPorts: ports.all,
    defaultPolicy: policy && written ? {policy, from: written.from} : undefined,
    opaquePorts,
    requireIdentityPorts: parsePortSet(setting(REQUIRE_IDENTITY_ANNOTATION)?.value),
    probePaths: probePathsOf(template),
    pod: resource.kind === 'Pod' ? resource.name : podName(resource.kind, resource.name, resource.namespace, 0),
  };
}

/** The workload resource named `namespace/name` that runs pods. */
export function findWorkload(world: World, namespace: string, name: string): WorldResource | undefined {
  return world.resources.find((r) => r.name === name && r.namespace === namespace && podSourceOf(r.group, r.kind) !== undefined);
}

/** Whether a namespace's new pods are meshed (a client without a workload, placed in it). */
export function namespaceMeshed(world: World, namespace: string): boolean {
  return meshing({}, namespaceAnnotations(world, namespace)).meshed;
}

/** The first two octets of kind's pod network (cluster-networks.ts), a /16. */
const POD_NETWORK = parseNet(KIND_POD_SUBNET)!.bytes.slice(0, 2);

/**
 * A pod's address when the reader gives none: stable, in kind's pod network 10.244.0.0/16 (inside
 * Linkerd's default cluster networks), derived from the pod's name.
 */
export function podAddress(namespace: string, pod: string): string {
  const hash = fnv1a(`${namespace}/${pod}`);
  return `${POD_NETWORK[0]}.${POD_NETWORK[1]}.${(hash >>> 8) & 0xff}.${Math.max(2, hash & 0xff)}`;
}
