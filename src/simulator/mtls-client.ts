/**
 * What a client's proxy originates towards a destination cluster: the DestinationRule's
 * `tls` mode, or Istio's auto mTLS when no rule sets one.
 *
 * - The rule: the one the client uses for the host (destinations.ts lookup). A subset's
 *   trafficPolicy overrides the rule's, and in each a `portLevelSettings[]` entry for the
 *   destination port overrides `tls` (istio 1.30.3 pilot/pkg/xds/endpoints/mtls_checker.go
 *   trafficPolicyTLSModeForPort; cluster_builder.go merges the subset's policy over the rule's).
 * - Auto mTLS (meshConfig `enableAutoMtls`, true by default: pkg/config/mesh/mesh.go
 *   DefaultMeshConfig): cluster_tls.go buildUpstreamTLSSettings sends no TLS when the
 *   service's namespace or mesh PeerAuthentication is DISABLE (BestEffortInferServiceMTLSMode
 *   reads only those two levels); otherwise istio mTLS, per endpoint: only endpoints with a
 *   sidecar (`tlsMode: istio`) whose own PeerAuthentication (workload and port level) is not
 *   DISABLE get it (mtls_checker.go checkMtlsEnabled), the rest plain text.
 */
import {asArray, asNumber, asObject, asString, type Obj} from '../engine/istio/access';
import {effectiveMtls} from './mtls';
import type {WorldResource} from './world';
import type {World} from './world';

export type ClientTlsMode = 'DISABLE' | 'SIMPLE' | 'MUTUAL' | 'ISTIO_MUTUAL';

export interface ClientTlsSetting {
  /** The DestinationRule's mode, or `auto` (auto mTLS decides per endpoint). */
  mode: ClientTlsMode | 'auto';
  /** Where the mode was written, e.g. `DestinationRule bookinfo/reviews trafficPolicy.portLevelSettings[port 9080].tls`. */
  from: string;
  /** For `auto`: the service's namespace or mesh policy is DISABLE, so no endpoint gets TLS. */
  serviceDisabled?: string;
}

function tlsOf(policy: Obj | undefined, port: number): {mode: ClientTlsMode; where: string} | undefined {
  if (!policy) return undefined;
  const levels = asArray(policy.portLevelSettings).map(asObject);
  const index = levels.findIndex((l) => asNumber(asObject(l?.port)?.number) === port && asObject(l?.tls) !== undefined);
  const chosen = index >= 0 ? asObject(levels[index]!.tls) : asObject(policy.tls);
  const mode = asString(chosen?.mode) ?? (chosen ? 'DISABLE' : undefined);
  if (mode !== 'DISABLE' && mode !== 'SIMPLE' && mode !== 'MUTUAL' && mode !== 'ISTIO_MUTUAL') return undefined;
  return {mode, where: index >= 0 ? `portLevelSettings[${index}].tls` : 'tls'};
}

/** PassthroughCluster, an original-destination cluster, has no TLS settings: no auto mTLS, no HBONE (ambient/sidecar-pod-address.ts). */
export const PASSTHROUGH_TLS: ClientTlsSetting = {mode: 'DISABLE', from: 'PassthroughCluster (an original-destination cluster has no TLS)'};

export function clientTlsFor(world: World, rules: readonly WorldResource[], subset: string | undefined, port: number, serviceNamespace: string | undefined): ClientTlsSetting {
  for (const rule of rules) {
    const subsetPolicy = subset === undefined ? undefined
      : asObject(asObject(asArray(rule.spec.subsets).map(asObject).find((s) => asString(s?.name) === subset))?.trafficPolicy);
    const fromSubset = tlsOf(subsetPolicy, port);
    if (fromSubset) return {mode: fromSubset.mode, from: `DestinationRule ${rule.namespace}/${rule.name} subset ${subset} trafficPolicy.${fromSubset.where}`};
    const fromRule = tlsOf(asObject(rule.spec.trafficPolicy), port);
    if (fromRule) return {mode: fromRule.mode, from: `DestinationRule ${rule.namespace}/${rule.name} trafficPolicy.${fromRule.where}`};
  }
  const auto: ClientTlsSetting = {mode: 'auto', from: rules.length ? `auto mTLS (DestinationRule ${rules[0]!.namespace}/${rules[0]!.name} sets no tls)` : 'auto mTLS (no DestinationRule sets tls)'};
  if (serviceNamespace !== undefined) {
    const service = effectiveMtls(world, serviceNamespace);
    if (service.mode === 'DISABLE' && service.from) auto.serviceDisabled = `PeerAuthentication ${service.from.namespace}/${service.from.name} (${service.from.level} level) is DISABLE`;
  }
  return auto;
}
