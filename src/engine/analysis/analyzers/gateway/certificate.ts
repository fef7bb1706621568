/** gateway/certificate.go (CertificateAnalyzer): IST0138. */
import {asArray, asObject, stringOr, type Obj} from '../../../istio/access';
import {stringLabels} from '../../../model/cluster';
import type {AnalysisResource} from '../../../model/resource';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {MAX_NAMED_RELATED, pushTo, relatedList} from '../../related';
import {KINDS} from '../kinds';

/**
 * The certificate keys of a Gateway's servers, each once, in order: a Set, as a Gateway may hold
 * thousands of servers with a certificate each (a list's `includes` made that quadratic).
 */
function certificateKeysOf(gateway: AnalysisResource): string[] {
  const keys = new Set<string>();
  for (const server of asArray(asObject(gateway.value.spec)?.servers)) {
    const tls = asObject(asObject(server)?.tls);
    const key = tls && certificateKey(tls);
    if (key !== undefined) keys.add(key);
  }
  return [...keys];
}

/**
 * haveSameCertificate, as a key: two servers share a certificate when they name the same
 * credentialName, or (neither naming one) the same serverCertificate and privateKey files.
 */
function certificateKey(tls: Obj): string | undefined {
  const credential = stringOr(tls.credentialName);
  if (credential !== '') return `credential:${credential}`;
  const [certificate, key] = [stringOr(tls.serverCertificate), stringOr(tls.privateKey)];
  return certificate !== '' && key !== '' ? `files:${certificate}\u0000${key}` : undefined;
}

/**
 * IST0138 (CertificateAnalyzer): a Gateway whose selector is a subset of another Gateway's (an empty
 * selector: of every Gateway, in any namespace) and that shares a TLS certificate with it. Reported
 * on the first, once per other Gateway (istioctl drops the identical messages of further server pairs);
 * past MAX_NAMED_RELATED others, once, naming the first of them (nameRelated) instead of n messages.
 * Gateways are indexed by certificate, and those of one certificate by selector, so a manifest of
 * thousands of Gateways sharing a certificate costs no pairwise scan.
 */
export const certificateAnalyzer: Analyzer = {
  name: 'gateway.CertificateAnalyzer',
  inputs: [KINDS.Gateway],
  analyze: analyzeDuplicateCertificates,
};

function analyzeDuplicateCertificates(ctx: AnalyzerContext): void {
  const byCertificate = new Map<string, AnalysisResource[]>();
  const certificates: Array<{gateway: AnalysisResource; keys: string[]}> = [];
  for (const gateway of ctx.resources('networking.istio.io', 'Gateway')) {
    const keys = certificateKeysOf(gateway);
    if (keys.length === 0) continue;
    certificates.push({gateway, keys});
    for (const key of keys) pushTo(byCertificate, key, gateway);
  }
  // Selectors are read for the Gateways that share a certificate only.
  const selectors = new Map<AnalysisResource, Labels>();
  const selectorOf: SelectorOf = (gateway) => {
    let labels = selectors.get(gateway);
    if (!labels) selectors.set(gateway, (labels = stringLabels(asObject(gateway.value.spec)?.selector)));
    return labels;
  };
  const groups = new Map<string, CertificateGroup>();
  const groupOf = (key: string) => groups.get(key) ?? groups.set(key, new CertificateGroup(byCertificate.get(key)!, selectorOf)).get(key)!;
  for (const {gateway: current, keys} of certificates) {
    // A certificate no other Gateway holds (nearly all of them) shares nothing: no group to build.
    if (!sharedWithOthers(keys, byCertificate)) continue;
    const {first, total} = keys.length === 1 ? groupOf(keys[0]!).sharing(current) : sharingAcross(current, keys, byCertificate, selectorOf);
    const report = (gateways: string[]) => ctx.report(current, 'GatewayDuplicateCertificate', [gateways], {path: '/metadata/name'});
    const names = [current, ...first].map((gateway) => `${gateway.namespace}/${gateway.name}`);
    if (total <= MAX_NAMED_RELATED) for (const other of names.slice(1)) report([names[0]!, other]);
    else report(relatedList(names, total + 1));
  }
}

function sharedWithOthers(keys: readonly string[], byCertificate: Map<string, AnalysisResource[]>): boolean {
  for (const key of keys) if (byCertificate.get(key)!.length > 1) return true;
  return false;
}

type Labels = Record<string, string>;
type SelectorOf = (gateway: AnalysisResource) => Labels;

/** The first MAX_NAMED_RELATED other Gateways sharing a certificate with one, in order, and how many there are. */
interface Sharing {
  first: AnalysisResource[];
  total: number;
}

const isSubset = (selector: Labels, of: Labels) => Object.entries(selector).every(([k, v]) => of[k] === v);

/** A Gateway with several certificates: the Gateways of each, once (rare enough to visit them all). */
function sharingAcross(current: AnalysisResource, keys: readonly string[], byCertificate: Map<string, AnalysisResource[]>, selectorOf: SelectorOf): Sharing {
  const others = new Set<AnalysisResource>();
  for (const key of keys) for (const other of byCertificate.get(key)!) if (other !== current) others.add(other);
  const selector = selectorOf(current);
  const first: AnalysisResource[] = [];
  let total = 0;
  for (const other of others) {
    if (!isSubset(selector, selectorOf(other))) continue;
    if (first.length < MAX_NAMED_RELATED) first.push(other);
    total++;
  }
  return {first, total};
}

/**
 * The Gateways of one certificate, in order, in classes of equal selectors. Gateways of a class
 * share their answer, computed once from the classes whose selector includes theirs (found
 * through the class's rarest label, not by comparing every class).
 */
class CertificateGroup {
  private readonly position = new Map<AnalysisResource, number>();
  private readonly classes = new Map<string, {selector: Labels; members: AnalysisResource[]}>();
  private readonly byLabel = new Map<string, {selector: Labels; members: AnalysisResource[]}[]>();
  private readonly answers = new Map<string, Sharing>();

  constructor(members: readonly AnalysisResource[], private readonly selectorOf: SelectorOf) {
    members.forEach((gateway, i) => {
      this.position.set(gateway, i);
      const selector = selectorOf(gateway);
      const signature = selectorSignature(selector);
      const known = this.classes.get(signature);
      if (known) return void known.members.push(gateway);
      const created = {selector, members: [gateway]};
      this.classes.set(signature, created);
      for (const [k, v] of Object.entries(selector)) pushTo(this.byLabel, `${k}\u0000${v}`, created);
    });
  }

  /** The others sharing the certificate whose selector includes the current one's. */
  sharing(current: AnalysisResource): Sharing {
    const selector = this.selectorOf(current);
    const signature = selectorSignature(selector);
    let answer = this.answers.get(signature);
    if (!answer) this.answers.set(signature, (answer = this.answer(selector)));
    // The answer counts the current Gateway itself (its selector includes its own).
    return {first: answer.first.filter((g) => g !== current).slice(0, MAX_NAMED_RELATED), total: answer.total - 1};
  }

  private answer(selector: Labels): Sharing {
    const labels = Object.entries(selector).map(([k, v]) => this.byLabel.get(`${k}\u0000${v}`) ?? []);
    const candidates = labels.length === 0 ? [...this.classes.values()] : labels.reduce((a, b) => (b.length < a.length ? b : a));
    const including = candidates.filter((c) => isSubset(selector, c.selector));
    const total = including.reduce((sum, c) => sum + c.members.length, 0);
    // One more than can be named: the current Gateway is among them and is left out afterwards.
    const first = including.flatMap((c) => c.members.slice(0, MAX_NAMED_RELATED + 1))
      .sort((a, b) => this.position.get(a)! - this.position.get(b)!).slice(0, MAX_NAMED_RELATED + 1);
    return {first, total};
  }
}

const selectorSignature = (selector: Labels) => JSON.stringify(Object.entries(selector).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

