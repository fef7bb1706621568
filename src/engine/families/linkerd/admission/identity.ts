/**
 * policy-controller/runtime/src/validation.rs validate_identity: a MeshTLSAuthentication
 * identity is a SPIFFE ID (`spiffe://trust-domain/path`, checked as rust-spiffe checks it) or a
 * DNS-like name, `*` allowed as the first label.
 */
const SCHEME = 'spiffe://';
const TRUST_DOMAIN_CHARS = /^[a-z0-9\-._]*$/;
const PATH_SEGMENT_CHAR = /^[a-zA-Z0-9\-._]$/;
const DNS_LIKE_IDENTITY_REGEX = String.raw`^(\*|[a-z0-9]([-a-z0-9]*[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`;
const DNS_LIKE_IDENTITY = new RegExp(DNS_LIKE_IDENTITY_REGEX);

/** validation.rs IdError's messages. */
export const ID_ERRORS = {
  missingTrustDomain: 'SPIFFE trust domain is missing',
  badTrustDomainChar: 'SPIFFE trust domain characters are limited to lowercase letters, numbers, dots, dashes, and underscores',
  badPathSegmentChar: 'SPIFFE path segment characters are limited to letters, numbers, dots, dashes, and underscores',
  emptySegment: 'SPIFFE path cannot contain empty segments',
  dotSegment: 'SPIFFE path cannot contain dot segments',
  trailingSlash: 'SPIFFE path cannot have a trailing slash',
  invalid: `identity must be a valid SPIFFE id or a DNS SAN, matching the regex: ${DNS_LIKE_IDENTITY_REGEX}`,
} as const;

/** The reason `id` is refused, undefined when it is valid. */
export function identityError(id: string): string | undefined {
  if (!id.startsWith(SCHEME)) return DNS_LIKE_IDENTITY.test(id) ? undefined : ID_ERRORS.invalid;
  const rest = id.slice(SCHEME.length);
  const slash = rest.indexOf('/');
  const end = slash < 0 ? rest.length : slash;
  if (end === 0) return ID_ERRORS.missingTrustDomain;
  if (!TRUST_DOMAIN_CHARS.test(rest.slice(0, end))) return ID_ERRORS.badTrustDomainChar;
  const path = rest.slice(end);
  return path === '' ? undefined : pathError(path);
}

/** validation.rs validate_path: segments between slashes, each non-empty, not `.` or `..`, of the allowed characters. */
function pathError(path: string): string | undefined {
  let segmentStart = 0;
  const chars = [...path];
  let index = 0;
  for (const c of chars) {
    if (c === '/') {
      const segment = path.slice(segmentStart, index);
      if (segment === '/') return ID_ERRORS.emptySegment;
      if (segment === '/.' || segment === '/..') return ID_ERRORS.dotSegment;
      segmentStart = index;
    } else if (!PATH_SEGMENT_CHAR.test(c)) return ID_ERRORS.badPathSegmentChar;
    index += c.length;
  }
  const last = path.slice(segmentStart);
  if (last === '/') return ID_ERRORS.trailingSlash;
  if (last === '/.' || last === '/..') return ID_ERRORS.dotSegment;
  return undefined;
}
