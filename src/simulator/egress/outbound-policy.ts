/**
 * The outbound traffic policy a client's proxy applies to hosts outside its registry.
 *
 * - A sidecar takes its Sidecar scope: in its namespace, the oldest Sidecar whose
 *   workloadSelector its labels satisfy, else the namespace's Sidecar without selector, else the
 *   root namespace's Sidecar without selector (push_context.go initSidecarScopes: selectors
 *   first, each group by creation time; doGetSidecarScope). The scope's `outboundTrafficPolicy`
 *   wins; without one, the mesh config's (sidecar.go initSidecarScopeInternalIndexes).
 * - A gateway always gets the default scope (doGetSidecarScope, Router): the mesh config decides.
 */
import {asObject} from '../../engine/istio/access';
import type {ResourceRef} from '../decision';
import {resourceRef} from '../outcome';
import type {SimSource} from '../source';
import {labelsInclude, locate, stringLabels, type Located, type World, type WorldResource} from '../world';
import {labMeshConfig, rootNamespaceOf} from './mesh-config';

export type OutboundMode = 'ALLOW_ANY' | 'REGISTRY_ONLY';

export interface OutboundPolicy {
  mode: OutboundMode;
  /** Where the mode comes from, in words. */
  from: string;
  /** The Sidecar or ConfigMap that set it (none: Istio's default). */
  setBy?: ResourceRef;
  at?: Located;
  /** The Sidecar scope the client has, even when the mode comes from the mesh config. */
  sidecar?: WorldResource;
}

export function sidecarScopeOf(world: World, namespace: string, labels: Record<string, string>): WorldResource | undefined {
  const sidecars = world.ofKind('networking.istio.io', 'Sidecar');
  const selects = (s: WorldResource): boolean => asObject(s.spec.workloadSelector) !== undefined;
  const own = sidecars.filter((s) => s.namespace === namespace);
  return own.find((s) => selects(s) && labelsInclude(labels, stringLabels(asObject(s.spec.workloadSelector)?.labels)))
    ?? own.find((s) => !selects(s))
    ?? sidecars.find((s) => s.namespace === rootNamespaceOf(world) && !selects(s));
}

export function outboundPolicyOf(world: World, source: SimSource): OutboundPolicy {
  const sidecar = source.kind === 'sidecar' ? sidecarScopeOf(world, source.namespace, source.labels) : undefined;
  const written = sidecar && asObject(sidecar.spec.outboundTrafficPolicy);
  if (sidecar && written) {
    const mode = modeOf(written);
    return {mode, from: `Sidecar ${sidecar.namespace}/${sidecar.name}`, setBy: resourceRef(sidecar), at: locate(sidecar, 'spec', 'outboundTrafficPolicy'), sidecar};
  }
  const mesh = labMeshConfig(world);
  const policy = asObject(mesh.config.outboundTrafficPolicy);
  const mode = policy ? modeOf(policy) : 'ALLOW_ANY';
  const why = source.kind === 'gateway' ? 'a gateway reads no Sidecar: ' : sidecar ? `Sidecar ${sidecar.namespace}/${sidecar.name} sets no outboundTrafficPolicy: ` : '';
  // protojson takes the proto name too (outbound_traffic_policy), as applyMeshConfig does.
  const meshWrites = mesh.written && (mesh.written.outboundTrafficPolicy ?? mesh.written.outbound_traffic_policy) !== undefined;
  const meshSays = mesh.from && meshWrites
    ? `meshConfig outboundTrafficPolicy in ConfigMap ${mesh.from.namespace}/${mesh.from.name}`
    : `the mesh default${mesh.problem ? ` (${mesh.problem})` : ''}`;
  return {mode, from: `${why}${meshSays}`, setBy: meshWrites ? mesh.from : undefined, sidecar};
}

/** The Mode enum of both protos is REGISTRY_ONLY = 0, ALLOW_ANY = 1: a policy written without a mode is REGISTRY_ONLY. */
function modeOf(policy: Record<string, unknown>): OutboundMode {
  return policy.mode === 'ALLOW_ANY' || policy.mode === 1 ? 'ALLOW_ANY' : 'REGISTRY_ONLY';
}
