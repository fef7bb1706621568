/** authn/blockedcidrs.go (BlockedCIDRsAnalyzer): IST0175. */
import {asArray, asObject} from '../../../istio/access';
import {stringLabels} from '../../../model/labels';
import type {Analyzer} from '../../analyzer';
import {KINDS} from '../kinds';

/** istiod's environment variable listing the networks JWKS URIs may not resolve into. */
const BLOCKED_CIDRS_ENV = 'BLOCKED_CIDRS_IN_JWKS_URIS';
const NAMES_SHOWN = 5;

/**
 * When RequestAuthentications exist, each istiod Deployment (label app=istiod) none of whose
 * containers sets BLOCKED_CIDRS_IN_JWKS_URIS to a non-empty value gets IST0175, naming the
 * RequestAuthentications (`namespace/name`, the first five then "and N more").
 */
export const blockedCidrsAnalyzer: Analyzer = {
  name: 'authn.BlockedCIDRsAnalyzer',
  inputs: [KINDS.RequestAuthentication, KINDS.Deployment],
  reports: [KINDS.Deployment],
  analyze(ctx) {
    const names = ctx.resources('security.istio.io', 'RequestAuthentication').map((ra) => `${ra.namespace}/${ra.name}`);
    if (names.length === 0) return;
    for (const deployment of ctx.resources('apps', 'Deployment')) {
      if (stringLabels(asObject(deployment.value.metadata)?.labels).app !== 'istiod') continue;
      const containers = asArray(asObject(asObject(asObject(deployment.value.spec)?.template)?.spec)?.containers);
      const configured = containers.some((c) => asArray(asObject(c)?.env).some((e) => {
        const env = asObject(e);
        return env?.name === BLOCKED_CIDRS_ENV && typeof env.value === 'string' && env.value !== '';
      }));
      if (!configured) ctx.report(deployment, 'JwksUriFetchUnrestricted', [names.length, formatNames(names)]);
    }
  },
};

/** formatRANames. */
function formatNames(names: readonly string[]): string {
  if (names.length <= NAMES_SHOWN) return names.join(', ');
  return `${names.slice(0, NAMES_SHOWN).join(', ')}, and ${names.length - NAMES_SHOWN} more`;
}
