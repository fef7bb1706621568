/**
 * `istioctl proxy-config listener POD[.NS] [--port N] [--address A] [--type T] [--verbose=false]` as
 * istioctl 1.30.3 prints it: istioctl/pkg/writer/envoy/configdump/listener.go PrintListenerSummary
 * over the sidecar's listeners (./sidecar-listeners.ts): ListenerFilter.Verify (port equal, address
 * and type compared without case), sorted by port, address, then type; verbose, a row per filter
 * chain (ADDRESSES, PORT, MATCH, DESTINATION), the chains sorted by destination, greatest first, with
 * sort.Slice (./go-sort.ts); otherwise ADDRESSES, PORT, TYPE. A tabwriter with padding 1.
 * With `-o json|yaml`, PrintListenerDump: the same listeners, unsorted, as Envoy's JSON
 * (./listener-json.ts), or that JSON through sigs.k8s.io/yaml JSONToYAML, printed with Fprintln.
 */
import type {StateModel} from './model';
import type {Proxy} from './istioctl-proxies';
import {portFlag, type ProxyConfigLine} from './istioctl-config';
import {goSortSlice} from './go-sort';
import {tabwrite} from './tabwriter';
import {allServicesHeld} from './sidecar-services';
import {listenerType, sidecarListeners, type EnvoyListener} from './sidecar-listeners';
import {gatewayListeners} from './gateway-config';
import {listenerDump} from './listener-json';
import {printJson} from './route-json';
import {jsonToYaml} from './output';

export interface ListenerRequest {
  section: 'listener';
  pod: string;
  namespace: string;
  port: number;
  address: string;
  type: string;
  verbose: boolean;
  output: 'short' | 'json' | 'yaml';
}

export function parseListener(line: ProxyConfigLine): ListenerRequest | undefined {
  const port = portFlag(line.flags['--port']);
  const output = line.flags['-o'] ?? line.flags['--output'] ?? 'short';
  if (port === undefined || (output !== 'short' && output !== 'json' && output !== 'yaml')) return undefined;
  return {
    section: 'listener', pod: line.pod, namespace: line.namespace, port,
    address: line.flags['--address'] ?? '', type: line.flags['--type'] ?? '', verbose: line.flags['--verbose'] !== 'false', output,
  };
}

const goCompare = (a: string | number, b: string | number): number => (a < b ? -1 : a > b ? 1 : 0);

function verify(request: ListenerRequest, listener: EnvoyListener): boolean {
  if (request.address !== '' && listener.address.toLowerCase() !== request.address.toLowerCase()) return false;
  if (request.port !== 0 && listener.port !== request.port) return false;
  return request.type === '' || listenerType(listener).toLowerCase() === request.type.toLowerCase();
}

export function printListeners(request: ListenerRequest, proxy: Proxy, model: StateModel): string {
  allServicesHeld(model, 'the listeners');
  const listeners = (proxy.type === 'router' ? gatewayListeners(proxy, model) : sidecarListeners(proxy, model)).filter((l) => verify(request, l));
  if (request.output !== 'short') {
    const dump = listenerDump(listeners, proxy, model);
    return request.output === 'yaml' ? `${jsonToYaml(dump)}\n` : printJson(dump);
  }
  listeners.sort((a, b) => goCompare(a.port, b.port) || goCompare(a.address, b.address) || goCompare(listenerType(a), listenerType(b)));
  const rows = [request.verbose ? 'ADDRESSES\tPORT\tMATCH\tDESTINATION' : 'ADDRESSES\tPORT\tTYPE'];
  for (const listener of listeners) {
    if (!request.verbose) {
      rows.push(`${listener.address}\t${listener.port}\t${listenerType(listener)}`);
      continue;
    }
    for (const chain of goSortSlice([...listener.chains], (a, b) => a.destination > b.destination)) {
      rows.push(`${listener.address}\t${listener.port}\t${chain.match}\t${chain.destination}`);
    }
  }
  return tabwrite(rows.map((row) => `${row}\n`).join(''), 0, 1);
}
