/** gateway/secret.go (SecretAnalyzer): IST0101 credentialName. */
import {asArray, asObject, stringOr} from '../../../istio/access';
import {stringLabels} from '../../../model/cluster';
import type {AnalysisResource} from '../../../model/resource';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {KINDS} from '../kinds';

/**
 * IST0101 "credentialName" (SecretAnalyzer): a server's credentialName names no Secret in the namespace
 * of the gateway's pods (`ns/name` names one elsewhere). Only where Secrets are known: with a cluster
 * context that describes some Secret. A Gateway selecting no pod is IST0101 "selector" (gateway.go).
 */
export const secretAnalyzer: Analyzer = {
  name: 'gateway.SecretAnalyzer',
  inputs: [KINDS.Gateway, KINDS.Pod, KINDS.Secret],
  analyze(ctx) {
    if (!ctx.closedWorld) return;
    const secrets = new Set(ctx.resources('', 'Secret').map((secret) => `${secret.namespace}/${secret.name}`));
    if (secrets.size === 0) return;
    for (const gateway of ctx.resources('networking.istio.io', 'Gateway')) analyzeGateway(ctx, gateway, secrets);
  },
};

function analyzeGateway(ctx: AnalyzerContext, gateway: AnalysisResource, secrets: ReadonlySet<string>): void {
  const spec = asObject(gateway.value.spec) ?? {};
  const pod = ctx.cluster.workloadsMatching(stringLabels(spec.selector))[0];
  if (!pod) return;
  asArray(spec.servers).forEach((server, i) => {
    const name = stringOr(asObject(asObject(server)?.tls)?.credentialName);
    if (name === '' || secrets.has(name.includes('/') ? name : `${pod.namespace}/${name}`)) return;
    ctx.report(gateway, 'ReferencedResourceNotFound', ['credentialName', name], {path: at('/spec/servers', i, 'tls', 'credentialName')});
  });
}
