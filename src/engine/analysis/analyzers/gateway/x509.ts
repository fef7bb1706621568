/**
 * crypto/x509's ParseCertificates as Go 1.25 (istioctl 1.30.3's) reads certificates, written
 * without Node's crypto so that the engine runs in the browser too: each DER certificate's
 * structure (golang.org/x/crypto/cryptobyte's strict DER), its names, validity, public key
 * (RSA, DSA, ECDSA on its named curve, Ed25519), unique IDs and extensions as processExtensions
 * parses them. Signatures are not checked (x509 does not check them when parsing). Errors are
 * Go's texts; callers only need to know whether the certificates parse.
 */
import {bigIntegerSign, bitString, constructed, context, Der, int64, isAscii, isBoolean, latin1, objectIdentifier, rightAlign, tags, type Element} from './der';
import {extensionsProblem} from './x509Extensions';

export interface Validity {
  notBefore: Date;
  notAfter: Date;
}

/** A certificate's subject public key as parsePublicKey read it: the algorithm's OID, its parameters, the key's bytes. */
export interface CertificatePublicKey {
  algorithm: string;
  parameters?: Element;
  data: Uint8Array;
}

export interface ParsedCertificate extends Validity {
  publicKey: CertificatePublicKey;
}

// --- Names (parseName, readASN1Any, parseASN1String) ---

const PRINTABLE = /^[A-Za-z0-9'()+,\-./ :=?*&]*$/;

function validString(tag: number, value: Uint8Array): boolean {
  switch (tag) {
    case tags.T61_STRING: return true;
    case tags.PRINTABLE_STRING: return PRINTABLE.test(latin1(value));
    case tags.UTF8_STRING: return validUtf8(value);
    case tags.BMP_STRING: {
      if (value.length % 2 !== 0) return false;
      const end = value.length >= 2 && value[value.length - 1] === 0 && value[value.length - 2] === 0 ? value.length - 2 : value.length;
      for (let i = 0; i < end; i += 2) {
        const point = (value[i]! << 8) | value[i + 1]!;
        if (point === 0xfffe || point === 0xffff || (point >= 0xfdd0 && point <= 0xfdef) || (point >= 0xd800 && point <= 0xdfff)) return false;
      }
      return true;
    }
    case tags.IA5_STRING: return isAscii(value);
    default: return value.every((byte) => (byte >= 0x30 && byte <= 0x39) || byte === 0x20); // NumericString
  }
}

const utf8 = new TextDecoder('utf-8', {fatal: true});

function validUtf8(bytes: Uint8Array): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const STRING_TAGS = new Set<number>([tags.T61_STRING, tags.PRINTABLE_STRING, tags.UTF8_STRING, tags.BMP_STRING, tags.IA5_STRING, tags.NUMERIC_STRING]);

/** readASN1Any: an attribute's value, checked as Go reads each type it knows. */
function validAttributeValue(der: Der): boolean {
  const value = der.any();
  if (!value) return false;
  if (STRING_TAGS.has(value.tag)) return validString(value.tag, value.body);
  switch (value.tag) {
    case tags.INTEGER: return int64(value) !== undefined;
    case tags.BIT_STRING: return bitString(value) !== undefined;
    case tags.OID: return objectIdentifier(value) !== undefined;
    case tags.UTC_TIME: case tags.GENERALIZED_TIME: return typeof readTime(new Der(value.raw)) !== 'string';
    case tags.BOOLEAN: return isBoolean(value);
    default: return true; // OCTET STRING, NULL and any other element, read as they are
  }
}

/** parseName: a sequence of SETs of (OID, value) SEQUENCEs. */
function nameProblem(name: Element): string | undefined {
  const rdns = new Der(name.body);
  while (!rdns.empty) {
    const set = rdns.read(tags.SET);
    if (!set) return 'x509: invalid RDNSequence';
    const attributes = new Der(set.body);
    while (!attributes.empty) {
      const attribute = attributes.read(tags.SEQUENCE);
      if (!attribute) return 'x509: invalid RDNSequence: invalid attribute';
      const fields = new Der(attribute.body);
      if (objectIdentifier(fields.any()) === undefined) return 'x509: invalid RDNSequence: invalid attribute type';
      if (!validAttributeValue(fields)) return 'x509: invalid RDNSequence: invalid attribute value';
    }
  }
  return undefined;
}

// --- Times ---

/**
 * parseTime: UTCTime (YYMMDDHHMM[SS], then Z or ±hhmm; years from 50 are 19xx) or GeneralizedTime
 * (YYYYMMDDHHMMSS[.fraction], then Z or ±hhmm), each as Go reads it: the text must be the one Go
 * would print back (no +0000 for Z, no trailing zero in a fraction), with real dates and times.
 */
function readTime(der: Der): Date | string {
  if (der.peek(tags.UTC_TIME)) {
    const text = latin1(der.read(tags.UTC_TIME)!.body);
    const m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{4})$/.exec(text);
    const date = m && toDate(Number(m[1]) + (Number(m[1]) >= 50 ? 1900 : 2000), m[2]!, m[3]!, m[4]!, m[5]!, m[6] ?? '00', '', m[7]!);
    return date ?? 'x509: malformed UTCTime';
  }
  if (der.peek(tags.GENERALIZED_TIME)) {
    const text = latin1(der.read(tags.GENERALIZED_TIME)!.body);
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

// --- Public keys (parsePublicKey) ---

export const OID_RSA = '1.2.840.113549.1.1.1';
const OID_DSA = '1.2.840.10040.4.1';
export const OID_ECDSA = '1.2.840.10045.2.1';
export const OID_ED25519 = '1.3.101.112';

/** The NIST curves x509 knows (namedCurveFromOID): y² = x³ - 3x + b over the prime p. */
export const CURVES: Readonly<Record<string, {p: bigint; b: bigint; bytes: number}>> = {
  '1.3.132.0.33': {p: (1n << 224n) - (1n << 96n) + 1n, b: 0xb4050a850c04b3abf54132565044b0b7d7bfd8ba270b39432355ffb4n, bytes: 28},
  '1.2.840.10045.3.1.7': {p: (1n << 256n) - (1n << 224n) + (1n << 192n) + (1n << 96n) - 1n, b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn, bytes: 32},
  '1.3.132.0.34': {
    p: (1n << 384n) - (1n << 128n) - (1n << 96n) + (1n << 32n) - 1n,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn, bytes: 48,
  },
  '1.3.132.0.35': {
    p: (1n << 521n) - 1n,
    b: 0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n, bytes: 66,
  },
};

const toBigInt = (bytes: Uint8Array) => bytes.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);

/** ecdsa.ParseUncompressedPublicKey: 0x04, then X and Y, each below p, the point on the curve. */
export function isCurvePoint(curveOid: string, data: Uint8Array): boolean {
  const curve = CURVES[curveOid];
  if (!curve || data.length !== 1 + 2 * curve.bytes || data[0] !== 4) return false;
  const x = toBigInt(data.subarray(1, 1 + curve.bytes));
  const y = toBigInt(data.subarray(1 + curve.bytes));
  const {p, b} = curve;
  if (x >= p || y >= p) return false;
  const mod = (n: bigint) => ((n % p) + p) % p;
  return mod(y * y) === mod(x * x * x - 3n * x + b);
}

/** parsePublicKey for the algorithms x509 parses in certificates (getPublicKeyAlgorithmFromOID); others are kept unread. */
function publicKeyProblem(algorithm: string, parameters: Element | undefined, key: {bytes: Uint8Array; padding: number}): string | undefined {
  const data = rightAlign(key);
  switch (algorithm) {
    case OID_RSA: {
      // The parameters must be exactly NULL (RFC 3279).
      if (!parameters || parameters.raw.length !== 2 || parameters.raw[0] !== tags.NULL || parameters.raw[1] !== 0) return 'x509: RSA key missing NULL parameters';
      const sequence = new Der(data).read(tags.SEQUENCE);
      if (!sequence) return 'x509: invalid RSA public key';
      const fields = new Der(sequence.body);
      const modulus = bigIntegerSign(fields.read(tags.INTEGER));
      if (modulus === undefined) return 'x509: invalid RSA modulus';
      const exponent = int64(fields.read(tags.INTEGER));
      if (exponent === undefined) return 'x509: invalid RSA public exponent';
      if (modulus <= 0) return 'x509: RSA modulus is not a positive number';
      if (exponent <= 0n) return 'x509: RSA public exponent is not a positive number';
      return undefined;
    }
    case OID_ECDSA: {
      const curve = parameters ? objectIdentifier(new Der(parameters.raw).any()) : undefined;
      if (curve === undefined) return 'x509: invalid ECDSA parameters';
      if (!CURVES[curve]) return 'x509: unsupported elliptic curve';
      return isCurvePoint(curve, data) ? undefined : 'x509: failed to unmarshal elliptic curve point';
    }
    case OID_ED25519:
      if (parameters) return 'x509: Ed25519 key encoded with illegal parameters';
      return data.length === 32 ? undefined : 'x509: wrong Ed25519 public key size';
    case OID_DSA: {
      const y = bigIntegerSign(new Der(data).read(tags.INTEGER));
      if (y === undefined) return 'x509: invalid DSA public key';
      const sequence = parameters ? new Der(parameters.raw).read(tags.SEQUENCE) : undefined;
      const fields = sequence && new Der(sequence.body);
      const pqg = fields ? [0, 1, 2].map(() => bigIntegerSign(fields.read(tags.INTEGER))) : [undefined];
      if (pqg.some((sign) => sign === undefined)) return 'x509: invalid DSA parameters';
      if (y <= 0 || pqg.some((sign) => sign! <= 0)) return 'x509: zero or negative DSA parameter';
      return undefined;
    }
    default:
      return undefined;
  }
}

/** parseAI: an OID, then at most one element of parameters (anything after it is not read). */
function algorithmIdentifier(sequence: Element): {algorithm: string; parameters?: Element} | string {
  const fields = new Der(sequence.body);
  const algorithm = objectIdentifier(fields.any());
  if (algorithm === undefined) return 'x509: malformed OID';
  if (fields.empty) return {algorithm};
  const parameters = fields.any();
  return parameters ? {algorithm, parameters} : 'x509: malformed parameters';
}

// --- Certificates ---

/** x509.ParseCertificates: consecutive DER certificates filling the block (none at all is no error), with their validity. */
export function parseCertificates(block: Uint8Array): Validity[] | string {
  const der = new Der(block);
  const out: Validity[] = [];
  while (!der.empty) {
    const certificate = der.read(tags.SEQUENCE);
    if (!certificate) return 'x509: malformed certificate';
    const validity = parseCertificateBody(certificate.body);
    if (typeof validity === 'string') return validity;
    out.push(validity);
  }
  return out;
}

/** x509.ParseCertificate: one DER certificate, with nothing after it ("x509: trailing data"). */
export function parseCertificate(der: Uint8Array): ParsedCertificate | string {
  const reader = new Der(der);
  const certificate = reader.read(tags.SEQUENCE);
  if (!certificate) return 'x509: malformed certificate';
  const parsed = parseCertificateBody(certificate.body);
  if (typeof parsed === 'string') return parsed;
  return reader.empty ? parsed : 'x509: trailing data';
}

/** x509's parseCertificate, in its order: each field of the TBS certificate, then the outer signature. */
function parseCertificateBody(body: Uint8Array): ParsedCertificate | string {
  const certificate = new Der(body);
  const tbs = certificate.read(tags.SEQUENCE);
  if (!tbs) return 'x509: malformed tbs certificate';
  const fields = new Der(tbs.body);
  let version = 1;
  if (fields.peek(constructed(0))) {
    const explicit = new Der(fields.read(constructed(0))?.body ?? new Uint8Array());
    const value = int64(explicit.read(tags.INTEGER));
    if (value === undefined || !explicit.empty || value < 0n || value > 3n) return 'x509: malformed version';
    if (value === 3n) return 'x509: invalid version';
    version = Number(value) + 1;
  }
  const serial = bigIntegerSign(fields.read(tags.INTEGER));
  if (serial === undefined) return 'x509: malformed serial number';
  // Go 1.23 on rejects negative serial numbers (GODEBUG x509negativeserial=0, istiod's default).
  if (serial === -1) return 'x509: negative serial number';
  const innerAlgorithm = fields.read(tags.SEQUENCE);
  if (!innerAlgorithm) return 'x509: malformed signature algorithm identifier';
  const outerAlgorithm = certificate.read(tags.SEQUENCE);
  if (!outerAlgorithm) return 'x509: malformed algorithm identifier';
  if (!sameBytes(outerAlgorithm.body, innerAlgorithm.body)) return "x509: inner and outer signature algorithm identifiers don't match";
  const signatureAlgorithm = algorithmIdentifier(innerAlgorithm);
  if (typeof signatureAlgorithm === 'string') return signatureAlgorithm;
  const issuer = fields.read(tags.SEQUENCE);
  if (!issuer) return 'x509: malformed issuer';
  const issuerProblem = nameProblem(issuer);
  if (issuerProblem) return issuerProblem;
  const validity = fields.read(tags.SEQUENCE);
  if (!validity) return 'x509: malformed validity';
  const times = new Der(validity.body);
  const notBefore = readTime(times);
  if (typeof notBefore === 'string') return notBefore;
  const notAfter = readTime(times);
  if (typeof notAfter === 'string') return notAfter;
  const subject = fields.read(tags.SEQUENCE);
  if (!subject) return 'x509: malformed issuer';
  const subjectProblem = nameProblem(subject);
  if (subjectProblem) return subjectProblem;
  const spki = fields.read(tags.SEQUENCE);
  if (!spki) return 'x509: malformed spki';
  const key = new Der(spki.body);
  const keyAlgorithmSequence = key.read(tags.SEQUENCE);
  if (!keyAlgorithmSequence) return 'x509: malformed public key algorithm identifier';
  const keyAlgorithm = algorithmIdentifier(keyAlgorithmSequence);
  if (typeof keyAlgorithm === 'string') return keyAlgorithm;
  const publicKey = bitString(key.read(tags.BIT_STRING));
  if (!publicKey) return 'x509: malformed subjectPublicKey';
  const keyProblem = publicKeyProblem(keyAlgorithm.algorithm, keyAlgorithm.parameters, publicKey);
  if (keyProblem) return keyProblem;
  if (version > 1) {
    if (fields.peek(context(1)) && !fields.read(context(1))) return 'x509: malformed issuerUniqueID';
    if (fields.peek(context(2)) && !fields.read(context(2))) return 'x509: malformed subjectUniqueID';
    if (version === 3) {
      const extensions = fields.optional(constructed(3));
      if (extensions === undefined) return 'x509: malformed extensions';
      if (extensions) {
        const problem = extensionsProblem(extensions);
        if (problem) return problem;
      }
    }
  }
  if (!bitString(certificate.read(tags.BIT_STRING))) return 'x509: malformed signature';
  return {notBefore, notAfter, publicKey: {algorithm: keyAlgorithm.algorithm, parameters: keyAlgorithm.parameters, data: rightAlign(publicKey)}};
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
