/**
 * The certificates istiod's CA issued in a session, as the recording found them: one source for
 * every printer that lists them (`istioctl ztunnel-config certificates` in ./ztunnel-certificates.ts,
 * `istioctl proxy-config secret` in ./istioctl-secret.ts). Serial numbers are random (istio 1.30.3
 * security/pkg/pki/util/generate_cert.go genSerialNum) and validity depends on when the agent
 * asked, so both are facts of the recording (scenario.yaml), never derived.
 */
import {ModelGap, type StateModel} from './model';

/** A certificate's serial number (hexadecimal, as openssl prints it) and validity (RFC 3339, UTC, whole seconds). */
export interface RecordedCertificate {
  serial: string;
  notBefore: string;
  notAfter: string;
}

/** scenario.yaml's `cluster.certificates`: the mesh's root and the workload certificate each Envoy proxy (sidecar or gateway) holds. */
export interface ProxyCertificateFacts {
  root: RecordedCertificate;
  proxies: ReadonlyArray<RecordedCertificate & {pod: string; namespace: string}>;
}

/** The serial as a big.Int, or a gap for text that is not hexadecimal. */
function serialNumber(serial: string): bigint {
  if (!/^[0-9a-fA-F]+(:[0-9a-fA-F]+)*$/.test(serial)) throw new ModelGap(`certificate serial ${serial} is not hexadecimal`);
  return BigInt(`0x${serial.replace(/:/g, '')}`);
}

/** `%x` of the serial (ztunnel's certificates.go): lower case, no leading zeros. */
export const serialHex = (serial: string): string => serialNumber(serial).toString(16);

/** `%032x` of the serial (sds/util.go secretMetaFromCert): lower case, zero-padded to 32 digits. */
export const serialHex32 = (serial: string): string => serialHex(serial).padStart(32, '0');

/** certNotExpired and secretMetaFromCert's Valid: the clock strictly between the validity's bounds. */
export function certificateValid(certificate: RecordedCertificate, now: number): boolean {
  return now > Date.parse(certificate.notBefore) && now < Date.parse(certificate.notAfter);
}

/** DEFAULT_WORKLOAD_CERT_TTL (24h) plus ClockSkewGracePeriod (2m): genCertTemplateFromOptions backdates NotBefore by the grace period. */
export const WORKLOAD_CERTIFICATE_SPAN_MS = (24 * 60 + 2) * 60_000;

/** The mesh's root certificate: the one istiod's CA signs every workload certificate with (sidecars', gateways', ztunnels'). */
export function meshRootCertificate(model: StateModel): RecordedCertificate | undefined {
  return model.certificates?.root ?? model.ztunnel?.root;
}
