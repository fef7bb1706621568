/**
 * The istioctl commands a state's cluster model answers (istioctl 1.30.3): proxy-status
 * (./istioctl-status.ts), version (./istioctl-version.ts), proxy-config cluster|endpoint|eds|route|listener|secret
 * (./istioctl-config.ts), analyze -n|-A from the analyses the build computed (./istioctl-analyze.ts),
 * x describe pod (./istioctl-describe.ts), x describe service (./istioctl-describe-service.ts). Undefined for a line none of them covers.
 */
import {ModelGap, type StateModel} from './model';
import {parseProxyConfig, printProxyConfig} from './istioctl-config';
import {parseProxyStatus, printProxyStatus} from './istioctl-status';
import {parseVersion, printVersion} from './istioctl-version';
import {parseAnalyze, printAnalyze} from './istioctl-analyze';
import {parseIstioctlDescribePod, printIstioctlDescribePod} from './istioctl-describe';
import {parseIstioctlDescribeService, printIstioctlDescribeService} from './istioctl-describe-service';

type Printed = {kind: 'printed'; text: string} | {kind: 'gap'; reason: string};

interface Context {
  namespace: string;
  placeholders: Readonly<Record<string, string>>;
}

function printer(line: string, context: Context): ((model: StateModel) => string) | undefined {
  const status = parseProxyStatus(line, context.placeholders);
  if (status) return (model) => printProxyStatus(status, model);
  if (parseVersion(line, context.placeholders)) return printVersion;
  const config = parseProxyConfig(line, context.namespace, context.placeholders);
  if (config) return (model) => printProxyConfig(config, model);
  const analyze = parseAnalyze(line, context.namespace, context.placeholders);
  if (analyze && !('unsupported' in analyze)) return (model) => printAnalyze(analyze, model);
  const describe = parseIstioctlDescribePod(line, context.namespace, context.placeholders);
  if (describe) return (model) => printIstioctlDescribePod(describe, model);
  const describeService = parseIstioctlDescribeService(line, context.namespace, context.placeholders);
  if (describeService) return (model) => printIstioctlDescribeService(describeService, model);
  return undefined;
}

/** Whether an istioctl printer covers the line (its answer may still be a gap for a model). */
export function coversIstioctl(line: string, context: Context): boolean {
  return printer(line, context) !== undefined;
}

export function printIstioctl(line: string, context: Context, model: StateModel): Printed | undefined {
  const print = printer(line, context);
  if (!print) return undefined;
  try {
    return {kind: 'printed', text: print(model)};
  } catch (error) {
    if (error instanceof ModelGap) return {kind: 'gap', reason: error.message};
    throw error;
  }
}
