import {analyzeIstioctl, type IstioctlRun} from '../../../src/engine/analysis/istioctl';

/**
 * One file run through `istioctl analyze --use-kube=false` with only the named analyzer, each
 * message as istioctl prints it: `Level [CODE] (Kind namespace/name file:line) text`.
 */
export function istioctlLines(text: string, analyzer: string, run: Partial<IstioctlRun> = {}): string[] {
  return analyzeIstioctl({files: [{name: 'in.yaml', text}], analyzers: [analyzer], ...run}).messages
    .map((m) => `${m.level} [${m.code}] (${m.origin}${m.reference ? ` ${m.reference}` : ''}) ${m.message}`);
}
