/**
 * Meshed pods whose default inbound policy is `deny` on ports no Server selects. The policy
 * controller gives every port no Server selects the default policy: the pod's
 * `config.linkerd.io/default-inbound-policy` annotation (which the proxy injector copies from
 * the namespace when the pod has none: pkg/inject AppendNamespaceAnnotations), else the
 * cluster's (`all-unauthenticated` by default) (workload.rs Settings::from_metadata, index.rs
 * default_inbound_server). `deny` authorizes nobody there, kubelet probes aside, and
 * AuthorizationPolicies apply only to Servers: such a port refuses every client. A port
 * selected by a Server follows the Server's policies instead (linkerd.ServerDeniesAllAnalyzer).
 * A value the policy controller cannot parse is told too: it falls back to the cluster default.
 */
import {podRunningKinds} from '../../../families/catalog';
import {asObject} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';
import {joinPointer} from '../../../pointer';
import type {Analyzer} from '../../analyzer';
import {nameRelated} from '../../related';
import {DEFAULT_POLICY_ANNOTATION, knowsKind, linkerdModel, POLICY_GROUP, workloadName, type MeshPod} from './model';
import {selectedPorts, serverOf, type Server} from './servers';

const ANNOTATION_PATH = joinPointer('/metadata/annotations', DEFAULT_POLICY_ANNOTATION);
/** defaults.rs DefaultPolicy::from_str: the values the annotation may take. */
const DEFAULT_POLICIES: ReadonlySet<string> = new Set(['all-authenticated', 'all-unauthenticated', 'cluster-authenticated', 'cluster-unauthenticated', 'deny', 'audit']);

export const defaultInboundDenyAnalyzer: Analyzer = {
  name: 'linkerd.DefaultInboundDenyAnalyzer',
  inputs: [{group: POLICY_GROUP, kind: 'Server'}, {group: '', kind: 'Namespace'}, {group: '', kind: 'Pod'}, {group: 'apps', kind: 'Deployment'}],
  reports: [{group: '', kind: 'Namespace'}, ...podRunningKinds()],
  analyze(ctx) {
    const model = linkerdModel(ctx);
    for (const {resource, annotations} of model.namespaces.values()) {
      const value = annotations[DEFAULT_POLICY_ANNOTATION];
      if (value !== undefined && !DEFAULT_POLICIES.has(value)) ctx.report(resource, 'LinkerdInvalidDefaultInboundPolicy', [value, `namespace ${resource.name}`], {path: ANNOTATION_PATH});
    }
    const denying: Array<{pod: MeshPod; namespace?: AnalysisResource}> = [];
    for (const pod of model.pods) {
      const own = pod.annotations[DEFAULT_POLICY_ANNOTATION];
      if (own !== undefined && !DEFAULT_POLICIES.has(own)) {
        ctx.report(pod.resource, 'LinkerdInvalidDefaultInboundPolicy', [own, `the pod template of ${workloadName(pod)}`], {path: pod.templatePath + ANNOTATION_PATH});
      }
      if (pod.injection !== 'yes') continue;
      const namespace = model.namespaces.get(pod.resource.namespace);
      if (own !== undefined) {
        if (own === 'deny') denying.push({pod});
      } else if (namespace?.annotations[DEFAULT_POLICY_ANNOTATION] === 'deny') denying.push({pod, namespace: namespace.resource});
    }
    if (denying.length === 0 || !knowsKind(ctx, POLICY_GROUP, 'Server')) return;
    const serversOf = new Map<MeshPod, Server[]>();
    for (const resource of ctx.resources(POLICY_GROUP, 'Server')) {
      const server = serverOf(resource);
      if (!server.selectsPod) continue;
      for (const pod of model.podsSelectedBy(resource.namespace, asObject(resource.value.spec)?.podSelector, server.selectsPod)) {
        const list = serversOf.get(pod);
        if (list) list.push(server);
        else serversOf.set(pod, [server]);
      }
    }
    const reportedNamespaces = new Set<string>();
    for (const {pod, namespace} of denying) {
      const servers = serversOf.get(pod) ?? [];
      const covered = new Set(servers.flatMap((server) => selectedPorts(server, pod)));
      const open = pod.ports.filter((port) => !covered.has(port.port));
      if (pod.ports.length > 0 ? open.length === 0 : servers.length > 0) continue;
      const ports = open.length > 0
        ? `port ${nameRelated([...new Set(open.map((p) => (p.name ? `${p.port} (${p.name})` : `${p.port}`)))], ', ')}`
        : 'any of its ports';
      const source = namespace ? `annotation ${DEFAULT_POLICY_ANNOTATION} on namespace ${namespace.name}` : `annotation ${DEFAULT_POLICY_ANNOTATION} on its pod template`;
      if (!namespace) {
        ctx.report(pod.resource, 'LinkerdDefaultDenyUncovered', [workloadName(pod), source, ports], {path: pod.templatePath + ANNOTATION_PATH});
      } else if (pod.resource.document >= 0) {
        ctx.report(pod.resource, 'LinkerdDefaultDenyUncovered', [workloadName(pod), source, ports], open.length > 0 ? {path: `${open[0]!.path}/containerPort`} : {path: '/metadata/name'});
      } else if (!reportedNamespaces.has(`${namespace.name}/${pod.resource.kind}/${pod.resource.name}`)) {
        // The workload is the cluster's: the namespace's annotation, in the input, is what to look at.
        reportedNamespaces.add(`${namespace.name}/${pod.resource.kind}/${pod.resource.name}`);
        ctx.report(namespace, 'LinkerdDefaultDenyUncovered', [workloadName(pod), source, ports], {path: ANNOTATION_PATH});
      }
    }
  },
};
