/**
 * crypto/tls X509KeyPair (Go 1.25, as istiod 1.30.3 runs it in conversion.go buildSecretReference)
 * and x509.CertPool.AppendCertsFromPEM (buildCaCertificateReference), as ported in
 * analyzers/gateway/keyPair.ts without Node's crypto. The error texts are Go's (crypto/tls tls.go;
 * TestX509KeyPairErrors in tls_test.go checks the first three). Node's crypto is used here only
 * to make keys and to check the SHA-512 the Ed25519 derivation needs.
 */
import {createHash, createPrivateKey, generateKeyPairSync} from 'node:crypto';
import {describe, expect, it} from 'vitest';
import {sha512} from '../../../src/engine/analysis/analyzers/gateway/ed25519';
import {appendsCertificates, x509KeyPairProblem} from '../../../src/engine/analysis/analyzers/gateway/keyPair';
import {CA_CERT, EC_CERT, EC_KEY_PKCS8, EC_KEY_SEC1, ED25519_CERT, ED25519_KEY, OTHER_EC_KEY, OTHER_RSA_KEY, P384_CERT, P384_KEY, RSA_CERT, RSA_KEY_PKCS1, RSA_KEY_PKCS8}
  from '../support/key-pairs';

const bytes = (text: string) => Buffer.from(text, 'latin1');
const pair = (cert: string, key: string) => x509KeyPairProblem(bytes(cert), bytes(key));

describe('a certificate and the key it was made with', () => {
  it('make a pair, whatever the key\'s encoding: RSA as PKCS #8 or PKCS #1, ECDSA as PKCS #8 or SEC 1, P-384, Ed25519', () => {
    expect(pair(RSA_CERT, RSA_KEY_PKCS8)).toBeUndefined();
    expect(pair(RSA_CERT, RSA_KEY_PKCS1)).toBeUndefined();
    expect(pair(EC_CERT, EC_KEY_PKCS8)).toBeUndefined();
    expect(pair(EC_CERT, EC_KEY_SEC1)).toBeUndefined();
    expect(pair(P384_CERT, P384_KEY)).toBeUndefined();
    expect(pair(ED25519_CERT, ED25519_KEY)).toBeUndefined();
  });

  it('skip blocks that are not keys before the key, and read only the first certificate of a chain', () => {
    expect(pair(EC_CERT + CA_CERT, `-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n${EC_KEY_SEC1}`)).toBeUndefined();
    expect(pair(CA_CERT + EC_CERT, EC_KEY_PKCS8)).toBe('tls: private key does not match public key');
  });
});

describe('a key that is not the certificate\'s', () => {
  it('does not match: the RSA modulus, the ECDSA point derived from the scalar, the Ed25519 public key', () => {
    expect(pair(RSA_CERT, OTHER_RSA_KEY)).toBe('tls: private key does not match public key');
    expect(pair(EC_CERT, OTHER_EC_KEY)).toBe('tls: private key does not match public key');
    const otherEd25519 = generateKeyPairSync('ed25519').privateKey.export({type: 'pkcs8', format: 'pem'}).toString();
    expect(pair(ED25519_CERT, otherEd25519)).toBe('tls: private key does not match public key');
  });

  it('of another type is refused before any comparison', () => {
    expect(pair(RSA_CERT, EC_KEY_PKCS8)).toBe('tls: private key type does not match public key type');
    expect(pair(EC_CERT, RSA_KEY_PKCS1)).toBe('tls: private key type does not match public key type');
    expect(pair(ED25519_CERT, EC_KEY_SEC1)).toBe('tls: private key type does not match public key type');
  });

  it('of a type tls does not take is refused after PKCS #8 parsed it (X25519)', () => {
    const x25519 = generateKeyPairSync('x25519').privateKey.export({type: 'pkcs8', format: 'pem'}).toString();
    expect(pair(EC_CERT, x25519)).toBe('tls: found unknown private key type in PKCS#8 wrapping');
  });

  it('that was altered no longer parses: an RSA key whose primes do not make its modulus', () => {
    const jwk = createPrivateKey(RSA_KEY_PKCS8).export({format: 'jwk'});
    const other = createPrivateKey(OTHER_RSA_KEY).export({format: 'jwk'});
    const mixed = createPrivateKey({key: {...jwk, p: other.p}, format: 'jwk'}).export({type: 'pkcs1', format: 'pem'}).toString();
    expect(pair(RSA_CERT, mixed)).toBe('tls: failed to parse private key');
  });
});

describe('inputs without the PEM blocks X509KeyPair looks for', () => {
  it('say which input lacks what, in Go\'s words', () => {
    expect(pair('pem', EC_KEY_PKCS8)).toBe('tls: failed to find any PEM data in certificate input');
    expect(pair(EC_KEY_PKCS8, EC_CERT)).toBe('tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched');
    expect(pair(EC_CERT, EC_CERT)).toBe('tls: found a certificate rather than a key in the PEM for the private key');
    expect(pair(EC_CERT, 'pem')).toBe('tls: failed to find any PEM data in key input');
    const params = '-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n';
    expect(pair(params + EC_KEY_PKCS8, EC_KEY_PKCS8))
      .toBe('tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [EC PARAMETERS PRIVATE KEY]');
    expect(pair(EC_CERT, params + EC_CERT))
      .toBe('tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: [EC PARAMETERS CERTIFICATE]');
  });

  it('report x509\'s error for a CERTIFICATE block that does not parse, and tls\'s for a key that does not', () => {
    expect(pair('-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n', EC_KEY_PKCS8)).toBe('x509: malformed tbs certificate');
    expect(pair(EC_CERT, '-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n')).toBe('tls: failed to parse private key');
  });
});

describe('a CA bundle (AppendCertsFromPEM)', () => {
  it('is taken when one CERTIFICATE block without headers parses, whatever else it holds', () => {
    expect(appendsCertificates(bytes(CA_CERT))).toBe(true);
    expect(appendsCertificates(bytes(`${EC_KEY_PKCS8}-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n${CA_CERT}`))).toBe(true);
  });

  it('is malformed when no certificate parses', () => {
    expect(appendsCertificates(bytes('not a bundle'))).toBe(false);
    expect(appendsCertificates(bytes(EC_KEY_PKCS8))).toBe(false);
    const withHeaders = CA_CERT.replace('-----BEGIN CERTIFICATE-----\n', '-----BEGIN CERTIFICATE-----\nProc-Type: 4,ENCRYPTED\n\n');
    expect(appendsCertificates(bytes(withHeaders))).toBe(false);
  });
});

describe('the SHA-512 behind the Ed25519 derivation', () => {
  it('agrees with Node\'s on messages around the block and padding edges', () => {
    for (const length of [0, 1, 111, 112, 127, 128, 129, 300]) {
      const message = Uint8Array.from({length}, (_, i) => (i * 31 + 7) & 0xff);
      expect(Buffer.from(sha512(message)).toString('hex')).toBe(createHash('sha512').update(message).digest('hex'));
    }
  });
});
