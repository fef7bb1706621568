/**
 * What gateway/secret.go's isValidSecret asks of a Secret, written without Node's crypto so that the
 * engine runs in the browser too: istiod's ExtractCertInfo (pilot/pkg/credentials/kube/secrets.go)
 * picks the certificate, and ValidateCertificate (pilot/pkg/xds/sds.go) decodes its first PEM block
 * (Go's encoding/pem), reads it as DER certificates (crypto/x509.ParseCertificates, in x509.ts)
 * and requires each to be valid now.
 */
import {asObject} from '../../../istio/access';
import {parseCertificates} from './x509';
import {decodeGoBase64, STD_ALPHABET} from '../../../go/base64';

/** Why a Secret's certificate is unusable (the Go error's text), or undefined when it is usable. */
export function secretCertificateProblem(secret: Record<string, unknown>, now: Date): string | undefined {
  const data = secretData(secret);
  if (typeof data === 'string') return data;
  const cert = extractCert(data);
  if (typeof cert === 'string') return cert;
  return certificateProblem(cert, now);
}

type SecretData = Map<string, Uint8Array>;

/** The Secret's `data` decoded (Go's []byte fields are base64 in YAML); `stringData` is the API server's to merge, not istioctl's. */
function secretData(secret: Record<string, unknown>): SecretData | string {
  const data = new Map<string, Uint8Array>();
  for (const [key, value] of Object.entries(asObject(secret.data) ?? {})) {
    if (value === null || value === undefined) continue;
    const bytes = typeof value === 'string' ? decodeBase64(value) : undefined;
    if (!bytes) return `illegal base64 data in data.${key}`;
    data.set(key, bytes);
  }
  return data;
}

/**
 * ExtractCertInfo's error for a Secret as the cluster stores it (the API server merges
 * `stringData` into `data`), or undefined when it holds a certificate and a key.
 */
export function storedSecretKeysProblem(secret: Record<string, unknown>): string | undefined {
  const info = storedCertInfo(secret);
  return typeof info === 'string' ? info : undefined;
}

/** ExtractCertInfo over a Secret as the cluster stores it: its certificate and key, or the error's text. */
export function storedCertInfo(secret: Record<string, unknown>): {cert: Uint8Array; key: Uint8Array} | string {
  const data = storedSecretData(secret);
  return typeof data === 'string' ? data : extractCertInfo(data);
}

/** A Secret's data as the cluster stores it (the API server merges `stringData` into `data`), or why it cannot be decoded. */
export function storedSecretData(secret: Record<string, unknown>): Map<string, Uint8Array> | string {
  const data = secretData(secret);
  if (typeof data === 'string') return data;
  for (const [key, value] of Object.entries(asObject(secret.stringData) ?? {})) {
    if (typeof value === 'string') data.set(key, new TextEncoder().encode(value));
  }
  return data;
}

/** ExtractCertInfo's certificate. */
function extractCert(data: SecretData): Uint8Array | string {
  const info = extractCertInfo(data);
  return typeof info === 'string' ? info : info.cert;
}

/** ExtractCertInfo: `cert` and `key` (generic Secret), else `tls.crt` and `tls.key`, both non-empty. */
function extractCertInfo(data: SecretData): {cert: Uint8Array; key: Uint8Array} | string {
  const hasValue = (...keys: string[]) => keys.every((key) => (data.get(key)?.length ?? 0) > 0);
  const hasKeys = (...keys: string[]) => keys.every((key) => data.has(key));
  if (hasValue('cert', 'key')) return {cert: data.get('cert')!, key: data.get('key')!};
  if (hasValue('tls.crt', 'tls.key')) return {cert: data.get('tls.crt')!, key: data.get('tls.key')!};
  if (hasKeys('cert', 'key')) return 'found keys "cert" and "key", but they were empty';
  if (hasKeys('tls.crt', 'tls.key')) return 'found keys "tls.crt" and "tls.key", but they were empty';
  return `found secret, but didn't have expected keys (cert and key) or (tls.crt and tls.key); found: ${truncatedKeysMessage(data)}`;
}

/** secrets.go truncatedKeysMessage: the keys sorted, the first three named. */
export function truncatedKeysMessage(data: ReadonlyMap<string, unknown>): string {
  const keys = [...data.keys()].sort();
  return keys.length < 3 ? keys.join(', ') : `${keys.slice(0, 3).join(', ')}, and ${keys.length - 3} more...`;
}

/** ValidateCertificate: the first PEM block, parsed as certificates, each within its validity period. */
export function certificateProblem(pemData: Uint8Array, now: Date): string | undefined {
  const block = decodePem(pemData);
  if (!block) return 'pem decode failed';
  const validities = parseCertificates(block);
  if (typeof validities === 'string') return validities;
  for (const {notBefore, notAfter} of validities) {
    if (now.getTime() > notAfter.getTime() || now.getTime() < notBefore.getTime()) return 'certificate is expired or not yet valid';
  }
  return undefined;
}

// --- encoding/pem ---

export const latin1 = (bytes: Uint8Array) => {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
};

/** getLine: up to the next \n (a \r before it dropped), without trailing spaces and tabs; and what follows. */
function getLine(text: string): [string, string] {
  const i = text.indexOf('\n');
  const line = i === -1 ? text : text.slice(0, i > 0 && text[i - 1] === '\r' ? i - 1 : i);
  return [line.replace(/[ \t]+$/, ''), i === -1 ? '' : text.slice(i + 1)];
}

/** pem.Decode: the bytes of the first well-formed block, skipping anything before it and malformed blocks. */
export function decodePem(data: Uint8Array): Uint8Array | undefined {
  return decodePemBlock(latin1(data))?.bytes;
}

/** A PEM block as pem.Decode returns it: its type, how many headers it has, its bytes, and the text after it. */
export interface PemBlock {
  type: string;
  headers: number;
  bytes: Uint8Array;
  rest: string;
}

/** pem.Decode over text read byte for byte (Latin-1): the first well-formed block, or undefined. */
export function decodePemBlock(text: string): PemBlock | undefined {
  let rest = text;
  for (;;) {
    if (rest.startsWith('-----BEGIN ')) rest = rest.slice('-----BEGIN '.length);
    else {
      const i = rest.indexOf('\n-----BEGIN ');
      if (i === -1) return undefined;
      rest = rest.slice(i + '\n-----BEGIN '.length);
    }
    let typeLine: string;
    [typeLine, rest] = getLine(rest);
    if (!typeLine.endsWith('-----')) continue;
    typeLine = typeLine.slice(0, -5);
    let headers = 0;
    for (;;) {
      if (rest.length === 0) return undefined;
      const [line, next] = getLine(rest);
      if (!line.includes(':')) break;
      headers++;
      rest = next;
    }
    // Without headers the END line may follow at once, with no newline before it.
    let endIndex: number;
    let endTrailerIndex: number;
    if (headers === 0 && rest.startsWith('-----END ')) {
      endIndex = 0;
      endTrailerIndex = '-----END '.length;
    } else {
      endIndex = rest.indexOf('\n-----END ');
      endTrailerIndex = endIndex + '\n-----END '.length;
    }
    if (endIndex < 0) continue;
    const trailerLength = typeLine.length + 5;
    const trailer = rest.slice(endTrailerIndex, endTrailerIndex + trailerLength);
    if (trailer.length < trailerLength || !trailer.startsWith(typeLine) || !trailer.endsWith('-----')) continue;
    const [afterTrailer, next] = getLine(rest.slice(endTrailerIndex + trailerLength));
    if (afterTrailer !== '') continue;
    const bytes = decodeBase64(rest.slice(0, endIndex).replace(/[ \t]/g, ''));
    if (bytes) return {type: typeLine, headers, bytes, rest: next};
  }
}

/** encoding/base64 StdEncoding.Decode (go/base64.ts: padding required, \r and \n ignored). */
function decodeBase64(text: string): Uint8Array | undefined {
  const decoded = decodeGoBase64(text, STD_ALPHABET);
  return 'bytes' in decoded ? decoded.bytes : undefined;
}
