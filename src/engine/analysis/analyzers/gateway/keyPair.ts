/**
 * crypto/tls X509KeyPair as Go 1.25 (istiod 1.30.3's) runs it, written without Node's crypto so
 * that the engine runs in the browser too. istiod calls it on every certificate Secret a Gateway
 * API listener names (pilot/pkg/config/kube/gateway conversion.go buildSecretReference):
 * - the certificate input's CERTIFICATE blocks (pem.Decode, in order), the first one parsed by
 *   x509.ParseCertificate;
 * - the key input's first block whose type is "PRIVATE KEY" or ends in " PRIVATE KEY", parsed as
 *   tls.parsePrivateKey does: PKCS #1, then PKCS #8 (RSA, ECDSA, Ed25519), then SEC 1;
 * - the key must be of the certificate key's type and match it: the RSA modulus, the ECDSA point
 *   (Go derives the private key's point from its scalar, ecdsa.ParseRawPrivateKey; any public key
 *   written in the key file is not read), the Ed25519 public key.
 * Errors are Go's texts.
 */
import {bigIntegerSign, constructed, Der, int64, objectIdentifier, tags, type Element} from './der';
import {ed25519PublicKey} from './ed25519';
import {decodePemBlock, latin1} from './secretCertificate';
import {CURVES, OID_ECDSA, OID_ED25519, OID_RSA, parseCertificate, type CertificatePublicKey} from './x509';

/** What X509KeyPair says of a certificate and a key: Go's error text, or undefined when they make a pair. */
export function x509KeyPairProblem(certPem: Uint8Array, keyPem: Uint8Array): string | undefined {
  const certificates: Uint8Array[] = [];
  let skipped: string[] = [];
  let rest = latin1(certPem);
  for (let block = decodePemBlock(rest); block; block = decodePemBlock(rest)) {
    if (block.type === 'CERTIFICATE') certificates.push(block.bytes);
    else skipped.push(block.type);
    rest = block.rest;
  }
  if (certificates.length === 0) {
    if (skipped.length === 0) return 'tls: failed to find any PEM data in certificate input';
    if (skipped.length === 1 && skipped[0]!.endsWith('PRIVATE KEY')) {
      return 'tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched';
    }
    return `tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: ${goList(skipped)}`;
  }
  skipped = [];
  let keyDer: Uint8Array | undefined;
  rest = latin1(keyPem);
  for (let block = decodePemBlock(rest); !keyDer; block = decodePemBlock(rest)) {
    if (!block) {
      if (skipped.length === 0) return 'tls: failed to find any PEM data in key input';
      if (skipped.length === 1 && skipped[0] === 'CERTIFICATE') return 'tls: found a certificate rather than a key in the PEM for the private key';
      return `tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: ${goList(skipped)}`;
    }
    if (block.type === 'PRIVATE KEY' || block.type.endsWith(' PRIVATE KEY')) keyDer = block.bytes;
    else skipped.push(block.type);
    rest = block.rest;
  }
  const certificate = parseCertificate(certificates[0]!);
  if (typeof certificate === 'string') return certificate;
  const key = parsePrivateKey(keyDer);
  if (typeof key === 'string') return key;
  return key.type === 'untold' ? undefined : mismatch(certificate.publicKey, key);
}

/** x509.CertPool.AppendCertsFromPEM: whether any CERTIFICATE block without headers parses as a certificate. */
export function appendsCertificates(pem: Uint8Array): boolean {
  let rest = latin1(pem);
  for (let block = decodePemBlock(rest); block; block = decodePemBlock(rest)) {
    if (block.type === 'CERTIFICATE' && block.headers === 0 && typeof parseCertificate(block.bytes) !== 'string') return true;
    rest = block.rest;
  }
  return false;
}

/** fmt's %v of a []string. */
const goList = (items: readonly string[]) => `[${items.join(' ')}]`;

type PrivateKey =
  | {type: 'rsa'; modulus: bigint}
  | {type: 'ecdsa'; curve: string; x: bigint; y: bigint}
  | {type: 'ed25519'; publicKey: Uint8Array}
  /** A key tls.parsePrivateKey refuses after parsing it ("unknown private key type"). */
  | {type: 'other'}
  /** A key this port does not judge. */
  | {type: 'untold'};

/** The switch on the certificate's public key type at the end of X509KeyPair. */
function mismatch(publicKey: CertificatePublicKey, key: PrivateKey): string | undefined {
  const typeMismatch = 'tls: private key type does not match public key type';
  const keyMismatch = 'tls: private key does not match public key';
  switch (publicKey.algorithm) {
    case OID_RSA: {
      if (key.type !== 'rsa') return typeMismatch;
      return rsaModulus(publicKey.data) === key.modulus ? undefined : keyMismatch;
    }
    case OID_ECDSA: {
      if (key.type !== 'ecdsa') return typeMismatch;
      const curve = publicKey.parameters ? objectIdentifier(new Der(publicKey.parameters.raw).any()) : undefined;
      const size = curve === undefined ? 0 : CURVES[curve]!.bytes;
      // ecdsa.PublicKey.X and Y: the uncompressed point after its 0x04 byte
      const x = toBigInt(publicKey.data.subarray(1, 1 + size));
      const y = toBigInt(publicKey.data.subarray(1 + size));
      return x === key.x && y === key.y ? undefined : keyMismatch;
    }
    case OID_ED25519: {
      if (key.type !== 'ed25519') return typeMismatch;
      return sameBytes(publicKey.data, key.publicKey) ? undefined : keyMismatch;
    }
    default:
      return 'tls: unknown public key algorithm';
  }
}

/** The modulus of an RSA public key (PKCS #1 RSAPublicKey), which x509.ParseCertificate has already checked. */
function rsaModulus(data: Uint8Array): bigint | undefined {
  const sequence = new Der(data).read(tags.SEQUENCE);
  const modulus = sequence && new Der(sequence.body).read(tags.INTEGER);
  return modulus && unsigned(modulus);
}

// --- tls.parsePrivateKey ---

function parsePrivateKey(der: Uint8Array): PrivateKey | string {
  const pkcs1 = parsePkcs1(der);
  if (pkcs1) return pkcs1;
  const pkcs8 = parsePkcs8(der);
  if (pkcs8) return pkcs8.type === 'other' ? 'tls: found unknown private key type in PKCS#8 wrapping' : pkcs8;
  const sec1 = parseEcPrivateKey(der, undefined);
  if (sec1) return sec1;
  return 'tls: failed to parse private key';
}

/**
 * x509.ParsePKCS1PrivateKey: version, modulus, public exponent, private exponent, primes and CRT
 * values; positive values, then rsa's key checks (Go 1.24 on, crypto/internal/fips140/rsa
 * checkPrivateKey): N = P·Q, D·E ≡ 1 modulo P−1 and Q−1, and the CRT values D mod (P−1), D mod
 * (Q−1), Q⁻¹ mod P. A multi-prime key (version 1) is not judged here.
 */
function parsePkcs1(der: Uint8Array): PrivateKey | undefined {
  const reader = new Der(der);
  const sequence = reader.read(tags.SEQUENCE);
  if (!sequence || !reader.empty) return undefined;
  const fields = new Der(sequence.body);
  const version = int64(fields.read(tags.INTEGER));
  // (a SEC 1 EC key also starts with version 1, then an OCTET STRING)
  if (version === 1n) return fields.peek(tags.INTEGER) ? {type: 'untold'} : undefined;
  if (version !== 0n) return undefined;
  const values: bigint[] = [];
  for (let i = 0; i < 8; i++) {
    const element = fields.read(tags.INTEGER);
    if (!element || bigIntegerSign(element) !== 1) return undefined;
    values.push(unsigned(element));
  }
  if (!fields.empty) return undefined;
  const [n, e, d, p, q, dp, dq, qinv] = values as [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];
  if (e < 2n || e >= 1n << 31n) return undefined;
  if (p * q !== n || (d * e) % (p - 1n) !== 1n || (d * e) % (q - 1n) !== 1n) return undefined;
  if (dp !== d % (p - 1n) || dq !== d % (q - 1n) || (qinv * q) % p !== 1n) return undefined;
  return {type: 'rsa', modulus: n};
}

/** x509.ParsePKCS8PrivateKey: version, algorithm, the wrapped key by algorithm; another algorithm parses as a key tls does not take. */
function parsePkcs8(der: Uint8Array): PrivateKey | undefined {
  const reader = new Der(der);
  const sequence = reader.read(tags.SEQUENCE);
  if (!sequence || !reader.empty) return undefined;
  const fields = new Der(sequence.body);
  if (int64(fields.read(tags.INTEGER)) === undefined) return undefined;
  const algorithmSequence = fields.read(tags.SEQUENCE);
  const wrapped = fields.read(tags.OCTET_STRING);
  if (!algorithmSequence || !wrapped) return undefined;
  const identifier = new Der(algorithmSequence.body);
  const algorithm = objectIdentifier(identifier.any());
  const parameters = identifier.empty ? undefined : identifier.any();
  switch (algorithm) {
    case OID_RSA:
      return parsePkcs1(wrapped.body);
    case OID_ECDSA:
      // parameters that are no OID leave the curve to the wrapped key's own [0] parameters
      return parseEcPrivateKey(wrapped.body, parameters?.tag === tags.OID ? objectIdentifier(parameters) : undefined);
    case OID_ED25519: {
      if (parameters) return undefined;
      const seed = new Der(wrapped.body).read(tags.OCTET_STRING);
      if (!seed || seed.body.length !== 32) return undefined;
      return {type: 'ed25519', publicKey: ed25519PublicKey(seed.body)};
    }
    case OID_X25519:
      // an ecdh key: parsed, but not one tls.parsePrivateKey takes
      return {type: 'other'};
    default:
      return undefined;
  }
}

const OID_X25519 = '1.3.101.110';

/**
 * x509.parseECPrivateKey: version 1, the scalar, the curve (the PKCS #8 wrapper's, else the
 * [0] parameters); the scalar below the curve's order and not zero, no longer than the order's
 * size except for leading zeros. The point is the scalar times the base point.
 */
function parseEcPrivateKey(der: Uint8Array, wrapperCurve: string | undefined): PrivateKey | undefined {
  const reader = new Der(der);
  const sequence = reader.read(tags.SEQUENCE);
  if (!sequence || !reader.empty) return undefined;
  const fields = new Der(sequence.body);
  if (int64(fields.read(tags.INTEGER)) !== 1n) return undefined;
  const scalar = fields.read(tags.OCTET_STRING);
  if (!scalar) return undefined;
  const named = fields.optional(constructed(0));
  if (named === undefined) return undefined;
  const curveOid = wrapperCurve ?? (named ? objectIdentifier(new Der(named.body).read(tags.OID)) : undefined);
  const curve = curveOid === undefined ? undefined : GENERATORS[curveOid];
  if (!curve || !CURVES[curveOid!]) return undefined;
  const size = CURVES[curveOid!]!.bytes;
  const k = toBigInt(scalar.body);
  if (k >= curve.n || k === 0n) return undefined;
  if (scalar.body.length > size && scalar.body.subarray(0, scalar.body.length - size).some((byte) => byte !== 0)) return undefined;
  const point = multiply(curveOid!, k);
  return point ? {type: 'ecdsa', curve: curveOid!, x: point.x, y: point.y} : undefined;
}

// --- The NIST curves' base points and orders (FIPS 186-4 D.1.2), and scalar multiplication ---

const GENERATORS: Readonly<Record<string, {x: bigint; y: bigint; n: bigint}>> = {
  '1.3.132.0.33': {
    x: 0xb70e0cbd6bb4bf7f321390b94a03c1d356c21122343280d6115c1d21n,
    y: 0xbd376388b5f723fb4c22dfe6cd4375a05a07476444d5819985007e34n,
    n: 0xffffffffffffffffffffffffffff16a2e0b8f03e13dd29455c5c2a3dn,
  },
  '1.2.840.10045.3.1.7': {
    x: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
    y: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
    n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  },
  '1.3.132.0.34': {
    x: 0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7n,
    y: 0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5fn,
    n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  },
  '1.3.132.0.35': {
    x: 0x00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66n,
    y: 0x011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650n,
    n: 0x1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
  },
};

type Jacobian = {x: bigint; y: bigint; z: bigint};

/** k·G on y² = x³ − 3x + b, in Jacobian coordinates (the double-and-add of any textbook); undefined for the point at infinity. */
function multiply(curveOid: string, k: bigint): {x: bigint; y: bigint} | undefined {
  const {p} = CURVES[curveOid]!;
  const g = GENERATORS[curveOid]!;
  const mod = (value: bigint) => ((value % p) + p) % p;
  const double = (a: Jacobian): Jacobian => {
    if (a.z === 0n || a.y === 0n) return {x: 1n, y: 1n, z: 0n};
    const zz = mod(a.z * a.z);
    const m = mod(3n * (a.x - zz) * (a.x + zz));
    const yy = mod(a.y * a.y);
    const s = mod(4n * a.x * yy);
    const x = mod(m * m - 2n * s);
    return {x, y: mod(m * (s - x) - 8n * yy * yy), z: mod(2n * a.y * a.z)};
  };
  const add = (a: Jacobian, b: Jacobian): Jacobian => {
    if (a.z === 0n) return b;
    if (b.z === 0n) return a;
    const za = mod(a.z * a.z);
    const zb = mod(b.z * b.z);
    const u1 = mod(a.x * zb);
    const u2 = mod(b.x * za);
    const s1 = mod(a.y * zb * b.z);
    const s2 = mod(b.y * za * a.z);
    if (u1 === u2) return s1 === s2 ? double(a) : {x: 1n, y: 1n, z: 0n};
    const h = mod(u2 - u1);
    const r = mod(s2 - s1);
    const hh = mod(h * h);
    const hhh = mod(hh * h);
    const x = mod(r * r - hhh - 2n * u1 * hh);
    return {x, y: mod(r * (u1 * hh - x) - s1 * hhh), z: mod(h * a.z * b.z)};
  };
  let result: Jacobian = {x: 1n, y: 1n, z: 0n};
  for (let bit = BigInt(k.toString(2).length - 1); bit >= 0n; bit--) {
    result = double(result);
    if ((k >> bit) & 1n) result = add(result, {x: g.x, y: g.y, z: 1n});
  }
  if (result.z === 0n) return undefined;
  const zInverse = inverse(result.z, p);
  const zz = mod(zInverse * zInverse);
  return {x: mod(result.x * zz), y: mod(result.y * zz * zInverse)};
}

/** a⁻¹ mod m, by the extended Euclidean algorithm (m prime, a not a multiple of it). */
export function inverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [((a % m) + m) % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const quotient = oldR / r;
    [oldR, r] = [r, oldR - quotient * r];
    [oldS, s] = [s, oldS - quotient * s];
  }
  return ((oldS % m) + m) % m;
}

const toBigInt = (bytes: Uint8Array) => bytes.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);

/** A positive DER INTEGER's value. */
const unsigned = (element: Element) => toBigInt(element.body);

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
