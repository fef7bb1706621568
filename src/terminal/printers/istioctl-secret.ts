/**
 * `istioctl proxy-config secret POD` (istioctl 1.30.3 proxyconfig.go secretConfigCmd): the summary
 * configdump.go PrintSecretSummary prints from the Envoy's secrets config dump, through
 * compare/sds/util.go GetEnvoySecrets (warming secrets, then active ones, in the dump's order) and
 * writer.go printSecretItemsTabular (tabwriter padding 5; TRUST DOMAIN only when every certificate
 * names one, which istiod's self-signed root does not).
 *
 * The secrets are the SDS resources the proxy's configuration names (./cluster-tls-json.ts,
 * ./gateway-tls-json.ts, the inbound chains): the workload certificate `default` (Cert Chain, its
 * SPIFFE URI naming the trust domain) and the root `ROOTCA` (CA), each ACTIVE once the agent
 * answered. Envoy's secret manager dumps TLS certificates, then validation contexts, each kind from
 * a hash map of its providers: two of a kind come in an order no model decides, a gap (a gateway's
 * `kubernetes://NAME` credentials beside `default`, a DestinationRule's `file-root:` CA beside
 * ROOTCA). Serials (`%032x`) and validity are the recording's (./mesh-certificates.ts), VALID CERT
 * is judged against the state's clock. `-o json|yaml` (PrintSecretDump) prints the PEM, which is not
 * recorded: a gap. A pod without a proxy gets istioctl's port-forward error, which names the random
 * local port it took: a gap too.
 */
import type {JsonObject} from './route-json';
import {field, list, ModelGap, type StateModel} from './model';
import {findProxy, proxyContainer, type Proxy} from './istioctl-proxies';
import {checkProxy, outboundClusters} from './sidecar-clusters';
import {allServicesHeld} from './sidecar-services';
import {mergedPolicy} from './cluster-json';
import {hasWorkloadSelector, userTls} from './cluster-tls-json';
import {asObject} from '../../engine/istio/access';
import {mergeGateways, isPassthrough} from './gateway-servers';
import {gatewayDownstreamTls} from './gateway-tls-json';
import {certificateValid, meshRootCertificate, serialHex32, type RecordedCertificate} from './mesh-certificates';
import {tabwrite} from './tabwriter';

export interface SecretRequest {
  section: 'secret';
  pod: string;
  namespace: string;
  output: 'short' | 'json' | 'yaml';
}

/** The SDS resources a piece of Envoy configuration names: its TLS certificates and its validation contexts. */
interface SdsNames {
  certificates: Set<string>;
  validation: Set<string>;
}

function collectSdsNames(value: unknown, into: SdsNames): void {
  if (Array.isArray(value)) {
    for (const item of value) collectSdsNames(item, into);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const object = value as JsonObject;
  for (const config of list(object.tlsCertificateSdsSecretConfigs)) into.certificates.add(String(field(config, 'name')));
  const validation = field(object, 'validationContextSdsSecretConfig', 'name') ?? field(object, 'combinedValidationContext', 'validationContextSdsSecretConfig', 'name');
  if (typeof validation === 'string') into.validation.add(validation);
  for (const inner of Object.values(object)) collectSdsNames(inner, into);
}

/**
 * The SDS resources Envoy asks for: those of its outbound clusters' TLS sockets (a rule's SIMPLE or
 * MUTUAL as ./cluster-tls-json.ts builds it; Istio mTLS, auto or written, names `default` and
 * `ROOTCA`), a gateway's terminating servers' sockets, and a sidecar's inbound mTLS chains
 * (authn/utils BuildInboundTLS: `default` and `ROOTCA`).
 */
function proxySdsNames(proxy: Proxy, model: StateModel): SdsNames {
  allServicesHeld(model, 'the secrets of every cluster');
  const names: SdsNames = {certificates: new Set(), validation: new Set()};
  for (const cluster of outboundClusters(proxy, model)) {
    const rule = cluster.rule;
    const tls = asObject(mergedPolicy(rule, cluster.subset, cluster.port).tls);
    if (tls?.mode !== 'SIMPLE' && tls?.mode !== 'MUTUAL') continue;
    const what = `DestinationRule ${rule!.namespace}/${rule!.name}`;
    collectSdsNames(userTls(tls, what, {sidecar: proxy.type === 'sidecar', ruleHasSelector: hasWorkloadSelector(rule!.value.spec), http2: false}).socket, names);
  }
  names.certificates.add('default');
  names.validation.add('ROOTCA');
  if (proxy.type === 'router') {
    for (const server of mergeGateways(proxy, model).serverPorts.flatMap((port) => port.servers)) {
      if (server.tlsMode !== undefined && !isPassthrough(server)) collectSdsNames(gatewayDownstreamTls(server, model), names);
    }
  }
  return names;
}

function only(names: Set<string>, kind: string, proxy: Proxy): string | undefined {
  if (names.size > 1) throw new ModelGap(`pod ${proxy.pod.namespace}/${proxy.pod.name}'s Envoy holds ${names.size} ${kind} (${[...names].sort().join(', ')}), which its secret manager dumps from a hash map: their order is not in the model`);
  return [...names][0];
}

/** One secretMetaFromCert row: RESOURCE NAME, TYPE, STATUS, VALID CERT, SERIAL NUMBER, NOT AFTER, NOT BEFORE. */
function row(name: string, type: 'Cert Chain' | 'CA', certificate: RecordedCertificate, now: number): string[] {
  return [name, type, 'ACTIVE', String(certificateValid(certificate, now)), serialHex32(certificate.serial), certificate.notAfter, certificate.notBefore];
}

export function printSecrets(request: SecretRequest, model: StateModel): string {
  const pod = model.objects.find((o) => o.group === '' && o.kind === 'Pod' && o.namespace === request.namespace && o.name === request.pod);
  if (pod && !proxyContainer(pod)) throw new ModelGap(`pod ${request.namespace}/${request.pod} has no Envoy: istioctl's error names the random local port its port-forward took, which is not in the model`);
  const proxy = findProxy(request.pod, request.namespace, model);
  checkProxy(proxy, model);
  if (request.output !== 'short') throw new ModelGap('the certificates\' PEM, which -o json|yaml prints with the secrets\' versions and update times, is not recorded');
  if (model.now === undefined) throw new ModelGap('the state has no clock, against which VALID CERT is judged');
  const names = proxySdsNames(proxy, model);
  const certificate = only(names.certificates, 'certificates', proxy);
  const validation = only(names.validation, 'validation contexts', proxy);
  if (certificate === undefined && validation === undefined) return 'No active or warming secrets found.\n';
  const facts = model.certificates;
  const rows: string[][] = [];
  if (certificate !== undefined) {
    const leaf = facts?.proxies.find((p) => p.pod === proxy.pod.name && p.namespace === proxy.pod.namespace);
    if (certificate !== 'default') throw new ModelGap(`the certificate of ${certificate} is not read from the model here`);
    if (!leaf) throw new ModelGap(`the session does not record the workload certificate pod ${proxy.pod.namespace}/${proxy.pod.name}'s proxy holds`);
    rows.push(row('default', 'Cert Chain', leaf, model.now));
  }
  if (validation !== undefined) {
    const root = meshRootCertificate(model);
    if (validation !== 'ROOTCA') throw new ModelGap(`the CA of ${validation} is not read from the model here`);
    if (!root) throw new ModelGap('the session does not record the mesh\'s root certificate');
    rows.push(row('ROOTCA', 'CA', root, model.now));
  }
  const header = ['RESOURCE NAME', 'TYPE', 'STATUS', 'VALID CERT', 'SERIAL NUMBER', 'NOT AFTER', 'NOT BEFORE'];
  return tabwrite(`${[header, ...rows].map((cells) => cells.join('\t')).join('\n')}\n`, 0, 5);
}
