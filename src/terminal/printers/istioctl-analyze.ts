/**
 * `istioctl analyze` against a session's live cluster (istioctl 1.30.3 istioctl/pkg/analyze/analyze.go),
 * with the flags a live analysis of the model can answer: `-A`/`--all-namespaces` and
 * `-n`/`--namespace`. The analysis itself runs the engine's analyzers (../cluster-state.ts
 * istioctlAnalyzeOutput), which the page does not load: the build computes each state's output for
 * every namespace the model holds objects in and for all namespaces (`StateModel.analyses`), and
 * this printer reads them. A namespace the cluster lacks is istioctl's own refusal.
 */
import {splitWords} from '../shell-words';
import {resolvePlaceholders} from '../normalize';
import {ModelGap, type StateModel} from './model';

/** What `istioctl analyze` was asked: the namespace analyzed (undefined: all of them). */
export interface AnalyzeRequest {
  namespace: string | undefined;
}

/** The key of `StateModel.analyses` for a request: the namespace, '' for all namespaces. */
export const analysisKey = (request: AnalyzeRequest): string => request.namespace ?? '';

/**
 * The request of an `istioctl analyze` line; `{unsupported}` names the first word that is neither
 * -A nor -n (file arguments, other flags); undefined for another command.
 */
export function parseAnalyze(line: string, contextNamespace: string, placeholders: Readonly<Record<string, string>> = {}): AnalyzeRequest | {unsupported: string} | undefined {
  const words = splitWords(resolvePlaceholders(line, placeholders)).map((word) => (word.kind === 'word' ? word.text : '|'));
  if (words[0] !== 'istioctl' || words[1] !== 'analyze') return undefined;
  let namespace = contextNamespace;
  let all = false;
  for (let i = 2; i < words.length; i++) {
    const word = words[i]!;
    if (word === '-A' || word === '--all-namespaces' || word === '--all-namespaces=true') all = true;
    else if ((word === '-n' || word === '--namespace') && i + 1 < words.length) namespace = words[++i]!;
    else if (word.startsWith('--namespace=')) namespace = word.slice('--namespace='.length);
    else return {unsupported: word};
  }
  // analyze.go: --all-namespaces blanks the selection whatever -n says.
  return {namespace: all ? undefined : namespace};
}

/** analyze.go: a selected namespace the cluster lacks is refused before any analysis. */
export const namespaceNotFound = (namespace: string): string => `namespace "${namespace}" not found\n`;

export function printAnalyze(request: AnalyzeRequest, model: StateModel): string {
  const computed = model.analyses?.[analysisKey(request)];
  if (computed !== undefined) return computed;
  const namespace = request.namespace;
  if (namespace !== undefined && !model.objects.some((o) => o.group === '' && o.kind === 'Namespace' && o.name === namespace)) return namespaceNotFound(namespace);
  throw new ModelGap(`the model holds nothing of namespace ${namespace ?? '(all)'} for istioctl analyze to read beyond the namespace itself`);
}
