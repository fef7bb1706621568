/**
 * crypto/x509's ParseCertificates as Go 1.25 (istioctl 1.30.3's) reads certificates, written
 * without Node's crypto so that the engine runs in the browser too: each DER certificate's
 * structure (golang.org/x/crypto/cryptobyte's strict DER), its names, validity, public key
 * (RSA, DSA, ECDSA on its named curve, Ed25519), unique IDs and extensions as processExtensions
 * parses them. Signatures are not checked (x509 does not check them when parsing). Errors are
 * Go's texts; callers only need to know whether the certificates parse.
 */
import {parseUrl, UrlParseError} from '../../../go/url';
import {isGoIP} from '../annotations/goParse';

export interface Validity {
  notBefore: Date;
  notAfter: Date;
}

interface Element {
  tag: number;
  /** The contents. */
  body: Uint8Array;
  /** The whole element, header included. */
  raw: Uint8Array;
}

/** A DER reader over a byte string: low tag numbers, definite and minimally encoded lengths (cryptobyte's rules). */
class Der {
  constructor(private bytes: Uint8Array) {}

  get empty(): boolean {
    return this.bytes.length === 0;
  }

  peek(tag: number): boolean {
    return this.bytes.length > 0 && this.bytes[0] === tag;
  }

  /** ReadASN1 / ReadASN1Element: the next element, which must have this tag. */
  read(tag: number): Element | undefined {
    if (!this.peek(tag)) return undefined;
    return this.any();
  }

  /** ReadAnyASN1Element: the next element, whatever its tag. */
  any(): Element | undefined {
    const b = this.bytes;
    // cryptobyte reads no high tag number (low five bits all set).
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

  /** ReadOptionalASN1: the element if the next one has this tag, null if another (or none) comes, undefined if it is malformed. */
  optional(tag: number): Element | null | undefined {
    return this.peek(tag) ? this.any() : null;
  }
}

const tags = {
  BOOLEAN: 0x01, INTEGER: 0x02, BIT_STRING: 0x03, OCTET_STRING: 0x04, NULL: 0x05, OID: 0x06, UTF8_STRING: 0x0c,
  NUMERIC_STRING: 0x12, PRINTABLE_STRING: 0x13, T61_STRING: 0x14, IA5_STRING: 0x16, UTC_TIME: 0x17, GENERALIZED_TIME: 0x18,
  BMP_STRING: 0x1e, SEQUENCE: 0x30, SET: 0x31,
} as const;
/** Context-specific tags: [n] primitive, and [n] constructed. */
const context = (n: number) => 0x80 | n;
const constructed = (n: number) => 0xa0 | n;

// --- cryptobyte's readers of values ---

/** checkASN1Integer: at least one byte, no redundant leading 0x00 or 0xff. */
function isMinimalInteger(body: Uint8Array): boolean {
  if (body.length === 0) return false;
  return !(body.length > 1 && ((body[0] === 0 && (body[1]! & 0x80) === 0) || (body[0] === 0xff && (body[1]! & 0x80) !== 0)));
}

/** ReadASN1Integer into a big.Int: its sign (-1, 0, 1), or undefined when malformed. */
function bigIntegerSign(element: Element | undefined): -1 | 0 | 1 | undefined {
  if (!element || !isMinimalInteger(element.body)) return undefined;
  if (element.body[0]! & 0x80) return -1;
  return element.body.every((byte) => byte === 0) ? 0 : 1;
}

/** ReadASN1Integer into an int (asn1Signed): minimal and within 64 bits; its value as a BigInt. */
function int64(element: Element | undefined): bigint | undefined {
  if (!element || !isMinimalInteger(element.body) || element.body.length > 8) return undefined;
  let value = 0n;
  for (const byte of element.body) value = (value << 8n) | BigInt(byte);
  return element.body[0]! & 0x80 ? value - (1n << BigInt(element.body.length * 8)) : value;
}

/** ReadASN1Integer into a uint (asn1Unsigned): minimal, not negative, within 64 bits. */
function uint64(element: Element | undefined): bigint | undefined {
  if (!element || !isMinimalInteger(element.body) || element.body[0]! & 0x80) return undefined;
  if (element.body.length > 9 || (element.body.length === 9 && element.body[0] !== 0)) return undefined;
  let value = 0n;
  for (const byte of element.body) value = (value << 8n) | BigInt(byte);
  return value;
}

/** ReadASN1BitString: a padding count below 8, no padding without bits, padding bits zero; the bytes (RightAlign aside). */
function bitString(element: Element | undefined): {bytes: Uint8Array; padding: number} | undefined {
  if (!element || element.body.length === 0) return undefined;
  const padding = element.body[0]!;
  const bytes = element.body.subarray(1);
  if (padding > 7 || (bytes.length === 0 && padding !== 0) || (bytes.length > 0 && (bytes[bytes.length - 1]! & ((1 << padding) - 1)) !== 0)) return undefined;
  return {bytes, padding};
}

/** BitString.RightAlign: the bits shifted right by the padding. */
function rightAlign({bytes, padding}: {bytes: Uint8Array; padding: number}): Uint8Array {
  if (padding === 0 || bytes.length === 0) return bytes;
  const out = new Uint8Array(bytes.length);
  out[0] = bytes[0]! >> padding;
  for (let i = 1; i < bytes.length; i++) out[i] = ((bytes[i - 1]! << (8 - padding)) | (bytes[i]! >> padding)) & 0xff;
  return out;
}

/** ReadASN1ObjectIdentifier: base-128 components, minimal, each below 2^31; the dotted text. */
function objectIdentifier(element: Element | undefined): string | undefined {
  if (!element || element.tag !== tags.OID || element.body.length === 0) return undefined;
  const components: number[] = [];
  let i = 0;
  const bytes = element.body;
  while (i < bytes.length) {
    let value = 0;
    for (let n = 0; ; n++) {
      if (n === 5 || i >= bytes.length || value >= 1 << 24) return undefined;
      const byte = bytes[i++]!;
      if (n === 0 && byte === 0x80) return undefined;
      value = value * 128 + (byte & 0x7f);
      if ((byte & 0x80) === 0) break;
    }
    if (components.length === 0) components.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
    else components.push(value);
  }
  return components.join('.');
}

/** ReadASN1Boolean: one byte, 0x00 or 0xff. */
function isBoolean(element: Element | undefined): boolean {
  return element !== undefined && element.body.length === 1 && (element.body[0] === 0 || element.body[0] === 0xff);
}

const latin1 = (bytes: Uint8Array) => {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
};

const isAscii = (bytes: Uint8Array) => bytes.every((byte) => byte < 0x80);

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

const OID_RSA = '1.2.840.113549.1.1.1';
const OID_DSA = '1.2.840.10040.4.1';
const OID_ECDSA = '1.2.840.10045.2.1';
const OID_ED25519 = '1.3.101.112';

/** The NIST curves x509 knows (namedCurveFromOID): y² = x³ - 3x + b over the prime p. */
const CURVES: Readonly<Record<string, {p: bigint; b: bigint; bytes: number}>> = {
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

// --- Extensions (parseExtension, processExtensions) ---

/**
 * domainNameValid as Go 1.25.9 has it (the checks it keeps after golang/go#75835): no trailing
 * dot, printable ASCII only, no empty label; a constraint may start with a dot.
 */
function domainNameValid(name: string, constraint: boolean): boolean {
  if (name.length === 0) return true;
  if (name.endsWith('.')) return false;
  const labels = (constraint && name.startsWith('.') ? name.slice(1) : name).split('.');
  return labels.every((label) => label.length > 0 && /^[\x21-\x7e]+$/.test(label));
}

/** A SAN's or constraint's IPv6 bytes holding an IPv4 address (net.IP.To4): ten zero bytes, then 0xff 0xff. */
const isIpv4Mapped = (ip: Uint8Array) => ip.length === 16 && ip.subarray(0, 10).every((byte) => byte === 0) && ip[10] === 0xff && ip[11] === 0xff;

/** parseSANExtension: the names' encodings (IA5 text, a URI url.Parse reads with a valid host, a 4- or 16-byte IP). */
function subjectAltNameProblem(value: Uint8Array): string | undefined {
  const sequence = new Der(value).read(tags.SEQUENCE);
  if (!sequence) return 'x509: invalid subject alternative names';
  const names = new Der(sequence.body);
  while (!names.empty) {
    const name = names.any();
    if (!name) return 'x509: invalid subject alternative name';
    switch (name.tag ^ 0x80) {
      case 1: if (!isAscii(name.body)) return 'x509: SAN rfc822Name is malformed'; break;
      case 2: if (!isAscii(name.body)) return 'x509: SAN dNSName is malformed'; break;
      case 6: {
        if (!isAscii(name.body)) return 'x509: SAN uniformResourceIdentifier is malformed';
        const text = latin1(name.body);
        let host: string;
        try {
          host = parseUrl(text).host;
        } catch (error) {
          if (error instanceof UrlParseError) return `x509: cannot parse URI ${JSON.stringify(text)}: ${error.reason}`;
          throw error;
        }
        if (host.length > 0 && !domainNameValid(host, false)) return `x509: cannot parse URI ${JSON.stringify(text)}: invalid domain`;
        break;
      }
      case 7:
        if (name.body.length === 16 && isIpv4Mapped(name.body)) return 'x509: SAN iPAddress contains IPv4-mapped IPv6 address';
        if (name.body.length !== 4 && name.body.length !== 16) return `x509: cannot parse IP address of length ${name.body.length}`;
        break;
      default:
        break;
    }
  }
  return undefined;
}

/** isValidIPMask: ones, then zeros. */
function isValidIpMask(mask: Uint8Array): boolean {
  let seenZero = false;
  for (const byte of mask) {
    if (seenZero) {
      if (byte !== 0) return false;
    } else if ([0x00, 0x80, 0xc0, 0xe0, 0xf0, 0xf8, 0xfc, 0xfe].includes(byte)) seenZero = true;
    else if (byte !== 0xff) return false;
  }
  return true;
}

/**
 * parseRFC2821Mailbox's verdict: a quoted local part (qtext and quoted pairs) or a dot-atom (atext,
 * backslash escapes, no leading, trailing or doubled dot), `@`, and a domain of non-empty labels of
 * printable ASCII (domainToReverseLabels; an empty domain passes).
 */
function isMailbox(text: string): boolean {
  if (text.length === 0) return false;
  const codes = [...text].map((c) => c.charCodeAt(0));
  let i = 0;
  if (codes[0] === 0x22) {
    i = 1;
    for (;;) {
      if (i >= codes.length) return false;
      const c = codes[i++]!;
      if (c === 0x22) break;
      if (c === 0x5c) {
        if (i >= codes.length) return false;
        const escaped = codes[i++]!;
        if (!(escaped === 11 || escaped === 12 || (escaped >= 1 && escaped <= 9) || (escaped >= 14 && escaped <= 127))) return false;
        continue;
      }
      const qtext = c === 11 || c === 12 || c === 32 || c === 33 || c === 127 || (c >= 1 && c <= 8) || (c >= 14 && c <= 31) || (c >= 35 && c <= 91) || (c >= 93 && c <= 126);
      if (!qtext) return false;
    }
  } else {
    let local = '';
    while (i < codes.length) {
      let c = codes[i]!;
      if (c === 0x5c) {
        i++;
        if (i >= codes.length) return false;
        c = codes[i]!;
      } else if (!/[0-9A-Za-z!#$%&'*+\-/=?^_`{|}~.]/.test(String.fromCharCode(c))) break;
      local += String.fromCharCode(c);
      i++;
    }
    if (local === '' || local.startsWith('.') || local.endsWith('.') || local.includes('..')) return false;
  }
  if (codes[i] !== 0x40) return false;
  return domainNameValid(text.slice(i + 1), false);
}

/** parseNameConstraintsExtension: permitted and excluded subtrees, each name of a form x509 reads, well encoded. */
function nameConstraintsProblem(value: Uint8Array): string | undefined {
  const outer = new Der(value);
  const top = outer.read(tags.SEQUENCE);
  const fields = top && new Der(top.body);
  const permitted = fields?.optional(constructed(0));
  const excluded = fields?.optional(constructed(1));
  if (!top || !outer.empty || permitted === undefined || excluded === undefined || !fields!.empty) return 'x509: invalid NameConstraints extension';
  if (!permitted && !excluded) return 'x509: empty name constraints extension';
  if ((permitted && permitted.body.length === 0) || (excluded && excluded.body.length === 0)) return 'x509: empty name constraints subtree sequence';
  for (const subtrees of [permitted, excluded]) {
    if (!subtrees) continue;
    const list = new Der(subtrees.body);
    while (!list.empty) {
      const subtree = list.read(tags.SEQUENCE);
      const base = subtree && new Der(subtree.body).any();
      if (!base) return 'x509: invalid NameConstraints extension';
      const text = latin1(base.body);
      if (base.tag === context(2) || base.tag === context(1) || base.tag === context(6)) {
        if (!isAscii(base.body)) return 'x509: invalid constraint value';
      }
      if (base.tag === context(2) && !domainNameValid(text, true)) return `x509: failed to parse dnsName constraint ${JSON.stringify(text)}`;
      if (base.tag === context(7)) {
        if (base.body.length !== 8 && base.body.length !== 32) return `x509: IP constraint contained value of length ${base.body.length}`;
        const half = base.body.length / 2;
        if (!isValidIpMask(base.body.subarray(half))) return 'x509: IP constraint contained invalid mask';
        if (half === 16 && isIpv4Mapped(base.body.subarray(0, 16))) return 'x509: IP constraint contained IPv4-mapped IPv6 address';
      }
      if (base.tag === context(1) && !(text.includes('@') ? isMailbox(text) : domainNameValid(text, true))) return `x509: failed to parse rfc822Name constraint ${JSON.stringify(text)}`;
      if (base.tag === context(6)) {
        if (isGoIP(text)) return `x509: failed to parse URI constraint ${JSON.stringify(text)}: cannot be IP address`;
        if (!domainNameValid(text, true)) return `x509: failed to parse URI constraint ${JSON.stringify(text)}`;
      }
    }
  }
  return undefined;
}

const EXTENSION_2_5_29 = /^2\.5\.29\.(\d+)$/;
const OID_AUTHORITY_INFO_ACCESS = '1.3.6.1.5.5.7.1.1';

/** processExtensions: each extension x509 knows, read as it reads it. */
function extensionProblem(id: string, critical: boolean, value: Uint8Array): string | undefined {
  if (id === OID_AUTHORITY_INFO_ACCESS) {
    if (critical) return 'x509: authority info access incorrectly marked critical';
    const sequence = new Der(value).read(tags.SEQUENCE);
    if (!sequence) return 'x509: invalid authority info access';
    const entries = new Der(sequence.body);
    while (!entries.empty) {
      const entry = entries.read(tags.SEQUENCE);
      const fields = entry && new Der(entry.body);
      if (!fields || objectIdentifier(fields.any()) === undefined) return 'x509: invalid authority info access';
      if (fields.peek(context(6)) && !fields.read(context(6))) return 'x509: invalid authority info access';
    }
    return undefined;
  }
  const known = EXTENSION_2_5_29.exec(id);
  if (!known) return undefined;
  const der = new Der(value);
  switch (Number(known[1])) {
    case 15: return bitString(der.read(tags.BIT_STRING)) ? undefined : 'x509: invalid key usage';
    case 19: {
      const sequence = der.read(tags.SEQUENCE);
      const fields = sequence && new Der(sequence.body);
      if (!fields || (fields.peek(tags.BOOLEAN) && !isBoolean(fields.read(tags.BOOLEAN)))) return 'x509: invalid basic constraints';
      if (fields.peek(tags.INTEGER)) {
        const length = uint64(fields.read(tags.INTEGER));
        if (length === undefined || length > (1n << 63n) - 1n) return 'x509: invalid basic constraints';
      }
      return undefined;
    }
    case 17: return subjectAltNameProblem(value);
    case 30: return nameConstraintsProblem(value);
    case 31: {
      const sequence = der.read(tags.SEQUENCE);
      if (!sequence) return 'x509: invalid CRL distribution points';
      const points = new Der(sequence.body);
      while (!points.empty) {
        const point = points.read(tags.SEQUENCE);
        if (!point) return 'x509: invalid CRL distribution point';
        const name = new Der(point.body).optional(constructed(0));
        if (name === undefined) return 'x509: invalid CRL distribution point';
        if (name === null) continue;
        const fullName = new Der(name.body).read(constructed(0));
        if (!fullName) return 'x509: invalid CRL distribution point';
        const uris = new Der(fullName.body);
        while (uris.peek(context(6))) if (!uris.read(context(6))) return 'x509: invalid CRL distribution point';
      }
      return undefined;
    }
    case 35: {
      if (critical) return 'x509: authority key identifier incorrectly marked critical';
      const sequence = der.read(tags.SEQUENCE);
      if (!sequence) return 'x509: invalid authority key identifier';
      const fields = new Der(sequence.body);
      return fields.peek(context(0)) && !fields.read(context(0)) ? 'x509: invalid authority key identifier' : undefined;
    }
    case 36: {
      const sequence = der.read(tags.SEQUENCE);
      if (!sequence) return 'x509: invalid policy constraints extension';
      const fields = new Der(sequence.body);
      for (const tag of [context(0), context(1)]) {
        if (fields.peek(tag) && int64(fields.read(tag)) === undefined) return 'x509: invalid policy constraints extension';
      }
      return undefined;
    }
    case 37: {
      const sequence = der.read(tags.SEQUENCE);
      if (!sequence) return 'x509: invalid extended key usages';
      const usages = new Der(sequence.body);
      while (!usages.empty) if (objectIdentifier(usages.any()) === undefined) return 'x509: invalid extended key usages';
      return undefined;
    }
    case 14:
      if (critical) return 'x509: subject key identifier incorrectly marked critical';
      return der.read(tags.OCTET_STRING) ? undefined : 'x509: invalid subject key identifier';
    case 32: {
      const sequence = der.read(tags.SEQUENCE);
      if (!sequence) return 'x509: invalid certificate policies';
      const policies = new Der(sequence.body);
      const seen = new Set<string>();
      while (!policies.empty) {
        const policy = policies.read(tags.SEQUENCE);
        const oid = policy && new Der(policy.body).read(tags.OID);
        if (!oid) return 'x509: invalid certificate policies';
        const key = latin1(oid.body);
        // newOIDFromDER: base-128 components of any size, minimal, the last one complete.
        if (seen.has(key) || oid.body.length === 0 || (oid.body[oid.body.length - 1]! & 0x80) !== 0 || !minimalComponents(oid.body)) return 'x509: invalid certificate policies';
        seen.add(key);
      }
      return undefined;
    }
    case 33: {
      const sequence = der.read(tags.SEQUENCE);
      if (!sequence) return 'x509: invalid policy mappings extension';
      const mappings = new Der(sequence.body);
      while (!mappings.empty) {
        const mapping = mappings.read(tags.SEQUENCE);
        const fields = mapping && new Der(mapping.body);
        if (!fields || !fields.read(tags.OID) || !fields.read(tags.OID)) return 'x509: invalid policy mappings extension';
      }
      return undefined;
    }
    case 54: return int64(der.read(tags.INTEGER)) === undefined ? 'x509: invalid inhibit any policy extension' : undefined;
    default: return undefined;
  }
}

/** No component of an OID starts with 0x80 (a redundant leading zero group). */
function minimalComponents(body: Uint8Array): boolean {
  let start = true;
  for (const byte of body) {
    if (start && byte === 0x80) return false;
    start = (byte & 0x80) === 0;
  }
  return true;
}

/** The extensions [3]: a SEQUENCE of (OID, optional critical BOOLEAN, OCTET STRING), no OID twice, each as processExtensions reads it. */
function extensionsProblem(wrapper: Element): string | undefined {
  const sequence = new Der(wrapper.body).read(tags.SEQUENCE);
  if (!sequence) return 'x509: malformed extensions';
  const list = new Der(sequence.body);
  const seen = new Set<string>();
  const parsed: Array<{id: string; critical: boolean; value: Uint8Array}> = [];
  while (!list.empty) {
    const extension = list.read(tags.SEQUENCE);
    if (!extension) return 'x509: malformed extension';
    const fields = new Der(extension.body);
    const id = objectIdentifier(fields.any());
    if (id === undefined) return 'x509: malformed extension OID field';
    let critical = false;
    if (fields.peek(tags.BOOLEAN)) {
      const flag = fields.read(tags.BOOLEAN);
      if (!isBoolean(flag)) return 'x509: malformed extension critical field';
      critical = flag!.body[0] === 0xff;
    }
    const value = fields.read(tags.OCTET_STRING);
    if (!value) return 'x509: malformed extension value field';
    if (seen.has(id)) return `x509: certificate contains duplicate extension with OID ${JSON.stringify(id)}`;
    seen.add(id);
    parsed.push({id, critical, value: value.body});
  }
  for (const {id, critical, value} of parsed) {
    const problem = extensionProblem(id, critical, value);
    if (problem) return problem;
  }
  return undefined;
}

// --- Certificates ---

/** x509.ParseCertificates: consecutive DER certificates filling the block (none at all is no error), with their validity. */
export function parseCertificates(block: Uint8Array): Validity[] | string {
  const der = new Der(block);
  const out: Validity[] = [];
  while (!der.empty) {
    const certificate = der.read(tags.SEQUENCE);
    if (!certificate) return 'x509: malformed certificate';
    const validity = parseCertificate(certificate.body);
    if (typeof validity === 'string') return validity;
    out.push(validity);
  }
  return out;
}

/** x509's parseCertificate, in its order: each field of the TBS certificate, then the outer signature. */
function parseCertificate(body: Uint8Array): Validity | string {
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
  return {notBefore, notAfter};
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
