/** The same object defined twice in the input: kubectl apply keeps only the last definition. */
import type {AnalysisResource} from '../../../model/resource';
import type {Analyzer} from '../../analyzer';

export const duplicateResourceAnalyzer: Analyzer = {
  name: 'meshdive.DuplicateResourceAnalyzer',
  inputs: [],
  analyze(ctx) {
    const seen = new Map<string, AnalysisResource>();
    for (const resource of ctx.definitions) {
      if (!resource.name) continue;
      const key = `${resource.group}/${resource.kind}/${resource.namespace}/${resource.name}`;
      const first = seen.get(key);
      if (first) {
        ctx.report(resource, 'DuplicateResource', [resource.kind, `${resource.namespace}/${resource.name}`, first.document + 1], {path: '/metadata/name'});
      } else seen.set(key, resource);
    }
  },
};
