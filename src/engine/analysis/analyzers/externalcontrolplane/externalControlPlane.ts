/** externalcontrolplane/externalcontrolplane.go (ExternalControlPlaneAnalyzer): IST0163, IST0164. */
import {asArray, asObject, isSet, stringOr} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {isGoIP} from '../annotations/goParse';
import {parseUrl, UrlParseError, urlHostname} from '../../../go/url';

const ADMISSION = 'admissionregistration.k8s.io';

/**
 * The webhooks of Istio's validating configurations (istiod-default-validator, istio-validator…)
 * and injector configurations (istio-sidecar-injector…): a URL that does not parse (IST0163), a URL
 * whose host is an IP address (IST0164), or neither URL nor service (IST0163 "is blank").
 */
export const externalControlPlaneAnalyzer: Analyzer = {
  name: 'externalcontrolplane.ExternalControlPlaneAnalyzer',
  inputs: [{group: ADMISSION, kind: 'ValidatingWebhookConfiguration'}, {group: ADMISSION, kind: 'MutatingWebhookConfiguration'}],
  analyze(ctx) {
    for (const config of ctx.resources(ADMISSION, 'ValidatingWebhookConfiguration')) {
      if (config.name !== '' && (config.name === 'istiod-default-validator' || config.name.startsWith('istio-validator'))) checkWebhooks(ctx, config);
    }
    for (const config of ctx.resources(ADMISSION, 'MutatingWebhookConfiguration')) {
      if (config.name.startsWith('istio-sidecar-injector')) checkWebhooks(ctx, config);
    }
  },
};

function checkWebhooks(ctx: AnalyzerContext, config: AnalysisResource): void {
  for (const webhook of asArray(config.value.webhooks)) {
    const hook = asObject(webhook);
    const name = stringOr(hook?.name);
    const clientConfig = asObject(hook?.clientConfig);
    const url = clientConfig?.url;
    if (typeof url === 'string') {
      const host = webhookHostname(url);
      if (host === undefined) ctx.report(config, 'InvalidExternalControlPlaneConfig', [url, name, 'was provided in an invalid format']);
      else if (isGoIP(host)) ctx.report(config, 'ExternalControlPlaneAddressIsNotAHostname', [url, name]);
    } else if (!isSet(clientConfig?.service)) {
      ctx.report(config, 'InvalidExternalControlPlaneConfig', ['', name, 'is blank']);
    }
  }
}

/** lintWebhookURL: url.Parse's Hostname(), or undefined when url.Parse fails. */
function webhookHostname(url: string): string | undefined {
  try {
    return urlHostname(parseUrl(url));
  } catch (error) {
    if (error instanceof UrlParseError) return undefined;
    throw error;
  }
}
