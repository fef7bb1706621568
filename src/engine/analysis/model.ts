import type {Finding} from '../findings';

/** A resource taking part in cross-resource analysis: from the input (document ≥ 0) or the cluster context (-1). */
export interface AnalysisResource {
  document: number;
  /** Where the resource sits in its document: '' or `/items/N` inside a List. */
  pathPrefix: string;
  group: string;
  kind: string;
  name: string;
  namespace: string;
  value: Record<string, unknown>;
}

export type AnalysisFinding = Finding & {document: number};

export const CONTEXT_DOCUMENT = -1;
