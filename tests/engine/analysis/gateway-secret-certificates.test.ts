/**
 * gateway/secret.go's isValidSecret, as ported in analyzers/gateway/secretCertificate.ts: istiod's
 * ExtractCertInfo picks the certificate, ValidateCertificate decodes its first PEM block (encoding/pem)
 * into DER certificates (crypto/x509) that must all be valid now. The certificates here are built
 * field by field (an Ed25519 key; x509 does not check signatures), so each edge is written out.
 */
import {generateKeyPairSync, type KeyObject} from 'node:crypto';
import {describe, expect, it} from 'vitest';
import {certificateProblem, decodePem, secretCertificateProblem} from '../../../src/engine/analysis/analyzers/gateway/secretCertificate';

const ascii = (text: string) => Uint8Array.from([...text].map((ch) => ch.charCodeAt(0)));
const concat = (parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((part) => [...part]));
function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const body = concat(parts);
  const length = body.length < 128 ? [body.length] : body.length < 256 ? [0x81, body.length] : [0x82, body.length >> 8, body.length & 0xff];
  return Uint8Array.from([tag, ...length, ...body]);
}
const ed25519 = tlv(0x30, tlv(0x06, Uint8Array.from([0x2b, 0x65, 0x70])));
const name = tlv(0x30, tlv(0x31, tlv(0x30, tlv(0x06, Uint8Array.from([0x55, 0x04, 0x0a])), tlv(0x0c, ascii('meshdive')))));
const utc = (text: string) => tlv(0x17, ascii(text));
const generalized = (text: string) => tlv(0x18, ascii(text));

interface Parts {
  notBefore?: Uint8Array;
  notAfter?: Uint8Array;
  outerAlgorithm?: Uint8Array;
  version?: number;
  serial?: number[];
}

function certificate({notBefore = utc('000101000000Z'), notAfter = generalized('21000101000000Z'), outerAlgorithm = ed25519, version = 2, serial = [1]}: Parts = {}): Uint8Array {
  const tbs = tlv(0x30,
    tlv(0xa0, tlv(0x02, Uint8Array.from([version]))),
    tlv(0x02, Uint8Array.from(serial)),
    ed25519, name, tlv(0x30, notBefore, notAfter), name,
    tlv(0x30, ed25519, tlv(0x03, new Uint8Array(33))));
  return tlv(0x30, tbs, outerAlgorithm, tlv(0x03, new Uint8Array(65)));
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const pem = (der: Uint8Array, type = 'CERTIFICATE') => `-----BEGIN ${type}-----\n${base64(der).replace(/.{64}/g, '$&\n')}\n-----END ${type}-----\n`;
const now = new Date('2026-06-01T00:00:00Z');
const problem = (text: string) => certificateProblem(ascii(text), now);

describe('ValidateCertificate: the first PEM block, as certificates valid now', () => {
  it('accepts a certificate within its validity period, the PEM block anywhere in the data', () => {
    expect(problem(pem(certificate()))).toBeUndefined();
    expect(problem(`a bundle, commented\n${pem(certificate())}`)).toBeUndefined();
    expect(problem(pem(concat([certificate(), certificate()])))).toBeUndefined();
  });

  it('rejects a certificate past its notAfter or before its notBefore', () => {
    expect(problem(pem(certificate({notAfter: utc('230314061541Z')})))).toBe('certificate is expired or not yet valid');
    expect(problem(pem(certificate({notBefore: generalized('20990101000000Z')})))).toBe('certificate is expired or not yet valid');
    // Every certificate of the block counts.
    expect(problem(pem(concat([certificate(), certificate({notAfter: utc('230314061541Z')})])))).toBe('certificate is expired or not yet valid');
  });

  it('reads UTCTime years from 50 as 19xx, and takes minutes-only times and offsets as Go does', () => {
    expect(problem(pem(certificate({notAfter: utc('490101000000Z')})))).toBeUndefined();
    expect(problem(pem(certificate({notAfter: utc('500101000000Z')})))).toBe('certificate is expired or not yet valid');
    expect(problem(pem(certificate({notAfter: utc('4901010000Z')})))).toBeUndefined();
    expect(problem(pem(certificate({notBefore: generalized('20260601010000+0200'), notAfter: generalized('20260601000000.5Z')})))).toBeUndefined();
  });

  it('rejects times Go would not print back the same, and impossible dates', () => {
    expect(problem(pem(certificate({notAfter: utc('490101000000+0000')})))).toBe('x509: malformed UTCTime');
    expect(problem(pem(certificate({notAfter: generalized('20990101000000.50Z')})))).toBe('x509: malformed GeneralizedTime');
    expect(problem(pem(certificate({notAfter: generalized('20990230000000Z')})))).toBe('x509: malformed GeneralizedTime');
    expect(problem(pem(certificate({notAfter: tlv(0x13, ascii('20990101000000Z'))})))).toBe('x509: unsupported time format');
  });

  it('rejects what is no PEM, and a block whose bytes are no certificate', () => {
    expect(problem('hush hush hush\n')).toBe('pem decode failed');
    expect(problem('-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n')).toBe('pem decode failed');
    expect(problem('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')).toBe('x509: malformed certificate');
    expect(problem(pem(concat([certificate(), Uint8Array.from([0x30])])))).toBe('x509: malformed certificate');
  });

  it('checks the structure x509 checks before the validity: version, and the two signature algorithms alike', () => {
    expect(problem(pem(certificate({version: 3})))).toBe('x509: invalid version');
    // Go 1.23 on (istio 1.30 builds with 1.25) rejects a negative serial number; 0x00 0x80 is the positive 128.
    expect(problem(pem(certificate({serial: [0x80]})))).toBe('x509: negative serial number');
    expect(problem(pem(certificate({serial: [0x00, 0x80]})))).toBeUndefined();
    expect(problem(pem(certificate({serial: [0x00, 0x01]})))).toBe('x509: malformed serial number');
    const rsa = tlv(0x30, tlv(0x06, Uint8Array.from([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b])), tlv(0x05));
    expect(problem(pem(certificate({outerAlgorithm: rsa})))).toBe("x509: inner and outer signature algorithm identifiers don't match");
  });

  it('parses an empty block as no certificate at all, which Go lets through', () => {
    expect(problem('-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n')).toBeUndefined();
  });

  it('decodes the first well-formed block: a mismatched END skips to the next BEGIN, headers are skipped', () => {
    const broken = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END KEY-----\n';
    expect(decodePem(ascii(`${broken}-----BEGIN X-----\nProc-Type: 4,ENCRYPTED\n\nAQID\n-----END X-----\n`))).toEqual(Uint8Array.from([1, 2, 3]));
  });
});

const secret = (data: Record<string, string>) => ({apiVersion: 'v1', kind: 'Secret', data});
const encoded = (text: string) => Buffer.from(text).toString('base64');

describe('ExtractCertInfo: where a Secret keeps its certificate', () => {
  const valid = encoded(pem(certificate()));

  it('takes cert and key (generic), else tls.crt and tls.key, both non-empty', () => {
    expect(secretCertificateProblem(secret({cert: valid, key: encoded('k')}), now)).toBeUndefined();
    expect(secretCertificateProblem(secret({'tls.crt': valid, 'tls.key': encoded('k')}), now)).toBeUndefined();
    // The generic pair wins: its certificate is the one checked.
    expect(secretCertificateProblem(secret({cert: encoded('x'), key: encoded('k'), 'tls.crt': valid, 'tls.key': encoded('k')}), now)).toBe('pem decode failed');
  });

  it('names what it found when the pair is incomplete or empty', () => {
    expect(secretCertificateProblem(secret({'tls.crt': '', 'tls.key': ''}), now)).toBe('found keys "tls.crt" and "tls.key", but they were empty');
    expect(secretCertificateProblem(secret({'tls.cert': valid}), now)).toBe("found secret, but didn't have expected keys (cert and key) or (tls.crt and tls.key); found: tls.cert");
    expect(secretCertificateProblem(secret({'ca.crt': valid, a: '', b: '', c: ''}), now)).toBe("found secret, but didn't have expected keys (cert and key) or (tls.crt and tls.key); found: a, b, c, and 1 more...");
  });

  it('reads data as base64, as the Secret decodes it', () => {
    expect(secretCertificateProblem(secret({'tls.crt': 'not base64', 'tls.key': encoded('k')}), now)).toBe('illegal base64 data in data.tls.crt');
  });

  it('ignores stringData: merging it into data is the API server\'s work, which istioctl\'s files never went through', () => {
    const written = {apiVersion: 'v1', kind: 'Secret', stringData: {'tls.crt': pem(certificate()), 'tls.key': 'k'}};
    expect(secretCertificateProblem(written, now)).toBe("found secret, but didn't have expected keys (cert and key) or (tls.crt and tls.key); found: ");
  });
});

/** A certificate of given parts: its version ([0]; null for v1), issuer, public key info, extensions ([3]) and signature. */
interface Fields {
  version?: number | null;
  issuer?: Uint8Array;
  spki?: Uint8Array;
  extensions?: Uint8Array[];
  signature?: Uint8Array;
}
const ed25519Spki = tlv(0x30, ed25519, tlv(0x03, new Uint8Array(33)));
function built({version = 2, issuer = name, spki = ed25519Spki, extensions, signature = tlv(0x03, new Uint8Array(65))}: Fields): Uint8Array {
  const tbs = tlv(0x30,
    ...(version === null ? [] : [tlv(0xa0, tlv(0x02, Uint8Array.from([version])))]),
    tlv(0x02, Uint8Array.from([1])), ed25519, issuer, tlv(0x30, utc('000101000000Z'), generalized('21000101000000Z')), name, spki,
    ...(extensions === undefined ? [] : [tlv(0xa3, tlv(0x30, ...extensions))]));
  return tlv(0x30, tbs, ed25519, signature);
}
const verdict = (fields: Fields) => problem(pem(built(fields)));
const bytes = (...values: number[]) => Uint8Array.from(values);
const extension = (oid: number[], value: Uint8Array, critical = false) =>
  tlv(0x30, tlv(0x06, bytes(...oid)), ...(critical ? [tlv(0x01, bytes(0xff))] : []), tlv(0x04, value));
const SUBJECT_KEY_ID = [0x55, 0x1d, 0x0e];
const KEY_USAGE = [0x55, 0x1d, 0x0f];
const SUBJECT_ALT_NAME = [0x55, 0x1d, 0x11];
const BASIC_CONSTRAINTS = [0x55, 0x1d, 0x13];
const NAME_CONSTRAINTS = [0x55, 0x1d, 0x1e];
const san = (...names: Uint8Array[]) => extension(SUBJECT_ALT_NAME, tlv(0x30, ...names));
const spkiOf = (publicKey: KeyObject) => new Uint8Array(publicKey.export({type: 'spki', format: 'der'}));

describe("x509's checks past the validity period (crypto/x509 parser.go)", () => {
  it('reads the issuer and subject names: string types, attribute OIDs', () => {
    const issuer = (tag: number, value: Uint8Array, oid = bytes(0x55, 0x04, 0x03)) => tlv(0x30, tlv(0x31, tlv(0x30, tlv(0x06, oid), tlv(tag, value))));
    expect(verdict({issuer: issuer(0x13, ascii('Mesh Dive CA'))})).toBeUndefined();
    expect(verdict({issuer: issuer(0x13, ascii('ops@meshdive'))})).toMatch(/^x509: invalid RDNSequence/);
    expect(verdict({issuer: issuer(0x0c, bytes(0xc3, 0x28))})).toMatch(/^x509: invalid RDNSequence/);
    expect(verdict({issuer: issuer(0x16, bytes(0xe9))})).toMatch(/^x509: invalid RDNSequence/);
    expect(verdict({issuer: issuer(0x0c, ascii('x'), bytes(0x80, 0x01))})).toBe('x509: invalid RDNSequence: invalid attribute type');
    expect(verdict({issuer: tlv(0x30, tlv(0x30))})).toBe('x509: invalid RDNSequence');
  });

  it('parses RSA and ECDSA keys of real key pairs, and refuses a point off its curve', () => {
    expect(verdict({spki: spkiOf(generateKeyPairSync('rsa', {modulusLength: 1024}).publicKey)})).toBeUndefined();
    for (const namedCurve of ['P-224', 'P-256', 'P-384', 'P-521']) {
      const spki = spkiOf(generateKeyPairSync('ec', {namedCurve}).publicKey);
      expect(verdict({spki}), namedCurve).toBeUndefined();
      const offCurve = spki.slice();
      offCurve[offCurve.length - 1]! ^= 1;
      expect(verdict({spki: offCurve}), namedCurve).toBe('x509: failed to unmarshal elliptic curve point');
    }
  });

  it('refuses keys their algorithm cannot read, and leaves an unknown algorithm unread', () => {
    const rsaOid = tlv(0x06, bytes(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01));
    const rsaKey = (modulus: number[], parameters: Uint8Array[] = [tlv(0x05)]) =>
      tlv(0x30, tlv(0x30, rsaOid, ...parameters), tlv(0x03, bytes(0, ...tlv(0x30, tlv(0x02, bytes(...modulus)), tlv(0x02, bytes(1, 0, 1))))));
    expect(verdict({spki: rsaKey([0x00, 0xc1])})).toBeUndefined();
    expect(verdict({spki: rsaKey([0x00, 0xc1], [])})).toBe('x509: RSA key missing NULL parameters');
    expect(verdict({spki: rsaKey([0xc1])})).toBe('x509: RSA modulus is not a positive number');
    const ecOid = tlv(0x06, bytes(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01));
    expect(verdict({spki: tlv(0x30, tlv(0x30, ecOid, tlv(0x06, bytes(0x2b, 0x81, 0x04, 0x00, 0x0a))), tlv(0x03, bytes(0, 4, 1, 2)))})).toBe('x509: unsupported elliptic curve');
    expect(verdict({spki: tlv(0x30, ed25519, tlv(0x03, new Uint8Array(32)))})).toBe('x509: wrong Ed25519 public key size');
    expect(verdict({spki: tlv(0x30, tlv(0x30, tlv(0x06, bytes(0x2a, 0x03, 0x04))), tlv(0x03, bytes(0, 0xde, 0xad)))})).toBeUndefined();
    // A BIT STRING's padding bits must be zero.
    expect(verdict({spki: tlv(0x30, ed25519, tlv(0x03, bytes(1, ...new Uint8Array(31), 1)))})).toBe('x509: malformed subjectPublicKey');
  });

  it('reads the extensions of a v3 certificate: no OID twice, known ones well formed', () => {
    expect(verdict({extensions: [extension(SUBJECT_KEY_ID, tlv(0x04, bytes(1, 2)))]})).toBeUndefined();
    expect(verdict({extensions: [extension(SUBJECT_KEY_ID, tlv(0x04, bytes(1))), extension(SUBJECT_KEY_ID, tlv(0x04, bytes(2)))]}))
      .toBe('x509: certificate contains duplicate extension with OID "2.5.29.14"');
    expect(verdict({extensions: [extension(SUBJECT_KEY_ID, tlv(0x04, bytes(1)), true)]})).toBe('x509: subject key identifier incorrectly marked critical');
    expect(verdict({extensions: [extension(KEY_USAGE, tlv(0x03, bytes(9, 0x80)))]})).toBe('x509: invalid key usage');
    expect(verdict({extensions: [extension(BASIC_CONSTRAINTS, tlv(0x30, tlv(0x01, bytes(0xff)), tlv(0x02, bytes(0xff))))]})).toBe('x509: invalid basic constraints');
    expect(verdict({extensions: [extension(NAME_CONSTRAINTS, tlv(0x30))]})).toBe('x509: empty name constraints extension');
    // An extension x509 does not know is kept as it is, critical or not.
    expect(verdict({extensions: [extension([0x2a, 0x03, 0x04], bytes(0xff, 0xff), true)]})).toBeUndefined();
  });

  it("reads subject alternative names: IA5 text, URIs url.Parse reads with a valid host, 4- or 16-byte IPs", () => {
    expect(verdict({extensions: [san(tlv(0x82, ascii('reviews.example.com')), tlv(0x86, ascii('spiffe://cluster.local/ns/default/sa/reviews')), tlv(0x87, bytes(10, 0, 0, 1)))]})).toBeUndefined();
    expect(verdict({extensions: [san(tlv(0x82, bytes(0x72, 0xe9)))]})).toBe('x509: SAN dNSName is malformed');
    expect(verdict({extensions: [san(tlv(0x86, ascii('https://reviews/%zz')))]})).toMatch(/^x509: cannot parse URI "https:\/\/reviews\/%zz": invalid URL escape/);
    expect(verdict({extensions: [san(tlv(0x86, ascii('https://reviews.example.com./')))]})).toMatch(/invalid domain$/);
    expect(verdict({extensions: [san(tlv(0x87, bytes(10, 0, 0, 1, 1)))]})).toBe('x509: cannot parse IP address of length 5');
    expect(verdict({extensions: [san(tlv(0x87, bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1)))]})).toBe('x509: SAN iPAddress contains IPv4-mapped IPv6 address');
  });

  it('reads extensions in v3 only, and checks the signature BIT STRING', () => {
    const garbage = [extension(SUBJECT_KEY_ID, tlv(0x02, bytes(1)))];
    expect(verdict({extensions: garbage})).toBe('x509: invalid subject key identifier');
    expect(verdict({version: null, extensions: garbage})).toBeUndefined();
    expect(verdict({version: 1, extensions: garbage})).toBeUndefined();
    expect(verdict({signature: tlv(0x03, bytes(8, 0))})).toBe('x509: malformed signature');
  });
});
