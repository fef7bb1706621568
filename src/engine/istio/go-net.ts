/** Go's net package, as far as istiod's and istioctl's address checks use it. */

/** Go's net.SplitHostPort: [host, port], or the reason its AddrError gives. */
export function splitHostPort(hostport: string): [string, string] | string {
  const i = hostport.lastIndexOf(':');
  if (i < 0) return 'missing port in address';
  let host: string;
  let j = 0;
  let k = 0;
  if (hostport.startsWith('[')) {
    const end = hostport.indexOf(']');
    if (end < 0) return "missing ']' in address";
    if (end + 1 === hostport.length) return 'missing port in address';
    if (end + 1 !== i) return hostport[end + 1] === ':' ? 'too many colons in address' : 'missing port in address';
    host = hostport.slice(1, end);
    j = 1;
    k = end + 1;
  } else {
    host = hostport.slice(0, i);
    if (host.includes(':')) return 'too many colons in address';
  }
  if (hostport.slice(j).includes('[')) return "unexpected '[' in address";
  if (hostport.slice(k).includes(']')) return "unexpected ']' in address";
  return [host, hostport.slice(i + 1)];
}
