/** serviceentry/protocoladdresses.go (ProtocolAddressesAnalyzer): IST0134. */
import {asArray, asObject, isNonEmptyArray, stringOr} from '../../../istio/access';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer} from '../../analyzer';
import {KINDS} from '../kinds';

/**
 * IST0134: without addresses (and no address allocated in its status, which a manifest
 * about to be applied never has), each TCP or protocol-less port is reported.
 */
export const protocolAddressesAnalyzer: Analyzer = {
  name: 'serviceentry.Analyzer',
  inputs: [KINDS.ServiceEntry, KINDS.MeshConfig],
  analyze(ctx) {
    for (const se of ctx.resources('networking.istio.io', 'ServiceEntry')) {
      const spec = asObject(se.value.spec) ?? {};
      if (isNonEmptyArray(spec.addresses)) continue; // an empty list decodes to a nil slice
      asArray(spec.ports).forEach((value, i) => {
        const protocol = stringOr(asObject(value)?.protocol);
        if (protocol !== '' && protocol.toUpperCase() !== 'TCP') return;
        ctx.report(se, 'ServiceEntryAddressesRequired', [], {path: at('/spec/ports', i), lineAt: at('/spec/ports', i, 'name')});
      });
    }
  },
};
