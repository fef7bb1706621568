/**
 * An Ed25519 private key's public key, as crypto/ed25519 NewKeyFromSeed derives it (RFC 8032
 * 5.1.5): SHA-512 of the 32-byte seed, its first half clamped as the scalar, the scalar times the
 * base point, encoded as y with x's sign in the top bit. Written without Node's crypto so that the
 * engine runs in the browser too; used only to compare a key with its certificate (keyPair.ts).
 */

const P = (1n << 255n) - 19n;
const mod = (value: bigint) => ((value % P) + P) % P;

function power(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = mod(base);
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = mod(result * b);
    b = mod(b * b);
  }
  return result;
}

const invert = (value: bigint) => power(value, P - 2n);
/** d = −121665/121666 (RFC 8032 5.1). */
const D = mod(-121665n * invert(121666n));
/** The base point: y = 4/5, x the even root (RFC 8032 5.1). */
const BASE_Y = mod(4n * invert(5n));
const BASE_X = 15112221349535400772501151409588531511454012693041857206046113283949847762202n;

type Extended = {x: bigint; y: bigint; z: bigint; t: bigint};

/** Addition in extended coordinates for a = −1 (RFC 8032 5.1.4), which also doubles. */
function add(a: Extended, b: Extended): Extended {
  const pa = mod((a.y - a.x) * (b.y - b.x));
  const pb = mod((a.y + a.x) * (b.y + b.x));
  const c = mod(a.t * 2n * D * b.t);
  const d = mod(a.z * 2n * b.z);
  const e = pb - pa;
  const f = d - c;
  const g = d + c;
  const h = pb + pa;
  return {x: mod(e * f), y: mod(g * h), z: mod(f * g), t: mod(e * h)};
}

/** NewKeyFromSeed's public half for a 32-byte seed. */
export function ed25519PublicKey(seed: Uint8Array): Uint8Array {
  const digest = sha512(seed);
  const scalarBytes = digest.slice(0, 32);
  scalarBytes[0]! &= 248;
  scalarBytes[31]! &= 127;
  scalarBytes[31]! |= 64;
  let scalar = 0n;
  for (let i = 31; i >= 0; i--) scalar = (scalar << 8n) | BigInt(scalarBytes[i]!);
  let result: Extended = {x: 0n, y: 1n, z: 1n, t: 0n};
  let addend: Extended = {x: BASE_X, y: BASE_Y, z: 1n, t: mod(BASE_X * BASE_Y)};
  for (let k = scalar; k > 0n; k >>= 1n) {
    if (k & 1n) result = add(result, addend);
    addend = add(addend, addend);
  }
  const zInverse = invert(result.z);
  const x = mod(result.x * zInverse);
  let y = mod(result.y * zInverse);
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    out[i] = Number(y & 0xffn);
    y >>= 8n;
  }
  out[31]! |= Number(x & 1n) << 7;
  return out;
}

// --- SHA-512 (FIPS 180-4 6.4) ---

const MASK = (1n << 64n) - 1n;
const rotr = (x: bigint, n: bigint) => ((x >> n) | (x << (64n - n))) & MASK;

/** The first 64 bits of the fractional parts of the cube roots of the first 80 primes (FIPS 180-4 4.2.3). */
const K = [
  '428a2f98d728ae22', '7137449123ef65cd', 'b5c0fbcfec4d3b2f', 'e9b5dba58189dbbc', '3956c25bf348b538', '59f111f1b605d019', '923f82a4af194f9b', 'ab1c5ed5da6d8118',
  'd807aa98a3030242', '12835b0145706fbe', '243185be4ee4b28c', '550c7dc3d5ffb4e2', '72be5d74f27b896f', '80deb1fe3b1696b1', '9bdc06a725c71235', 'c19bf174cf692694',
  'e49b69c19ef14ad2', 'efbe4786384f25e3', '0fc19dc68b8cd5b5', '240ca1cc77ac9c65', '2de92c6f592b0275', '4a7484aa6ea6e483', '5cb0a9dcbd41fbd4', '76f988da831153b5',
  '983e5152ee66dfab', 'a831c66d2db43210', 'b00327c898fb213f', 'bf597fc7beef0ee4', 'c6e00bf33da88fc2', 'd5a79147930aa725', '06ca6351e003826f', '142929670a0e6e70',
  '27b70a8546d22ffc', '2e1b21385c26c926', '4d2c6dfc5ac42aed', '53380d139d95b3df', '650a73548baf63de', '766a0abb3c77b2a8', '81c2c92e47edaee6', '92722c851482353b',
  'a2bfe8a14cf10364', 'a81a664bbc423001', 'c24b8b70d0f89791', 'c76c51a30654be30', 'd192e819d6ef5218', 'd69906245565a910', 'f40e35855771202a', '106aa07032bbd1b8',
  '19a4c116b8d2d0c8', '1e376c085141ab53', '2748774cdf8eeb99', '34b0bcb5e19b48a8', '391c0cb3c5c95a63', '4ed8aa4ae3418acb', '5b9cca4f7763e373', '682e6ff3d6b2b8a3',
  '748f82ee5defb2fc', '78a5636f43172f60', '84c87814a1f0ab72', '8cc702081a6439ec', '90befffa23631e28', 'a4506cebde82bde9', 'bef9a3f7b2c67915', 'c67178f2e372532b',
  'ca273eceea26619c', 'd186b8c721c0c207', 'eada7dd6cde0eb1e', 'f57d4f7fee6ed178', '06f067aa72176fba', '0a637dc5a2c898a6', '113f9804bef90dae', '1b710b35131c471b',
  '28db77f523047d84', '32caab7b40c72493', '3c9ebe0a15c9bebc', '431d67c49c100d4c', '4cc5d4becb3e42b6', '597f299cfc657e2a', '5fcb6fab3ad6faec', '6c44198c4a475817',
].map((hex) => BigInt(`0x${hex}`));

const INITIAL = ['6a09e667f3bcc908', 'bb67ae8584caa73b', '3c6ef372fe94f82b', 'a54ff53a5f1d36f1', '510e527fade682d1', '9b05688c2b3e6c1f', '1f83d9abfb41bd6b', '5be0cd19137e2179']
  .map((hex) => BigInt(`0x${hex}`));

export function sha512(message: Uint8Array): Uint8Array {
  const length = message.length;
  const padded = new Uint8Array(Math.ceil((length + 17) / 128) * 128);
  padded.set(message);
  padded[length] = 0x80;
  let bits = BigInt(length) * 8n;
  for (let i = padded.length - 1; bits > 0n; i--, bits >>= 8n) padded[i] = Number(bits & 0xffn);
  const h = [...INITIAL];
  const w = new Array<bigint>(80);
  for (let offset = 0; offset < padded.length; offset += 128) {
    for (let t = 0; t < 16; t++) {
      let word = 0n;
      for (let j = 0; j < 8; j++) word = (word << 8n) | BigInt(padded[offset + t * 8 + j]!);
      w[t] = word;
    }
    for (let t = 16; t < 80; t++) {
      const s0 = rotr(w[t - 15]!, 1n) ^ rotr(w[t - 15]!, 8n) ^ (w[t - 15]! >> 7n);
      const s1 = rotr(w[t - 2]!, 19n) ^ rotr(w[t - 2]!, 61n) ^ (w[t - 2]! >> 6n);
      w[t] = (w[t - 16]! + s0 + w[t - 7]! + s1) & MASK;
    }
    let [a, b, c, d, e, f, g, hh] = h as [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];
    for (let t = 0; t < 80; t++) {
      const t1 = (hh + (rotr(e, 14n) ^ rotr(e, 18n) ^ rotr(e, 41n)) + ((e & f) ^ (~e & MASK & g)) + K[t]! + w[t]!) & MASK;
      const t2 = ((rotr(a, 28n) ^ rotr(a, 34n) ^ rotr(a, 39n)) + ((a & b) ^ (a & c) ^ (b & c))) & MASK;
      [hh, g, f, e, d, c, b, a] = [g, f, e, (d + t1) & MASK, c, b, a, (t1 + t2) & MASK];
    }
    [a, b, c, d, e, f, g, hh].forEach((value, i) => { h[i] = (h[i]! + value) & MASK; });
  }
  const out = new Uint8Array(64);
  h.forEach((value, i) => {
    for (let j = 7; j >= 0; j--) {
      out[i * 8 + j] = Number(value & 0xffn);
      value >>= 8n;
    }
  });
  return out;
}
