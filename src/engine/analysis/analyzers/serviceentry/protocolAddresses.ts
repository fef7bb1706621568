/** serviceentry/protocoladdresses.go (ProtocolAddressesAnalyzer): IST0134. */
import {asArray, asObject, isNonEmptyArray, stringOr} from '../../../istio/access';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {KINDS} from '../kinds';

/**
 * A ServiceEntry without addresses, none allocated in its status, and no DNS auto-allocation in
 * the mesh: each TCP or protocol-less port is reported.
 */
export const protocolAddressesAnalyzer: Analyzer = {
  name: 'serviceentry.Analyzer',
  inputs: [KINDS.ServiceEntry, KINDS.MeshConfig],
  analyze(ctx) {
    if (autoAllocated(ctx)) return;
    for (const se of ctx.resources('networking.istio.io', 'ServiceEntry')) {
      const spec = asObject(se.value.spec) ?? {};
      if (isNonEmptyArray(spec.addresses)) continue; // an empty list decodes to a nil slice
      // Addresses istiod allocated (status.addresses), which a file written back from a cluster has.
      if (isNonEmptyArray(asObject(se.value.status)?.addresses)) continue;
      asArray(spec.ports).forEach((value, i) => {
        const protocol = stringOr(asObject(value)?.protocol);
        if (protocol !== '' && protocol.toUpperCase() !== 'TCP') return;
        ctx.report(se, 'ServiceEntryAddressesRequired', [], {path: at('/spec/ports', i), lineAt: at('/spec/ports', i, 'name')});
      });
    }
  },
};

/**
 * The mesh config's defaultConfig.proxyMetadata: with ISTIO_META_DNS_CAPTURE "true", and
 * ISTIO_META_DNS_AUTO_ALLOCATE or PILOT_ENABLE_IP_AUTOALLOCATE "true", addresses are allocated.
 */
function autoAllocated(ctx: AnalyzerContext): boolean {
  const metadata = asObject(asObject(ctx.meshConfig.defaultConfig)?.proxyMetadata) ?? {};
  if (metadata.ISTIO_META_DNS_CAPTURE !== 'true') return false;
  return metadata.ISTIO_META_DNS_AUTO_ALLOCATE === 'true' || metadata.PILOT_ENABLE_IP_AUTOALLOCATE === 'true';
}
