/**
 * The mTLS mode a sidecar's inbound listener is built for, and the PeerAuthentications
 * `istioctl x describe` lists as applied: the session model's policies read into
 * `../../engine/model/peer-authentication.ts`, which composes them as istiod 1.30.3 does
 * (ComposePeerAuthentication), with the root namespace from meshConfig.rootNamespace and the
 * oldest of a level by creation time, then name (pilot/pkg/model/config.go sortConfigByCreationTime).
 */
import {composePeerAuthentication, peerAuthenticationsFor, readMtlsMode, type MtlsMode, type PeerAuthenticationReading} from '../../engine/model/peer-authentication';
import {byteOrder} from './jsonpath';
import {field, isRecord, ModelGap, stringMap, type ModelObject, type StateModel} from './model';
import {rootNamespaceOf} from './root-namespace';

export type {MtlsMode};

export interface InboundMtls {
  mode: MtlsMode;
  /** The workload policy's port-level modes, by target port. */
  perPort: ReadonlyMap<number, MtlsMode>;
  /**
   * The policies that select the pod as describe.go findMatchedConfigs lists them: the root
   * namespace's, then the pod namespace's, each in the API server's name order.
   */
  applied: readonly ModelObject[];
}

/** A written mode; one the API does not define cannot be in a cluster, so the model is wrong. */
function modeOf(mtls: unknown, policy: ModelObject): MtlsMode | undefined {
  const mode = readMtlsMode(field(mtls, 'mode'));
  if (mode === 'invalid') throw new ModelGap(`PeerAuthentication ${policy.namespace}/${policy.name} has mTLS mode ${String(field(mtls, 'mode'))}, which the API does not define`);
  return mode;
}

/** A PeerAuthentication of the model as the composition reads it (also ./ztunnel-policies.ts's conversion). */
export function reading(policy: ModelObject): PeerAuthenticationReading {
  const portLevel = field(policy.value, 'spec', 'portLevelMtls');
  return {
    namespace: policy.namespace,
    selector: stringMap(field(policy.value, 'spec', 'selector', 'matchLabels')),
    mode: modeOf(field(policy.value, 'spec', 'mtls'), policy),
    portLevel: portLevel === undefined ? undefined : Object.entries(isRecord(portLevel) ? portLevel : {}).map(([port, mtls]) => [Number(port), modeOf(mtls, policy)] as const),
  };
}

/** sortConfigByCreationTime: the older first, a same-second tie by name (one level is one namespace). */
function older(a: ModelObject, b: ModelObject): number {
  const created = (pa: ModelObject): string => {
    const timestamp = field(pa.value, 'metadata', 'creationTimestamp');
    if (typeof timestamp !== 'string') throw new ModelGap(`the model does not say when PeerAuthentication ${pa.namespace}/${pa.name} was created, which decides between the policies of its level`);
    return timestamp;
  };
  return byteOrder(created(a), created(b)) || byteOrder(a.name, b.name);
}

export function inboundMtls(pod: ModelObject, model: StateModel): InboundMtls {
  const rootNamespace = rootNamespaceOf(model);
  const workload = {namespace: pod.namespace, labels: stringMap(field(pod.value, 'metadata', 'labels'))};
  const policies = model.objects.filter((o) => o.group === 'security.istio.io' && o.kind === 'PeerAuthentication');
  const {mode, perPort} = composePeerAuthentication(policies, reading, workload, rootNamespace, older);
  // describePeerAuthentication lists the root namespace, then the workload's (the same list twice for a pod of the root namespace).
  const byName = (a: ModelObject, b: ModelObject): number => byteOrder(a.name, b.name);
  const inNamespace = (namespace: string): ModelObject[] => peerAuthenticationsFor(policies.filter((pa) => pa.namespace === namespace), reading, workload, rootNamespace).sort(byName);
  return {mode, perPort, applied: [...inNamespace(rootNamespace), ...inNamespace(pod.namespace)]};
}

/**
 * PeerAuthnPolicies.GetNamespaceMutualTLSMode: the namespace's policy without a selector, else the
 * mesh's (an UNSET mode inheriting), PERMISSIVE without either, as the outbound clusters' auto mTLS
 * infers a Service's mode (BestEffortInferServiceMTLSMode).
 */
export function namespaceMtlsMode(namespace: string, model: StateModel): MtlsMode {
  const policies = model.objects.filter((o) => o.group === 'security.istio.io' && o.kind === 'PeerAuthentication');
  // A workload without labels: only selector-less policies apply.
  return composePeerAuthentication(policies, reading, {namespace, labels: undefined}, rootNamespaceOf(model), older).mode;
}
