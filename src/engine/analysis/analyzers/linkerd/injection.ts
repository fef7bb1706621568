/**
 * Workloads the proxy injector leaves out of a namespace the run treats as meshed, and
 * `linkerd.io/inject` values it does not know. The injector meshes a pod whose template or
 * namespace says `enabled` or `ingress`, unless the pod says `disabled`; an invalid value on
 * either skips the pod (pkg/inject/report.go disabledByAnnotation, with its reasons'
 * wording). A namespace counts as meshed when other workloads in it are injected or Linkerd
 * policy resources live there; an explicit `disabled` is a deliberate opt-out and is not told.
 * Only where the namespace's annotations are known (its Namespace is in the run, or a closed world).
 * A pod marked for injection that the injector still skips (report.go Injectable: hostNetwork,
 * another mesh's sidecar) is told wherever it is.
 */
import {podRunningKinds} from '../../../families/catalog';
import {asObject} from '../../../istio/access';
import {joinPointer} from '../../../pointer';
import type {Analyzer} from '../../analyzer';
import {INJECT_ANNOTATION, isSystemNamespace, isValidInjectValue, linkerdModel, POLICY_GROUP, workloadName} from './model';

const ANNOTATION_PATH = joinPointer('/metadata/annotations', INJECT_ANNOTATION);
/** Policy kinds whose presence says the namespace's workloads are meant to be meshed. */
const POLICY_KINDS = ['Server', 'ServerAuthorization', 'AuthorizationPolicy', 'HTTPLocalRateLimitPolicy', 'HTTPRoute'];

export const injectionAnalyzer: Analyzer = {
  name: 'linkerd.InjectionAnalyzer',
  inputs: [{group: '', kind: 'Namespace'}, {group: '', kind: 'Pod'}, {group: 'apps', kind: 'Deployment'}, ...POLICY_KINDS.map((kind) => ({group: POLICY_GROUP, kind}))],
  reports: [{group: '', kind: 'Namespace'}, ...podRunningKinds()],
  analyze(ctx) {
    const model = linkerdModel(ctx);
    for (const {resource, annotations} of model.namespaces.values()) {
      const value = annotations[INJECT_ANNOTATION];
      if (!isValidInjectValue(value)) ctx.report(resource, 'LinkerdInvalidInjectAnnotation', [value, 'namespace', 'every pod of the namespace'], {path: ANNOTATION_PATH});
    }
    const evidence = new Map<string, string>();
    for (const kind of POLICY_KINDS) {
      for (const [namespace, resources] of model.policies(kind)) if (!evidence.has(namespace)) evidence.set(namespace, `${kind} ${namespace}/${resources[0]!.name} is there`);
    }
    for (const pod of model.pods) {
      if (pod.injection === 'yes' && !evidence.has(pod.resource.namespace)) evidence.set(pod.resource.namespace, `${workloadName(pod)} is injected`);
    }
    for (const pod of model.pods) {
      const namespace = pod.resource.namespace;
      if (pod.invalidAnnotation === 'workload') {
        ctx.report(pod.resource, 'LinkerdInvalidInjectAnnotation', [pod.annotations[INJECT_ANNOTATION], 'workload', 'its pods'], {path: pod.templatePath + ANNOTATION_PATH});
        continue;
      }
      if (pod.skipped) {
        const own = pod.annotations[INJECT_ANNOTATION];
        const marking = own !== undefined && own !== '' ? `linkerd.io/inject: ${own} on its pod template` : `linkerd.io/inject on namespace ${namespace}`;
        ctx.report(pod.resource, 'LinkerdInjectionSkipped', [workloadName(pod), marking, pod.skipped],
          pod.skipped.startsWith('hostNetwork') ? {path: `${pod.templatePath}/spec/hostNetwork`} : {path: `${pod.templatePath}/spec`, at: 'key'});
        continue;
      }
      if (pod.injection !== 'no' || pod.invalidAnnotation || pod.annotations[INJECT_ANNOTATION] === 'disabled') continue;
      const why = evidence.get(namespace);
      if (!why || isSystemNamespace(model, namespace)) continue;
      const template = pod.templatePath === '' ? pod.resource.value : templateOf(pod.resource.value, pod.templatePath);
      ctx.report(pod.resource, 'LinkerdWorkloadNotInjected', [workloadName(pod), namespace, why],
        asObject(template?.metadata) ? {path: `${pod.templatePath}/metadata`, at: 'key'} : {path: '/metadata/name'});
    }
  },
};

function templateOf(value: Record<string, unknown>, pointer: string): Record<string, unknown> | undefined {
  let node: Record<string, unknown> | undefined = value;
  for (const key of pointer.split('/').slice(1)) node = asObject(node?.[key]);
  return node;
}
