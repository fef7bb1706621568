/**
 * Cross-resource analysis for validateYaml, in the spirit of `istioctl analyze`: every analyzer
 * (analyzers/all.ts) over the input, its companions and the cluster context. Without a context
 * the world is open: only kinds the input itself provides are known, so a lone snippet is not
 * blamed for what its cluster surely has. Messages take their text from the one table.
 */
import {podRunningKinds} from '../families/catalog';
import {Cluster} from '../model/cluster';
import {CONTEXT_DOCUMENT, type AnalysisFinding, type AnalysisResource} from '../model/resource';
import type {Severity} from '../types';
import {ALL_ANALYZERS} from './analyzers/all';
import {defaultMeshConfig} from './meshConfig';
import {messageText, messageType, type MessageLevel} from './messages';
import {runAnalyzers} from './run';

export {CONTEXT_DOCUMENT, type AnalysisFinding, type AnalysisResource} from '../model/resource';

/**
 * The kinds that bring workloads, by group: those the cluster model reads pods from (the API
 * families' pod sources) and WorkloadEntry, as model/cluster.ts reads them.
 */
const WORKLOAD_KINDS = new Map<string, Set<string>>();
for (const {group, kind} of [...podRunningKinds(), {group: 'networking.istio.io', kind: 'WorkloadEntry'}]) {
  const kinds = WORKLOAD_KINDS.get(group);
  if (kinds) kinds.add(kind);
  else WORKLOAD_KINDS.set(group, new Set([kind]));
}

export const SEVERITY_OF_LEVEL: Readonly<Record<MessageLevel, Severity>> = {Error: 'error', Warning: 'warning', Info: 'info'};

export interface AnalyzeOptions {
  /** True when a cluster context was given: then anything absent is really absent. */
  closedWorld: boolean;
  /** Companion resources (other inputs validated together): known like the input's own. */
  companions?: readonly AnalysisResource[];
}

export function analyze(input: readonly AnalysisResource[], contextResources: readonly AnalysisResource[], options: AnalyzeOptions): AnalysisFinding[] {
  const companions = options.companions ?? [];
  const resources = [...contextResources, ...companions, ...input];
  const knownKinds = new Set<string>();
  const workloadNamespaces = new Set<string>();
  for (const list of [input, companions]) {
    for (const resource of list) {
      knownKinds.add(resource.kind);
      if (WORKLOAD_KINDS.get(resource.group)?.has(resource.kind)) workloadNamespaces.add(resource.namespace);
    }
  }
  const findings: AnalysisFinding[] = [];
  runAnalyzers({
    resources,
    analyzers: ALL_ANALYZERS,
    closedWorld: options.closedWorld,
    // Only the input is reported on (below): analyzers with nothing of theirs there need not run.
    // An input without context or companions is all there is: no second index of it to build.
    reportedOn: resources.length === input.length ? undefined : input,
    knownKinds,
    workloadNamespaces,
    meshConfig: defaultMeshConfig(),
    cluster: new Cluster(resources),
    report({resource, message, parameters, at}) {
      // Only the input is reported on: its context and companions are the reader's cluster.
      if (resource.document === CONTEXT_DOCUMENT || resource.document < 0) return;
      findings.push({
        document: resource.document,
        path: resource.pathPrefix + (at?.path ?? ''),
        at: at?.at ?? 'value',
        severity: SEVERITY_OF_LEVEL[messageType(message).level],
        code: messageType(message).code,
        message: messageText(message, parameters),
      });
    },
  });
  return findings;
}
