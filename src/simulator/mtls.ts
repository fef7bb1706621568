/**
 * The mTLS mode a workload's sidecar accepts, from PeerAuthentications, composed as istiod does
 * (`../engine/model/peer-authentication.ts`, the reading the terminal's printers share): the
 * workload policy in the workload's namespace, then the namespace-wide policy (no selector), then
 * the mesh-wide policy in the root namespace, then the default PERMISSIVE; UNSET inherits; several
 * policies at one level: the oldest applies (the World keeps creation order). `portLevelMtls` is
 * reported per port.
 */
import {asObject} from '../engine/istio/access';
import {composePeerAuthentication, readMtlsMode, type MtlsMode, type PeerAuthenticationLevel, type PeerAuthenticationReading} from '../engine/model/peer-authentication';
import {locate, stringLabels, type Located, type World, type WorldResource} from './world';
import {rootNamespaceOf} from './egress/mesh-config';

export type {MtlsMode};

export interface MtlsDecision {
  mode: MtlsMode;
  /** The policy that set the mode; undefined: Istio's default. */
  from?: {name: string; namespace: string; level: PeerAuthenticationLevel; at?: Located};
  ports?: Record<string, MtlsMode>;
}

/** A mode the API does not define is reported by the engine's checks; here it sets nothing. */
function modeOf(value: unknown): MtlsMode | undefined {
  const mode = readMtlsMode(asObject(value)?.mode);
  return mode === 'invalid' ? undefined : mode;
}

function reading(pa: WorldResource): PeerAuthenticationReading {
  const portLevel = asObject(pa.spec.portLevelMtls);
  return {
    namespace: pa.namespace,
    selector: stringLabels(asObject(pa.spec.selector)?.matchLabels),
    mode: modeOf(pa.spec.mtls),
    portLevel: portLevel && Object.entries(portLevel).map(([port, setting]) => [Number(port), modeOf(setting)] as const),
  };
}

/** Effective mode for a workload's pod labels in a namespace; without labels, the namespace level. */
export function effectiveMtls(world: World, namespace: string, labels?: Record<string, string>): MtlsDecision {
  // The World lists a kind oldest first, so of two policies of a level the first given is the older.
  const composed = composePeerAuthentication(world.peerAuthentications, reading, {namespace, labels}, rootNamespaceOf(world), () => 0);
  const ports = composed.perPort.size > 0 ? Object.fromEntries([...composed.perPort].map(([port, mode]) => [String(port), mode])) : undefined;
  if (!composed.from) return {mode: composed.mode, ports};
  const {policy, level} = composed.from;
  return {mode: composed.mode, from: {name: policy.name, namespace: policy.namespace, level, at: locate(policy, 'spec', 'mtls', 'mode')}, ports};
}
