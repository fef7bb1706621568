/** destinationrule/ca-certificates.go (CaCertificateAnalyzer): IST0128, IST0129. */
import {asArray, asObject, isSet, stringOr} from '../../../istio/access';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer} from '../../analyzer';
import {KINDS} from '../kinds';

/**
 * SIMPLE or MUTUAL TLS to the upstream without caCertificates does not verify the server's certificate,
 * unless the rule selects workloads and names a credentialName (whose Secret may hold the CA).
 */
export const caCertificateAnalyzer: Analyzer = {
  name: 'destinationrule.CaCertificateAnalyzer',
  inputs: [KINDS.DestinationRule],
  analyze(ctx) {
    for (const dr of ctx.resources('networking.istio.io', 'DestinationRule')) {
      const spec = asObject(dr.value.spec) ?? {};
      const policy = asObject(spec.trafficPolicy);
      const host = stringOr(spec.host);
      const name = `${dr.namespace}/${dr.name}`;
      // A DestinationRule for some workloads (workloadSelector) may verify with its credentialName's CA.
      const selected = isSet(spec.workloadSelector);
      const mode = unverified(asObject(policy?.tls), selected);
      if (mode) {
        ctx.report(dr, 'NoServerCertificateVerificationDestinationLevel', [name, dr.namespace, mode, host], {path: '/spec/trafficPolicy/tls/mode', lineAt: '/spec/trafficPolicy/tls/caCertificates'});
      }
      asArray(policy?.portLevelSettings).forEach((value, i) => {
        const settings = asObject(value);
        const portMode = unverified(asObject(settings?.tls), selected);
        if (!portMode) return;
        const number = asObject(settings?.port)?.number;
        // %s of the PortSelector message: its text form, `number:N`.
        ctx.report(dr, 'NoServerCertificateVerificationPortLevel', [name, dr.namespace, portMode, host, typeof number === 'number' ? `number:${number}` : ''],
          {path: at('/spec/trafficPolicy/portLevelSettings', i, 'tls', 'mode'), lineAt: at('/spec/trafficPolicy/portLevelSettings', i, 'tls', 'caCertificates')});
      });
    }
  },
};

function unverified(tls: Record<string, unknown> | undefined, selected: boolean): string | undefined {
  const mode = stringOr(tls?.mode);
  if (mode !== 'SIMPLE' && mode !== 'MUTUAL') return undefined;
  if (stringOr(tls?.caCertificates) !== '' || (selected && stringOr(tls?.credentialName) !== '')) return undefined;
  return mode;
}
