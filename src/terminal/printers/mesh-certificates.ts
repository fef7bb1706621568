/**
 * The certificates istiod's CA issued in a session: one source for every printer that lists them
 * (`istioctl ztunnel-config certificates` in ./ztunnel-certificates.ts, `istioctl proxy-config secret`
 * in ./istioctl-secret.ts). Validity depends on when the agent asked, so it is a fact of the
 * recording (scenario.yaml). Serial numbers are random (istio 1.30.3 security/pkg/pki/util/generate_cert.go
 * genSerialNum: uniform below 2^128): scenario.yaml keeps one a recording printed, else the model
 * derives a stand-in from the certificate (withSerials), the same in every command of the session.
 */
import {sha256} from '@noble/hashes/sha2';
import {bytesToHex, utf8ToBytes} from '@noble/hashes/utils';
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

/** A certificate as scenario.yaml writes it: the serial only when the recording kept it. */
export type WrittenCertificate = Omit<RecordedCertificate, 'serial'> & {serial?: string};

/** scenario.yaml's `cluster.certificates`, serials optional. */
export interface WrittenProxyCertificateFacts {
  root: WrittenCertificate;
  proxies: ReadonlyArray<WrittenCertificate & {pod: string; namespace: string}>;
}

/**
 * A stand-in for genSerialNum's random serial: the first 128 bits of the SHA-256 of what names the
 * certificate in the model (`root`, a proxy's `NAMESPACE/POD`, a ztunnel's `NODE IDENTITY`) and its validity,
 * so it lies where genSerialNum's do (below 2^128, leading zero digits as likely) and no two certificates share one.
 */
export function derivedSerial(subject: string, certificate: WrittenCertificate): string {
  return bytesToHex(sha256(utf8ToBytes(`${subject}\n${certificate.notBefore}\n${certificate.notAfter}`)).slice(0, 16));
}

/** The certificate with its written serial, else derivedSerial's. */
export function withSerial<T extends WrittenCertificate>(certificate: T, subject: string): T & {serial: string} {
  return {...certificate, serial: certificate.serial ?? derivedSerial(subject, certificate)};
}

/** `cluster.certificates` with every serial: the root's subject `root`, a proxy's `NAMESPACE/POD`. */
export function withSerials(facts: WrittenProxyCertificateFacts): ProxyCertificateFacts {
  return {root: withSerial(facts.root, 'root'), proxies: facts.proxies.map((proxy) => withSerial(proxy, `${proxy.namespace}/${proxy.pod}`))};
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
