/** Gateway certificates (istioctl analyzers gateway/certificate.go, gateway/secret.go). */
import {CODES} from '../codes';
import {joinPointer as at} from '../pointer';
import {asArray, asObject, stringOr, type Obj} from '../istio/access';
import {stringLabels} from './cluster';
import type {AnalysisContext} from './context';
import {latestOf, type AnalysisResource} from './model';

const tlsOf = (gateway: AnalysisResource): Obj[] =>
  asArray(asObject(gateway.value.spec)?.servers).map((s) => asObject(asObject(s)?.tls)).filter((t): t is Obj => t !== undefined);

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
 * on the first, once per other Gateway (istioctl drops the identical messages of further server pairs).
 * Gateways are indexed by certificate, so only those sharing one are compared: a manifest of
 * thousands of Gateways costs no pairwise scan.
 */
export function analyzeDuplicateCertificates(ctx: AnalysisContext): void {
  const byCertificate = new Map<string, AnalysisResource[]>();
  const certificates = new Map<AnalysisResource, Set<string>>();
  for (const gateway of latestOf(ctx.resources, 'networking.istio.io', 'Gateway')) {
    const keys = new Set(tlsOf(gateway).map(certificateKey).filter((key): key is string => key !== undefined));
    if (keys.size === 0) continue;
    certificates.set(gateway, keys);
    for (const key of keys) byCertificate.set(key, [...(byCertificate.get(key) ?? []), gateway]);
  }
  for (const [current, keys] of certificates) {
    const others = new Set<AnalysisResource>();
    for (const key of keys) for (const other of byCertificate.get(key)!) if (other !== current) others.add(other);
    if (others.size === 0) continue;
    const selector = Object.entries(stringLabels(asObject(current.value.spec)?.selector));
    for (const other of others) {
      const otherSelector = stringLabels(asObject(other.value.spec)?.selector);
      if (!selector.every(([k, v]) => otherSelector[k] === v)) continue;
      ctx.report(current, {path: '/metadata/name', at: 'value', severity: 'warning', code: CODES.gatewayDuplicateCertificate,
        message: `Duplicate certificate in multiple gateways [${current.namespace}/${current.name} ${other.namespace}/${other.name}] may cause 404s if clients re-use HTTP2 connections.`});
    }
  }
}

/** The Secrets of an analysis, `namespace/name`, gathered once however many Gateways ask. */
const secretSets = new WeakMap<readonly AnalysisResource[], Set<string>>();
function secretsOf(ctx: AnalysisContext): Set<string> {
  let secrets = secretSets.get(ctx.resources);
  if (!secrets) {
    secrets = new Set();
    for (const resource of ctx.resources) if (resource.group === '' && resource.kind === 'Secret') secrets.add(`${resource.namespace}/${resource.name}`);
    secretSets.set(ctx.resources, secrets);
  }
  return secrets;
}

/**
 * IST0101 "credentialName" (SecretAnalyzer): a server's credentialName names no Secret in the namespace
 * of the gateway's pods (`ns/name` names one elsewhere). Only where Secrets are known: with a cluster
 * context that describes some Secret. A Gateway selecting no pod is IST0101 "selector" (gateway.go).
 */
export function analyzeGatewaySecrets(ctx: AnalysisContext, gateway: AnalysisResource): void {
  if (!ctx.closedWorld) return;
  const secrets = secretsOf(ctx);
  if (secrets.size === 0) return;
  const spec = asObject(gateway.value.spec) ?? {};
  const pod = ctx.cluster.workloadsMatching(stringLabels(spec.selector))[0];
  if (!pod) return;
  asArray(spec.servers).forEach((server, i) => {
    const name = stringOr(asObject(asObject(server)?.tls)?.credentialName);
    if (name === '' || secrets.has(name.includes('/') ? name : `${pod.namespace}/${name}`)) return;
    ctx.report(gateway, {path: at('/spec/servers', i, 'tls', 'credentialName'), at: 'value', severity: 'error', code: CODES.referencedResourceNotFound,
      message: `Referenced credentialName not found: ${JSON.stringify(name)}`});
  });
}
