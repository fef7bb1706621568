/**
 * The mTLS mode a sidecar's inbound listener is built for, as istiod 1.30.3 composes the
 * PeerAuthentications that apply to the workload (pilot/pkg/security/authn/policy_applier.go
 * ComposePeerAuthentication): the mesh level (root namespace, no selector), the namespace level
 * (the pod's namespace, no selector) and the workload level (the pod's namespace, a selector its
 * labels match), each the oldest policy of its level; the most specific level whose mode is set
 * wins (UNSET inherits), PERMISSIVE without any; a workload policy's portLevelMtls gives target ports
 * their own mode (UNSET: the workload's).
 */
import {field, isRecord, ModelGap, stringMap, type ModelObject, type StateModel} from './model';

export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';

export interface InboundMtls {
  mode: MtlsMode;
  /** The workload policy's port-level modes, by target port. */
  perPort: ReadonlyMap<number, MtlsMode>;
}

/** meshConfig.rootNamespace's default: the istio namespace. */
const DEFAULT_ROOT_NAMESPACE = 'istio-system';

/** model.ConvertToMutualTLSMode, undefined for UNSET (or no mtls at all). */
function modeOf(mtls: unknown, policy: ModelObject): MtlsMode | undefined {
  const mode = field(mtls, 'mode');
  if (mode === undefined || mode === 'UNSET') return undefined;
  if (mode === 'STRICT' || mode === 'PERMISSIVE' || mode === 'DISABLE') return mode;
  throw new ModelGap(`PeerAuthentication ${policy.namespace}/${policy.name} has mTLS mode ${String(mode)}, which the API does not define`);
}

/** The oldest policy of a level (cfg.CreationTimestamp.Before); two of the same second would be decided by list order, which the model does not keep. */
function oldest(level: ModelObject[]): ModelObject | undefined {
  if (level.length <= 1) return level[0];
  const created = (pa: ModelObject): string => {
    const timestamp = field(pa.value, 'metadata', 'creationTimestamp');
    if (typeof timestamp !== 'string') throw new ModelGap(`the model does not say when PeerAuthentication ${pa.namespace}/${pa.name} was created, which decides between the policies of its level`);
    return timestamp;
  };
  const sorted = [...level].sort((a, b) => (created(a) < created(b) ? -1 : created(a) > created(b) ? 1 : 0));
  if (created(sorted[0]!) === created(sorted[1]!)) throw new ModelGap(`PeerAuthentications ${sorted[0]!.namespace}/${sorted[0]!.name} and ${sorted[1]!.name} were created in the same second: which one istiod takes is not modelled here`);
  return sorted[0];
}

export function inboundMtls(pod: ModelObject, model: StateModel): InboundMtls {
  const rootNamespace = String(field(model.meshConfig, 'rootNamespace') ?? DEFAULT_ROOT_NAMESPACE);
  const labels = stringMap(field(pod.value, 'metadata', 'labels'));
  const policies = model.objects.filter((o) => o.group === 'security.istio.io' && o.kind === 'PeerAuthentication');
  const selector = (pa: ModelObject): Record<string, string> => stringMap(field(pa.value, 'spec', 'selector', 'matchLabels'));
  const selecting = (pa: ModelObject): boolean => Object.keys(selector(pa)).length > 0;
  const mesh = oldest(policies.filter((pa) => pa.namespace === rootNamespace && !selecting(pa)));
  const namespace = pod.namespace === rootNamespace ? undefined : oldest(policies.filter((pa) => pa.namespace === pod.namespace && !selecting(pa)));
  const workload = pod.namespace === rootNamespace ? undefined : oldest(policies.filter((pa) => pa.namespace === pod.namespace && selecting(pa)
    && Object.entries(selector(pa)).every(([key, value]) => labels[key] === value)));
  let mode: MtlsMode = 'PERMISSIVE';
  for (const level of [mesh, namespace, workload]) {
    const set = level && modeOf(field(level.value, 'spec', 'mtls'), level);
    if (set) mode = set;
  }
  const perPort = new Map<number, MtlsMode>();
  const portLevel = field(workload?.value, 'spec', 'portLevelMtls');
  if (workload && portLevel !== undefined) {
    for (const [port, mtls] of Object.entries(isRecord(portLevel) ? portLevel : {})) perPort.set(Number(port), modeOf(mtls, workload) ?? mode);
  }
  return {mode, perPort};
}

