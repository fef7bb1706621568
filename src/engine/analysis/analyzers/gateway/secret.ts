/** gateway/secret.go (SecretAnalyzer): IST0101 selector and credentialName, IST0161. */
import {asArray, asObject, stringOr} from '../../../istio/access';
import {formatLabels, stringLabels} from '../../../model/cluster';
import type {AnalysisResource} from '../../../model/resource';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {KINDS} from '../kinds';
import {firstLabelPath} from '../selected';
import {secretCertificateProblem} from './secretCertificate';

/**
 * With a cluster context (istioctl's files are one): the gateway's namespace is that of the first pod
 * its selector matches (IST0101 "selector" when none does). Each server's tls.credentialName names a
 * Secret there (`ns/name` one elsewhere): IST0101 "credentialName" when it is missing, IST0161 when
 * its certificate is unusable (no cert/key or tls.crt/tls.key pair, no PEM certificate, or one
 * outside its validity period now).
 */
export const secretAnalyzer: Analyzer = {
  name: 'gateway.SecretAnalyzer',
  inputs: [KINDS.Gateway, KINDS.Pod, KINDS.Secret],
  analyze(ctx) {
    if (!ctx.closedWorld) return;
    const secrets = new Map(ctx.resources('', 'Secret').map((secret) => [`${secret.namespace}/${secret.name}`, secret]));
    const now = new Date();
    for (const gateway of ctx.resources('networking.istio.io', 'Gateway')) analyzeGateway(ctx, gateway, secrets, now);
  },
};

function analyzeGateway(ctx: AnalyzerContext, gateway: AnalysisResource, secrets: ReadonlyMap<string, AnalysisResource>, now: Date): void {
  const spec = asObject(gateway.value.spec) ?? {};
  const selector = stringLabels(spec.selector);
  const pod = ctx.cluster.firstWorkloadMatching(selector);
  if (!pod) {
    // util.ErrorLine at {.spec.selector.<label>}: the selector's first label in sorted order (none: no line).
    const path = firstLabelPath('/spec/selector', formatLabels(selector));
    ctx.report(gateway, 'ReferencedResourceNotFound', ['selector', formatLabels(selector)], path === null ? undefined : {path, at: 'key'});
    return;
  }
  asArray(spec.servers).forEach((server, i) => {
    const name = stringOr(asObject(asObject(server)?.tls)?.credentialName);
    if (name === '') return;
    // resource.NewShortOrFullName: `ns/name` names its namespace, a bare name the gateway pods'.
    const slash = name.indexOf('/');
    const secret = secrets.get(slash === -1 ? `${pod.namespace}/${name}` : name);
    const path = at('/spec/servers', i, 'tls', 'credentialName');
    if (!secret) ctx.report(gateway, 'ReferencedResourceNotFound', ['credentialName', name], {path});
    else if (secretCertificateProblem(secret.value, now) !== undefined) ctx.report(gateway, 'InvalidGatewayCredential', [gateway.name, pod.namespace], {path});
  });
}
