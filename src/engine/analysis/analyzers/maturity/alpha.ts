/** maturity/maturity.go (AlphaAnalyzer): IST0136, not among istioctl analyze's defaults (istioctl x precheck runs it). */
import {asArray, asObject} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';
import type {Analyzer} from '../../analyzer';
import {ANNOTATED_KINDS, annotationPath, annotationsOf, isIstioAnnotation, lookupAnnotation} from '../annotations/istioAnnotations';

/** Set by istiod or controllers, never by hand: no analyzer reports them. */
export const ALWAYS_IGNORED_ANNOTATIONS: ReadonlySet<string> = new Set([
  'sidecar.istio.io/status',
  'gateway.istio.io/controller-version',
  'istio.io/rev',
]);

/** Set by istio-cni on every pod it handles: ignored on a Pod without the istio-init container. */
const CNI_DEFAULT_ANNOTATIONS: ReadonlySet<string> = new Set([
  'sidecar.istio.io/interceptionMode',
  'traffic.sidecar.istio.io/includeInboundPorts',
  'traffic.sidecar.istio.io/excludeInboundPorts',
  'traffic.sidecar.istio.io/includeOutboundIPRanges',
]);

/** Each Istio annotation of an alpha-phase feature on a Namespace, Service, Pod or Deployment. */
export const alphaAnalyzer: Analyzer = {
  name: 'annotations.AlphaAnalyzer',
  inputs: ANNOTATED_KINDS.map((kind) => kind.ref),
  analyze(ctx) {
    for (const {ref} of ANNOTATED_KINDS) {
      for (const resource of ctx.resources(ref.group, ref.kind)) {
        const skipCniDefaults = ref.kind === 'Pod' && ref.group === '' && cniEnabled(resource);
        for (const [key] of annotationsOf(resource)) {
          if (!isIstioAnnotation(key)) continue;
          const definition = lookupAnnotation(key);
          if (definition?.featureStatus !== 'Alpha' || ALWAYS_IGNORED_ANNOTATIONS.has(key)) continue;
          if (skipCniDefaults && CNI_DEFAULT_ANNOTATIONS.has(key)) continue;
          ctx.report(resource, 'AlphaAnnotation', [key], {path: annotationPath(key), at: 'key'});
        }
      }
    }
  },
};

/** isCNIEnabled: no init container named istio-init. */
function cniEnabled(pod: AnalysisResource): boolean {
  return !asArray(asObject(pod.value.spec)?.initContainers).some((container) => asObject(container)?.name === 'istio-init');
}
