/**
 * crypto/x509's extensions of a v3 certificate (parseExtension, processExtensions in Go 1.25's
 * parser.go): no OID twice, and each extension x509 knows read as it reads it (key usage, basic
 * constraints, subject alternative names, name constraints, CRL distribution points, key
 * identifiers, policies, authority information access). Others are kept as they are.
 */
import {parseUrl, UrlParseError} from '../../../go/url';
import {isGoIP} from '../annotations/goParse';
import {bitString, constructed, context, Der, int64, isAscii, isBoolean, latin1, objectIdentifier, tags, uint64, type Element} from './der';

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
export function extensionsProblem(wrapper: Element): string | undefined {
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
