/**
 * The mTLS mode a workload's sidecar accepts, from PeerAuthentications: the most specific
 * policy wins (istio.io PeerAuthentication reference and "Mutual TLS Migration"):
 * a workload-selector policy in the workload's namespace, then the namespace-wide policy
 * (no selector), then the mesh-wide policy in the root namespace (istio-system), then the
 * default PERMISSIVE. A mode of UNSET (or none) inherits from the next level; several
 * policies at one level: the oldest applies. `portLevelMtls` is reported per port.
 */
import {asObject, asString} from '../engine/istio/access';
import {labelsInclude, locate, stringLabels, type Located, type World, type WorldResource} from './world';

export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';

export interface MtlsDecision {
  mode: MtlsMode;
  /** The policy that set the mode; undefined: Istio's default. */
  from?: {name: string; namespace: string; level: 'workload' | 'namespace' | 'mesh'; at?: Located};
  ports?: Record<string, MtlsMode>;
}

function modeOf(value: unknown): MtlsMode | undefined {
  const mode = asString(asObject(value)?.mode);
  return mode === 'STRICT' || mode === 'PERMISSIVE' || mode === 'DISABLE' ? mode : undefined;
}

/** Effective mode for a workload's pod labels in a namespace; without labels, the namespace level. */
export function effectiveMtls(world: World, namespace: string, labels?: Record<string, string>): MtlsDecision {
  const policies = world.peerAuthentications;
  const hasSelector = (pa: WorldResource): boolean => Object.keys(stringLabels(asObject(pa.spec.selector)?.matchLabels)).length > 0;
  const levels: Array<{level: 'workload' | 'namespace' | 'mesh'; list: WorldResource[]}> = [
    {level: 'workload', list: labels ? policies.filter((pa) => pa.namespace === namespace && hasSelector(pa) && labelsInclude(labels, stringLabels(asObject(pa.spec.selector)?.matchLabels))) : []},
    {level: 'namespace', list: policies.filter((pa) => pa.namespace === namespace && !hasSelector(pa))},
    {level: 'mesh', list: policies.filter((pa) => pa.namespace === world.rootNamespace && !hasSelector(pa))},
  ];
  let ports: Record<string, MtlsMode> | undefined;
  for (const {level, list} of levels) {
    const policy = list[0];
    if (!policy) continue;
    if (level === 'workload' && !ports) {
      for (const [port, setting] of Object.entries(asObject(policy.spec.portLevelMtls) ?? {})) {
        const mode = modeOf(setting);
        if (mode) (ports ??= {})[port] = mode;
      }
    }
    const mode = modeOf(policy.spec.mtls);
    if (mode) return {mode, from: {name: policy.name, namespace: policy.namespace, level, at: locate(policy, 'spec', 'mtls', 'mode')}, ports};
  }
  return {mode: 'PERMISSIVE', ports};
}
