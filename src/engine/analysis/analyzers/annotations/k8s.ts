/** annotations/annotations.go (K8sAnalyzer): IST0108, IST0135, IST0107, IST0125. */
import type {AnalysisResource} from '../../../model/resource';
import {asObject} from '../../../istio/access';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {ALWAYS_IGNORED_ANNOTATIONS} from '../maturity/alpha';
import {ANNOTATED_KINDS, annotationPath, annotationsOf, isIstioAnnotation, lookupAnnotation} from './istioAnnotations';
import {ANNOTATION_VALIDATION} from './validation';

const SIDECAR_INJECT = 'sidecar.istio.io/inject';
/** deprecationExtraMessages. */
const DEPRECATION_EXTRA: Readonly<Record<string, string>> = {[SIDECAR_INJECT]: ' in favor of the "sidecar.istio.io/inject" label'};

/**
 * Istio annotations on Namespaces, Services, Pods and Deployments: unknown ones, deprecated ones
 * (the inject annotation beside its label excepted), ones on a kind they do not apply to, and
 * values the injector would reject.
 */
export const k8sAnalyzer: Analyzer = {
  name: 'annotations.K8sAnalyzer',
  inputs: ANNOTATED_KINDS.map((kind) => kind.ref),
  reports: ANNOTATED_KINDS.map((kind) => kind.ref),
  analyze(ctx) {
    for (const {ref, name} of ANNOTATED_KINDS) {
      for (const resource of ctx.resources(ref.group, ref.kind)) checkAnnotations(ctx, resource, name);
    }
  },
};

function checkAnnotations(ctx: AnalyzerContext, resource: AnalysisResource, kind: string): void {
  for (const [key, value] of annotationsOf(resource)) {
    if (!isIstioAnnotation(key) || ALWAYS_IGNORED_ANNOTATIONS.has(key)) continue;
    const at = {path: annotationPath(key), at: 'key' as const};
    const definition = lookupAnnotation(key);
    if (!definition) {
      ctx.report(resource, 'UnknownAnnotation', [key], at);
      continue;
    }
    if (definition.deprecated && !(key === SIDECAR_INJECT && hasLabel(resource, SIDECAR_INJECT))) {
      ctx.report(resource, 'DeprecatedAnnotation', [key, DEPRECATION_EXTRA[key] ?? ''], at);
    }
    if (definition.resources.includes('Any')) continue;
    if (!definition.resources.includes(kind)) {
      ctx.report(resource, 'MisplacedAnnotation', [key, definition.resources.join(', ')], at);
      continue;
    }
    const problem = ANNOTATION_VALIDATION.get(key)?.(value);
    if (problem !== undefined) ctx.report(resource, 'InvalidAnnotation', [key, problem], at);
  }
}

function hasLabel(resource: AnalysisResource, label: string): boolean {
  const labels = asObject(asObject(resource.value.metadata)?.labels);
  return labels !== undefined && Object.prototype.hasOwnProperty.call(labels, label);
}
