/** ValidateWorkloadEntry (validation.go): an address (IP, FQDN or unix socket), valid ports and labels. */
import {asObject, stringOr, type Obj} from './access';
import {validateLabels, validatePort} from './common';
import {fqdnError, isIpAddress, isIstioDns1123Label} from './hosts';
import {Report, at} from './report';

export function validateWorkloadEntry(report: Report, spec: Obj): void {
  const address = stringOr(spec.address);
  if (address === '') {
    if (!stringOr(spec.network)) report.error('/spec', 'address is required', 'key');
    else report.warning('/spec', `address is unset with network ${JSON.stringify(stringOr(spec.network))}`, 'key');
  } else if (address.startsWith('unix://')) {
    const socket = address.slice('unix://'.length);
    if (!socket.startsWith('@') && (!socket.startsWith('/') || socket.endsWith('/'))) report.error('/spec/address', `${socket} is not an absolute path to a file`);
    if (Object.keys(asObject(spec.ports) ?? {}).length) report.error('/spec/ports', `unix endpoint ${address} must not include ports`, 'key');
  } else if (!isIpAddress(address) && fqdnError(address)) {
    report.error('/spec/address', `endpoint address ${JSON.stringify(address)} is not a valid FQDN or an IP address`);
  }
  for (const [name, port] of Object.entries(asObject(spec.ports) ?? {})) {
    if (!isIstioDns1123Label(name)) report.error(at('/spec/ports', name), `invalid port name: ${name}`, 'key');
    validatePort(report, at('/spec/ports', name), port);
  }
  validateLabels(report, '/spec/labels', spec.labels);
}
