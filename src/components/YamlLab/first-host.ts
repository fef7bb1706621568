/**
 * The first host a VirtualService names (`hosts:` as a block list or a flow list): where the
 * "Send a request" panel's request goes by default. A line scan, linear in the text: the
 * text may be a stranger's shared link or a pasted megabyte, and this runs on the main thread.
 */
export function firstHost(yaml: string, fallback = 'reviews'): string {
  const lines = yaml.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (!line.startsWith('hosts:')) continue;
    const rest = line.slice('hosts:'.length).trim();
    const flow = /^\[\s*["']?([^\s"',\]]+)/.exec(rest);
    if (flow) return flow[1]!;
    if (rest !== '') continue;
    let next = index + 1;
    while (next < lines.length && lines[next]!.trim() === '') next++;
    const item = /^-\s*["']?([^\s"'#]+)/.exec(lines[next]?.trim() ?? '');
    if (item) return item[1]!;
  }
  return fallback;
}
