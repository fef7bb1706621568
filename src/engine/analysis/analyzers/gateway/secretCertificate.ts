/**
 * What gateway/secret.go's isValidSecret asks of a Secret, written without Node's crypto so that the
 * engine runs in the browser too: istiod's ExtractCertInfo (pilot/pkg/credentials/kube/secrets.go)
 * picks the certificate, and ValidateCertificate (pilot/pkg/xds/sds.go) decodes its first PEM block
 * (Go's encoding/pem), reads it as DER certificates (crypto/x509.ParseCertificates, down to the
 * validity period) and requires each to be valid now.
 */
import {asObject} from '../../../istio/access';

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
    const bytes = typeof value === 'string' ? decodeBase64(value, true) : undefined;
    if (!bytes) return `illegal base64 data in data.${key}`;
    data.set(key, bytes);
  }
  return data;
}

/** ExtractCertInfo: `cert` and `key` (generic Secret), else `tls.crt` and `tls.key`, both non-empty. */
function extractCert(data: SecretData): Uint8Array | string {
  const hasValue = (...keys: string[]) => keys.every((key) => (data.get(key)?.length ?? 0) > 0);
  const hasKeys = (...keys: string[]) => keys.every((key) => data.has(key));
  if (hasValue('cert', 'key')) return data.get('cert')!;
  if (hasValue('tls.crt', 'tls.key')) return data.get('tls.crt')!;
  if (hasKeys('cert', 'key')) return 'found keys "cert" and "key", but they were empty';
  if (hasKeys('tls.crt', 'tls.key')) return 'found keys "tls.crt" and "tls.key", but they were empty';
  const keys = [...data.keys()].sort();
  const found = keys.length < 3 ? keys.join(', ') : `${keys.slice(0, 3).join(', ')}, and ${keys.length - 3} more...`;
  return `found secret, but didn't have expected keys (cert and key) or (tls.crt and tls.key); found: ${found}`;
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

const latin1 = (bytes: Uint8Array) => {
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
  let rest = latin1(data);
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
    if (getLine(rest.slice(endTrailerIndex + trailerLength))[0] !== '') continue;
    const bytes = decodeBase64(rest.slice(0, endIndex).replace(/[ \t]/g, ''), true);
    if (bytes) return bytes;
  }
}

// --- encoding/base64 (StdEncoding.Decode: padding required, \r and \n ignored) ---

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function decodeBase64(text: string, ignoreNewlines: boolean): Uint8Array | undefined {
  const clean = ignoreNewlines ? text.replace(/[\r\n]/g, '') : text;
  if (clean.length % 4 !== 0) return undefined;
  const out: number[] = [];
  for (let i = 0; i < clean.length; i += 4) {
    const quad = clean.slice(i, i + 4);
    const padding = quad.endsWith('==') ? 2 : quad.endsWith('=') ? 1 : 0;
    if (padding > 0 && i + 4 !== clean.length) return undefined;
    const values = [...quad.slice(0, 4 - padding)].map((ch) => ALPHABET.indexOf(ch));
    if (values.some((v) => v < 0)) return undefined;
    const bits = values.reduce((acc, v) => (acc << 6) | v, 0) << (6 * padding);
    out.push((bits >> 16) & 0xff);
    if (padding < 2) out.push((bits >> 8) & 0xff);
    if (padding < 1) out.push(bits & 0xff);
  }
  return Uint8Array.from(out);
}

// --- crypto/x509: DER, as far as the validity period ---

interface Element {
  tag: number;
  /** The contents. */
  body: Uint8Array;
  /** The whole element, header included. */
  raw: Uint8Array;
}

/** A DER reader over a byte string: definite, minimally encoded lengths (cryptobyte's rules). */
class Der {
  constructor(private bytes: Uint8Array) {}

  get empty(): boolean {
    return this.bytes.length === 0;
  }

  peek(tag: number): boolean {
    return this.bytes.length > 0 && this.bytes[0] === tag;
  }

  read(tag: number): Element | undefined {
    const element = this.next();
    return element && element.tag === tag ? element : undefined;
  }

  private next(): Element | undefined {
    const b = this.bytes;
    // High tag numbers (low five bits all set) do not occur in certificates' structure; cryptobyte reads them, this needs not.
    if (b.length < 2 || (b[0]! & 0x1f) === 0x1f) return undefined;
    let length = b[1]!;
    let header = 2;
    if (length & 0x80) {
      const count = length & 0x7f;
      if (count === 0 || count > 4 || b.length < 2 + count) return undefined;
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + b[2 + i]!;
      // Minimal encoding: no leading zero byte, and the long form only from 128 on.
      if (b[2] === 0 || length < 128) return undefined;
      header = 2 + count;
    }
    if (b.length < header + length) return undefined;
    const element = {tag: b[0]!, body: b.subarray(header, header + length), raw: b.subarray(0, header + length)};
    this.bytes = b.subarray(header + length);
    return element;
  }
}

const SEQUENCE = 0x30;
const SET = 0x31;
const INTEGER = 0x02;
const BIT_STRING = 0x03;
const OID = 0x06;
const UTC_TIME = 0x17;
const GENERALIZED_TIME = 0x18;
const VERSION = 0xa0;

/** x509.ParseCertificates: consecutive DER certificates filling the block (none at all is no error), with their validity. */
function parseCertificates(block: Uint8Array): Array<{notBefore: Date; notAfter: Date}> | string {
  const der = new Der(block);
  const out: Array<{notBefore: Date; notAfter: Date}> = [];
  while (!der.empty) {
    const certificate = der.read(SEQUENCE);
    if (!certificate) return 'x509: malformed certificate';
    const validity = parseCertificate(certificate.body);
    if (typeof validity === 'string') return validity;
    out.push(validity);
  }
  return out;
}

/** x509's parseCertificate, the fields before the subject's key and the outer signature. */
function parseCertificate(body: Uint8Array): {notBefore: Date; notAfter: Date} | string {
  const certificate = new Der(body);
  const tbs = certificate.read(SEQUENCE);
  if (!tbs) return 'x509: malformed tbs certificate';
  const fields = new Der(tbs.body);
  if (fields.peek(VERSION)) {
    const explicit = new Der(fields.read(VERSION)!.body);
    const version = explicit.read(INTEGER);
    if (!version || !explicit.empty || !isMinimalInteger(version.body) || version.body[0]! & 0x80) return 'x509: malformed version';
    if (version.body.length !== 1 || version.body[0]! > 2) return 'x509: invalid version';
  }
  const serial = fields.read(INTEGER);
  if (!serial || !isMinimalInteger(serial.body)) return 'x509: malformed serial number';
  // Go 1.23 on rejects negative serial numbers (GODEBUG x509negativeserial=0, istiod's default).
  if (serial.body[0]! & 0x80) return 'x509: negative serial number';
  const innerAlgorithm = fields.read(SEQUENCE);
  if (!innerAlgorithm || !new Der(innerAlgorithm.body).read(OID)) return 'x509: malformed signature algorithm identifier';
  const issuer = fields.read(SEQUENCE);
  if (!issuer || !isName(issuer.body)) return 'x509: malformed issuer';
  const validity = fields.read(SEQUENCE);
  if (!validity) return 'x509: malformed validity';
  const times = new Der(validity.body);
  const notBefore = readTime(times);
  if (typeof notBefore === 'string') return notBefore;
  const notAfter = readTime(times);
  if (typeof notAfter === 'string') return notAfter;
  const subject = fields.read(SEQUENCE);
  if (!subject || !isName(subject.body)) return 'x509: malformed subject';
  const spki = fields.read(SEQUENCE);
  if (!spki) return 'x509: malformed spki';
  const key = new Der(spki.body);
  const keyAlgorithm = key.read(SEQUENCE);
  if (!keyAlgorithm || !new Der(keyAlgorithm.body).read(OID)) return 'x509: malformed public key algorithm identifier';
  if (!key.read(BIT_STRING)) return 'x509: malformed subjectPublicKey';
  const outerAlgorithm = certificate.read(SEQUENCE);
  if (!outerAlgorithm) return 'x509: malformed algorithm identifier';
  if (!sameBytes(outerAlgorithm.raw, innerAlgorithm.raw)) return "x509: inner and outer signature algorithm identifiers don't match";
  if (!certificate.read(BIT_STRING)) return 'x509: malformed signature';
  return {notBefore, notAfter};
}

/** A Name: a sequence of SETs of (OID, value) SEQUENCEs. */
function isName(body: Uint8Array): boolean {
  const rdns = new Der(body);
  while (!rdns.empty) {
    const set = rdns.read(SET);
    if (!set) return false;
    const attributes = new Der(set.body);
    while (!attributes.empty) {
      const attribute = attributes.read(SEQUENCE);
      if (!attribute || !new Der(attribute.body).read(OID)) return false;
    }
  }
  return true;
}

/** DER integers: at least one byte, no redundant leading 0x00 or 0xff. */
function isMinimalInteger(body: Uint8Array): boolean {
  if (body.length === 0) return false;
  if (body.length > 1 && ((body[0] === 0 && (body[1]! & 0x80) === 0) || (body[0] === 0xff && (body[1]! & 0x80) !== 0))) return false;
  return true;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * parseTime: UTCTime (YYMMDDHHMM[SS], then Z or ±hhmm; years from 50 are 19xx) or GeneralizedTime
 * (YYYYMMDDHHMMSS[.fraction], then Z or ±hhmm), each as Go reads it: the text must be the one Go
 * would print back (no +0000 for Z, no trailing zero in a fraction), with real dates and times.
 */
function readTime(der: Der): Date | string {
  if (der.peek(UTC_TIME)) {
    const text = latin1(der.read(UTC_TIME)!.body);
    const m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{4})$/.exec(text);
    const date = m && toDate(Number(m[1]) + (Number(m[1]) >= 50 ? 1900 : 2000), m[2]!, m[3]!, m[4]!, m[5]!, m[6] ?? '00', '', m[7]!);
    return date ?? 'x509: malformed UTCTime';
  }
  if (der.peek(GENERALIZED_TIME)) {
    const text = latin1(der.read(GENERALIZED_TIME)!.body);
    const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\.\d{0,8}[1-9])?(Z|[+-]\d{4})$/.exec(text);
    const date = m && toDate(Number(m[1]), m[2]!, m[3]!, m[4]!, m[5]!, m[6]!, m[7] ?? '', m[8]!);
    return date ?? 'x509: malformed GeneralizedTime';
  }
  return 'x509: unsupported time format';
}

function toDate(year: number, month: string, day: string, hour: string, minute: string, second: string, fraction: string, zone: string): Date | undefined {
  const [mo, d, h, mi, s] = [month, day, hour, minute, second].map(Number) as [number, number, number, number, number];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = mo === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(mo) ? 30 : 31;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth || h > 23 || mi > 59 || s > 59) return undefined;
  let offset = 0;
  if (zone !== 'Z') {
    const zh = Number(zone.slice(1, 3));
    const zm = Number(zone.slice(3, 5));
    // Go prints a zero offset back as Z, so +0000 does not read back as written.
    if (zh > 24 || zm > 59 || (zh === 0 && zm === 0)) return undefined;
    offset = (zone[0] === '-' ? -1 : 1) * (zh * 60 + zm);
  }
  const date = new Date(Date.UTC(2000, mo - 1, d, h, mi, s));
  date.setUTCFullYear(year); // Date.UTC reads years below 100 as 19xx
  const utc = date.getTime() - offset * 60_000;
  // Milliseconds are enough to compare with now; the fraction only had to be well-formed.
  return new Date(utc + (fraction ? Math.floor(Number(`0${fraction}`) * 1000) : 0));
}
