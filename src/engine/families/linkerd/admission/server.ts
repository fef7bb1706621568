/**
 * A Server as Linkerd's webhook reads it: serde into server.rs ServerSpec (`port` a non-zero
 * u16 or a name, `proxyProtocol` one of its variants, label values strings), then
 * Validate<ServerSpec>: `accessPolicy` parses as a DefaultPolicy (k8s/index defaults.rs).
 */
import {deny, type Obj} from './deny';
import {checkLabelValues} from './policies';
import {rustDebug, serdeUnexpected} from './rust';

const PROXY_PROTOCOLS = ['unknown', 'HTTP/1', 'HTTP/2', 'gRPC', 'opaque', 'TLS'];
/** defaults.rs DefaultPolicy::from_str. */
export const DEFAULT_POLICIES = ['all-authenticated', 'all-unauthenticated', 'cluster-authenticated', 'cluster-unauthenticated', 'deny', 'audit'];

function validPort(port: unknown): boolean {
  if (typeof port === 'string') return true;
  return typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535;
}

export function validateServer(spec: Obj): void {
  if (spec.port !== undefined && !validPort(spec.port)) deny('/spec/port', 'data did not match any variant of untagged enum Port');
  const protocol = spec.proxyProtocol;
  if (protocol !== undefined && protocol !== null) {
    if (typeof protocol !== 'string') deny('/spec/proxyProtocol', `invalid type: ${serdeUnexpected(protocol)}, expected enum ProxyProtocol`);
    if (!PROXY_PROTOCOLS.includes(protocol)) {
      deny('/spec/proxyProtocol', `unknown variant \`${protocol}\`, expected one of ${PROXY_PROTOCOLS.map((p) => `\`${p}\``).join(', ')}`);
    }
  }
  checkLabelValues(spec.podSelector, '/spec/podSelector');
  checkLabelValues(spec.externalWorkloadSelector, '/spec/externalWorkloadSelector');
  const policy = spec.accessPolicy;
  if (typeof policy === 'string' && !DEFAULT_POLICIES.includes(policy)) {
    deny('/spec/accessPolicy', `Invalid 'accessPolicy' field: invalid mode: ${rustDebug(policy)}`);
  }
}
