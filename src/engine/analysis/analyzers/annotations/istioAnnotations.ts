/**
 * What annotations.K8sAnalyzer and maturity.AlphaAnalyzer share: which annotation keys are
 * Istio's, their definitions (annotation.AllResourceAnnotations()), and where to point at one.
 */
import {asObject} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';
import {joinPointer} from '../../../pointer';
import type {KindRef} from '../../analyzer';
import {ANNOTATIONS, type IstioMetadataKey} from './annotations.generated';
import {KINDS} from '../kinds';

/** The kinds both analyzers read, with the name K8sAnalyzer checks `resources` against. */
export const ANNOTATED_KINDS: ReadonlyArray<{ref: KindRef; name: string}> = [
  {ref: KINDS.Namespace, name: 'Namespace'},
  {ref: KINDS.Service, name: 'Service'},
  {ref: KINDS.Pod, name: 'Pod'},
  {ref: KINDS.Deployment, name: 'Deployment'},
];

const BY_NAME = new Map(ANNOTATIONS.map((definition) => [definition.name, definition]));

/** istioAnnotation: the one Kubernetes annotation Istio documents, or a key whose first `/`-part ends in istio.io. */
export function isIstioAnnotation(key: string): boolean {
  if (key === 'kubernetes.io/ingress.class') return true;
  return key.split('/')[0]!.endsWith('istio.io');
}

export function lookupAnnotation(key: string): IstioMetadataKey | undefined {
  return BY_NAME.get(key);
}

/** The resource's annotations as Go's map[string]string reads them (scalars as their text). */
export function annotationsOf(resource: AnalysisResource): Array<[string, string]> {
  const annotations = asObject(asObject(resource.value.metadata)?.annotations) ?? {};
  return Object.entries(annotations).map(([key, value]) => [key, value === null || value === undefined ? '' : String(value)]);
}

/** util.AddLineNumber: the annotation's own line ({.metadata.annotations.<key>}). */
export const annotationPath = (key: string) => joinPointer('/metadata/annotations', key);
