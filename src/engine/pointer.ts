/** JSON pointers (RFC 6901), the engine's way of naming a place inside a resource. */

export function escapePointerSegment(segment: string | number): string {
  const text = String(segment);
  // Most segments (field names, indexes) need no escaping; skip the regexes for them.
  return text.includes('~') || text.includes('/') ? text.replace(/~/g, '~0').replace(/\//g, '~1') : text;
}

export function joinPointer(base: string, ...segments: Array<string | number>): string {
  return segments.reduce<string>((pointer, segment) => `${pointer}/${escapePointerSegment(segment)}`, base);
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
