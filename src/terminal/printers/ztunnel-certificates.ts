/**
 * `istioctl ztunnel-config certificates` (istioctl 1.30.3 configdump/certificates.go
 * PrintSecretSummary, tabwriter padding 5) for one ztunnel: the certificates its SecretManager holds,
 * as ztunnel 1.30.3's admin dump_certs lists them (sorted by identity). In ambient mode ztunnel
 * prefetches a certificate for the identity of each HBONE workload on its node, and istiod's CA signs
 * it with its self-signed root: each identity prints a Leaf row and a Root row. Validity is a fact of the recording
 * (scenario.yaml's `cluster.ztunnel`), serials too when it kept them, else ./mesh-certificates.ts derives
 * them (withZtunnelSerials); VALID CERT compares them with the state's clock (certNotExpired).
 */
import {byteOrder} from './jsonpath';
import {certificateValid, meshRootCertificate, serialHex, withSerial, type RecordedCertificate, type WrittenCertificate} from './mesh-certificates';
import {field, ModelGap, type ModelObject, type StateModel} from './model';
import {tabwrite} from './tabwriter';
import type {ZtunnelDump} from './ztunnel-dump';

/** scenario.yaml's `cluster.ztunnel`: the mesh's root and the leaf each node's ztunnel holds per identity. */
export interface ZtunnelFacts {
  root: RecordedCertificate;
  leaves: ReadonlyArray<RecordedCertificate & {node: string; identity: string}>;
  /** Per state, the connections the ztunnels proxied (./ztunnel-connections.ts). */
  connections?: Readonly<Record<string, readonly import('./ztunnel-connections').RecordedConnection[]>>;
}

/** scenario.yaml's `cluster.ztunnel`, serials optional. */
export interface WrittenZtunnelFacts extends Omit<ZtunnelFacts, 'root' | 'leaves'> {
  root: WrittenCertificate;
  leaves: ReadonlyArray<WrittenCertificate & {node: string; identity: string}>;
}

/** `cluster.ztunnel` with every serial: the root's subject `root` (cluster.certificates' root), a leaf's `NODE IDENTITY`. */
export function withZtunnelSerials(facts: WrittenZtunnelFacts): ZtunnelFacts {
  return {...facts, root: withSerial(facts.root, 'root'), leaves: facts.leaves.map((leaf) => withSerial(leaf, `${leaf.node} ${leaf.identity}`))};
}

/**
 * cert_fetcher.rs should_prefetch_certificate: the workloads on the ztunnel's node that speak HBONE;
 * their identities (Workload::identity, `spiffe://TRUST_DOMAIN/ns/NS/sa/SA`), sorted as dump_certs sorts.
 */
function localIdentities(node: unknown, dump: ZtunnelDump): string[] {
  const identities = dump.workloads.filter((w) => w.node === node && w.protocol === 'HBONE')
    .map((w) => `spiffe://${w.trustDomain}/ns/${w.namespace}/sa/${w.serviceAccount}`);
  return [...new Set(identities)].sort(byteOrder);
}

export function printCertificates(ztunnel: ModelObject, dump: ZtunnelDump, model: StateModel, output: 'short' | 'json' | 'yaml'): string {
  if (output !== 'short') throw new ModelGap('the certificates\' PEM, which -o json|yaml prints, is not recorded');
  const facts = model.ztunnel;
  if (model.now === undefined) throw new ModelGap('the state has no clock, against which VALID CERT is judged');
  const node = field(ztunnel.value, 'spec', 'nodeName');
  const rows = localIdentities(node, dump).flatMap((identity) => {
    const leaf = facts?.leaves.find((l) => l.node === node && l.identity === identity);
    const root = meshRootCertificate(model);
    if (!facts || !leaf || !root) throw new ModelGap(`the session does not record the certificate ztunnel ${ztunnel.name} holds for ${identity}`);
    return [
      [identity, 'Leaf', 'Available', String(certificateValid(leaf, model.now!)), serialHex(leaf.serial), leaf.notAfter, leaf.notBefore],
      [identity, 'Root', 'Available', String(certificateValid(root, model.now!)), serialHex(root.serial), root.notAfter, root.notBefore],
    ];
  });
  const header = ['CERTIFICATE NAME', 'TYPE', 'STATUS', 'VALID CERT', 'SERIAL NUMBER', 'NOT AFTER', 'NOT BEFORE'];
  return tabwrite(`${[header, ...rows].map((row) => row.join('\t')).join('\n')}\n`, 0, 5);
}
