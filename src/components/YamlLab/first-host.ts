/**
 * The host the "Send a request" panel's request goes to by default: the first host a
 * VirtualService names (`hosts:` as a block list or a flow list), else the Service an
 * HTTPRoute has as parent (mesh traffic, GAMMA), else an HTTPRoute's first hostname that is
 * no wildcard. A line scan, linear in the text: the text may be a stranger's shared link or a
 * pasted megabyte, and this runs on the main thread.
 */
export function firstHost(yaml: string, fallback = 'reviews'): string {
  const lines = yaml.split('\n');
  let hostname: string | undefined;
  let serviceParent: string | undefined;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line.startsWith('hosts:')) {
      const host = listHead(lines, index, 'hosts:');
      if (host) return host;
    } else if (hostname === undefined && line.startsWith('hostnames:')) {
      const host = listHead(lines, index, 'hostnames:');
      if (host && !host.startsWith('*')) hostname = host;
    } else if (serviceParent === undefined && /^[\s-]/.test(lines[index]!) && SERVICE_KIND.test(line)) {
      serviceParent = nameNear(lines, index);
    }
  }
  return serviceParent ?? hostname ?? fallback;
}

/** A parentRef's `kind: Service` (not a top-level Service document, not `ServiceEntry`). */
const SERVICE_KIND = /\bkind:\s*["']?Service["']?\s*(?:[,}]|$)/;

/** The first item of the list under `key:` on line `index` (flow on the same line, or the next block item). */
function listHead(lines: readonly string[], index: number, key: string): string | undefined {
  const rest = lines[index]!.trim().slice(key.length).trim();
  const flow = /^\[\s*["']?([^\s"',\]]+)/.exec(rest);
  if (flow) return flow[1]!;
  if (rest !== '') return undefined;
  let next = index + 1;
  while (next < lines.length && lines[next]!.trim() === '') next++;
  return /^-\s*["']?([^\s"'#]+)/.exec(lines[next]?.trim() ?? '')?.[1];
}

/** `name:` on the line of a `kind: Service` parentRef (flow mapping) or within the two lines around it (block mapping). */
function nameNear(lines: readonly string[], index: number): string | undefined {
  for (const at of [index, index - 1, index + 1, index - 2, index + 2]) {
    const name = /(?:^|[{,\s-])name:\s*["']?([A-Za-z0-9.-]+)/.exec(lines[at] ?? '')?.[1];
    if (name) return name;
  }
  return undefined;
}
