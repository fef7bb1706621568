/** JSON pointers (RFC 6901), the engine's way of naming a place inside a resource. */

export function escapePointerSegment(segment: string | number): string {
  // An index needs no escaping, nor do most field names: skip the regexes for them.
  if (typeof segment !== 'string') return String(segment);
  return segment.includes('~') || segment.includes('/') ? segment.replace(/~/g, '~0').replace(/\//g, '~1') : segment;
}

/** Built by a loop, not reduce and a closure: the webhook rules build one for most fields they visit. */
export function joinPointer(base: string, ...segments: Array<string | number>): string {
  let pointer = base;
  for (let i = 0; i < segments.length; i++) pointer += `/${escapePointerSegment(segments[i]!)}`;
  return pointer;
}

export function splitPointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Kubernetes-style field path for messages: /spec/http/0/route → spec.http[0].route */
export function pointerToFieldPath(pointer: string): string {
  let path = '';
  for (const segment of splitPointer(pointer)) {
    if (/^(0|[1-9][0-9]*)$/.test(segment)) path += `[${segment}]`;
    else path += path === '' ? segment : `.${segment}`;
  }
  return path;
}
