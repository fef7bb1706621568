/** destinationrule/ca-certificates.go (CaCertificateAnalyzer): IST0128, IST0129. */
import {asArray, asObject, stringOr} from '../../../istio/access';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer} from '../../analyzer';
import {KINDS} from '../kinds';

/** SIMPLE or MUTUAL TLS to the upstream without caCertificates does not verify the server's certificate. */
export const caCertificateAnalyzer: Analyzer = {
  name: 'destinationrule.CaCertificateAnalyzer',
  inputs: [KINDS.DestinationRule],
  analyze(ctx) {
    for (const dr of ctx.resources('networking.istio.io', 'DestinationRule')) {
      const spec = asObject(dr.value.spec) ?? {};
      const policy = asObject(spec.trafficPolicy);
      const host = stringOr(spec.host);
      const name = `${dr.namespace}/${dr.name}`;
      const mode = unverified(asObject(policy?.tls));
      if (mode) {
        ctx.report(dr, 'NoServerCertificateVerificationDestinationLevel', [name, dr.namespace, mode, host], {path: '/spec/trafficPolicy/tls/mode', lineAt: '/spec/trafficPolicy/tls/caCertificates'});
      }
      asArray(policy?.portLevelSettings).forEach((value, i) => {
        const settings = asObject(value);
        const portMode = unverified(asObject(settings?.tls));
        if (!portMode) return;
        const number = asObject(settings?.port)?.number;
        // %s of the PortSelector message: its text form, `number:N`.
        ctx.report(dr, 'NoServerCertificateVerificationPortLevel', [name, dr.namespace, portMode, host, typeof number === 'number' ? `number:${number}` : ''],
          {path: at('/spec/trafficPolicy/portLevelSettings', i, 'tls', 'mode'), lineAt: at('/spec/trafficPolicy/portLevelSettings', i, 'tls', 'caCertificates')});
      });
    }
  },
};

function unverified(tls: Record<string, unknown> | undefined): string | undefined {
  const mode = stringOr(tls?.mode);
  return (mode === 'SIMPLE' || mode === 'MUTUAL') && stringOr(tls?.caCertificates) === '' ? mode : undefined;
}
