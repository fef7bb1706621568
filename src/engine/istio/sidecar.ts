/** ValidateSidecar (validation.go): the parts that most often go wrong in labs. */
import {asArray, asObject, isSet, type Obj} from './access';
import {isIstioDns1123Label, partialWildcardError, wildcardDomainError} from './hosts';
import {Report, at} from './report';

export function validateSidecar(report: Report, spec: Obj): void {
  const selector = asObject(spec.workloadSelector);
  if (selector && Object.keys(asObject(selector.labels) ?? {}).length === 0) {
    report.warning('/spec/workloadSelector', 'sidecar: workload selector specified without labels, will be applied to all services in namespace', 'key');
  }
  if (!asArray(spec.egress).length && !asArray(spec.ingress).length && !isSet(spec.outboundTrafficPolicy) && !isSet(spec.inboundConnectionPool)) {
    report.error('/spec', 'sidecar: empty configuration provided', 'key');
    return;
  }
  asArray(spec.ingress).forEach((value, i) => {
    const ingress = asObject(value);
    if (ingress && !isSet(ingress.port)) report.error(at('/spec/ingress', i), 'sidecar: port is required for ingress listeners');
  });
  const egress = asArray(spec.egress);
  egress.forEach((value, i) => {
    const listener = asObject(value);
    const path = at('/spec/egress', i);
    if (!listener) return;
    if (!isSet(listener.port) && i !== egress.length - 1) report.error(path, 'sidecar: the egress listener with empty port should be the last listener in the list');
    const hosts = asArray(listener.hosts);
    if (hosts.length === 0) report.error(path, 'sidecar: egress listener must contain at least one host');
    hosts.forEach((host, j) => {
      if (typeof host === 'string') validateNamespaceSlashHost(report, at(path, 'hosts', j), host);
    });
  });
}

function validateNamespaceSlashHost(report: Report, path: string, host: string): void {
  const slash = host.indexOf('/');
  if (slash === -1) {
    report.error(path, 'host must be of form namespace/dnsName');
    return;
  }
  const namespace = host.slice(0, slash);
  const dnsName = host.slice(slash + 1);
  if (!namespace || !dnsName) report.error(path, 'config namespace and dnsName in host entry cannot be empty');
  if (!['*', '.', '~'].includes(namespace) && !isIstioDns1123Label(namespace)) report.error(path, `invalid namespace value ${JSON.stringify(namespace)} in sidecar`);
  if (dnsName !== '*' && !dnsName.includes('.')) report.error(path, 'short names (non FQDN) are not allowed');
  const error = wildcardDomainError(dnsName);
  if (error) report.error(path, error);
  const partial = partialWildcardError(dnsName);
  if (partial) report.error(path, partial);
}
