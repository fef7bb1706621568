/** The same object defined twice in the input: kubectl apply keeps only the last definition. */
import type {AnalysisResource} from '../../../model/resource';
import type {Analyzer} from '../../analyzer';
import {mapUnder} from '../../../model/groups';

/** group → kind → namespace → name: nested maps, so that no key string is built per resource. */
type Seen = Map<string, Map<string, Map<string, Map<string, AnalysisResource>>>>;

export const duplicateResourceAnalyzer: Analyzer = {
  name: 'meshdive.DuplicateResourceAnalyzer',
  inputs: [],
  analyze(ctx) {
    if (!ctx.redefines()) return;
    const seen: Seen = new Map();
    for (const resource of ctx.definitions) {
      if (!resource.name) continue;
      const names = mapUnder(mapUnder(mapUnder(seen, resource.group), resource.kind), resource.namespace);
      const first = names.get(resource.name);
      if (first) {
        ctx.report(resource, 'DuplicateResource', [resource.kind, `${resource.namespace}/${resource.name}`, first.document + 1], {path: '/metadata/name'});
      } else names.set(resource.name, resource);
    }
  },
};
