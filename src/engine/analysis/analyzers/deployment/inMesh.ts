/** util/in_mesh.go (DeploymentInMesh): whether a Deployment's pods run with a sidecar. */
import {asArray, asObject} from '../../../istio/access';
import {ownValue} from '../../../model/own';
import {stringLabels} from '../../../model/labels';
import type {AnalysisResource} from '../../../model/resource';
import type {AnalyzerContext} from '../../analyzer';

const INJECT = 'sidecar.istio.io/inject';

/**
 * In order: a template container named istio-proxy with an image; the template's
 * sidecar.istio.io/inject label, then annotation, being "true"; its Namespace (when there is one)
 * labeled istio-injection=enabled. Otherwise not in the mesh.
 */
export function deploymentInMesh(ctx: AnalyzerContext, deployment: AnalysisResource): boolean {
  const template = asObject(asObject(deployment.value.spec)?.template) ?? {};
  const containers = asArray(asObject(template.spec)?.containers).map((c) => asObject(c) ?? {});
  const proxy = containers.find((c) => c.name === 'istio-proxy');
  if (proxy && typeof proxy.image === 'string' && proxy.image !== '') return true;
  const metadata = asObject(template.metadata);
  for (const written of [stringLabels(metadata?.labels), stringLabels(metadata?.annotations)]) {
    const value = ownValue(written, INJECT);
    if (value !== undefined) return value === 'true';
  }
  // The cluster's index of Namespaces: a scan of them per Deployment was quadratic on large manifests.
  return ctx.cluster.namespaces.get(deployment.namespace)?.['istio-injection'] === 'enabled';
}
