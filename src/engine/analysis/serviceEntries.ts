/** ServiceEntry analysis (istioctl analyzers serviceentry/protocoladdresses.go). */
import {CODES} from '../codes';
import {joinPointer as at} from '../pointer';
import {asArray, asObject, isNonEmptyArray, stringOr} from '../istio/access';
import type {AnalysisContext} from './context';
import type {AnalysisResource} from '../model/resource';

/**
 * IST0134: without addresses (and no address allocated in its status, which a manifest
 * about to be applied never has), each TCP or protocol-less port is reported.
 */
export function analyzeServiceEntryAddresses(ctx: AnalysisContext, se: AnalysisResource): void {
  const spec = asObject(se.value.spec) ?? {};
  if (isNonEmptyArray(spec.addresses)) return; // an empty list decodes to a nil slice
  asArray(spec.ports).forEach((value, i) => {
    const protocol = stringOr(asObject(value)?.protocol);
    if (protocol !== '' && protocol.toUpperCase() !== 'TCP') return;
    ctx.report(se, {path: at('/spec/ports', i), at: 'value', severity: 'warning', code: CODES.serviceEntryAddressesRequired,
      message: 'ServiceEntry addresses are required for this protocol.'});
  });
}
