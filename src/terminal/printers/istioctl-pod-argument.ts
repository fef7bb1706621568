/**
 * istioctl 1.30.3's pod arguments `[<type>/]<name>[.<namespace>]` (istioctl/pkg/util/handlers/
 * handlers.go inferNsInfo and InferPodInfoFromTypedResource) resolved over a state's model: a bare
 * name is a pod's; `TYPE/NAME` goes through kubectl's resource builder to the object, then to the
 * pods its selector picks (polymorphichelpers.SelectorsForObject), the first by podutils.ByLogging
 * (GetFirstPod). Kinds whose selector the printer does not read (an Istio or Gateway API Gateway: the
 * name is ambiguous between groups) are gaps.
 */
import {canonicalResourceName} from '../../engine/families/catalog';
import {selectorString} from './kinds';
import {parseSelector, selects} from './labels';
import {field, heldKey, isRecord, ModelGap, stringMap, type ModelObject, type StateModel} from './model';
import {firstPodByLogging} from './pod-by-logging';

/**
 * inferNsInfo, which handlers.InferPodInfo is too (describe's and proxy-config's NAME.NAMESPACE): the
 * namespace after the last dot (after the slash, for a typed name, since a type may hold dots), else
 * `namespace`. A leading dot splits too: `.ns` is the empty name in namespace ns.
 */
export function inferNsInfo(name: string, namespace: string): {name: string; namespace: string} {
  const slash = name.lastIndexOf('/');
  const tail = slash > 0 ? name.slice(slash) : name;
  const dot = tail.lastIndexOf('.');
  if (dot < 0) return {name, namespace};
  const at = (slash > 0 ? slash : 0) + dot;
  return {name: name.slice(0, at), namespace: name.slice(at + 1)};
}

/** The workload kinds whose selector SelectorsForObject reads, with the resource kubectl's NotFound names. */
const TYPED: Readonly<Record<string, {group: string; kind: string; resource: string}>> = {
  pods: {group: '', kind: 'Pod', resource: 'pods'},
  services: {group: '', kind: 'Service', resource: 'services'},
  deployments: {group: 'apps', kind: 'Deployment', resource: 'deployments.apps'},
  replicasets: {group: 'apps', kind: 'ReplicaSet', resource: 'replicasets.apps'},
  statefulsets: {group: 'apps', kind: 'StatefulSet', resource: 'statefulsets.apps'},
  daemonsets: {group: 'apps', kind: 'DaemonSet', resource: 'daemonsets.apps'},
  jobs: {group: 'batch', kind: 'Job', resource: 'jobs.batch'},
};

function requireHeld(model: StateModel, group: string, kind: string, namespace: string): void {
  if (model.held !== undefined && !model.held.includes(heldKey(group, kind, namespace))) {
    throw new ModelGap(`the model does not keep track of the ${kind} objects of namespace ${namespace}`);
  }
}

/** SelectorsForObject: a Service's selector map (none is an error), a workload's spec.selector. */
function selectorOf(object: ModelObject): {selector: string} | {error: string} {
  if (object.kind === 'Service') {
    const selector = stringMap(field(object.value, 'spec', 'selector'));
    if (Object.keys(selector).length === 0) return {error: `invalid service '${object.name}': Service is defined without a selector`};
    return {selector: Object.entries(selector).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k}=${v}`).join(',')};
  }
  const selector = field(object.value, 'spec', 'selector');
  if (!isRecord(selector)) throw new ModelGap(`the model does not give ${object.kind} ${object.namespace}/${object.name} its selector`);
  return {selector: selectorString(selector)};
}

export type PodArgument = {name: string; namespace: string} | {error: string};

/**
 * The pods `TYPE/NAME` in `namespace` stands for, as kubectl's resource builder and
 * polymorphichelpers.SelectorsForObject find them (istioctl and `kubectl exec` alike), or the
 * error naming what is missing; each caller picks "the" pod its own way.
 */
export function podsOfTypedResource(resname: string, namespace: string, model: StateModel): {pods: ModelObject[]} | {error: string} {
  const slash = resname.indexOf('/');
  const typeName = resname.slice(0, slash);
  const objectName = resname.slice(slash + 1);
  const plural = typeName.includes('.') ? undefined : canonicalResourceName(typeName);
  const type = plural === undefined ? undefined : TYPED[plural];
  if (!type || objectName === '' || objectName.includes('/')) throw new ModelGap(`${resname} would be resolved through kubectl's resource builder, which the printers follow only for pods, Services, Deployments, ReplicaSets, StatefulSets, DaemonSets and Jobs`);
  requireHeld(model, type.group, type.kind, namespace);
  const object = model.objects.find((o) => o.group === type.group && o.kind === type.kind && o.namespace === namespace && o.name === objectName);
  if (!object) return {error: `failed retrieving: ${type.resource} "${objectName}" not found in the "${namespace}" namespace`};
  if (type.kind === 'Pod') return {pods: [object]};
  const selector = selectorOf(object);
  if ('error' in selector) return {error: `"${resname}" does not refer to a pod: ${selector.error}`};
  requireHeld(model, '', 'Pod', namespace);
  const requirements = parseSelector(selector.selector);
  return {pods: model.objects.filter((o) => o.group === '' && o.kind === 'Pod' && o.namespace === namespace && selects(requirements, stringMap(field(o.value, 'metadata', 'labels'))))};
}

/**
 * InferPodInfoFromTypedResource(arg, defaultNamespace): the pod and its namespace, or istioctl's
 * error (`failed retrieving: …`, `no pods match "TYPE/NAME"`, a selector-less Service's).
 */
export function inferPodFromTypedResource(arg: string, defaultNamespace: string, model: StateModel): PodArgument {
  const {name: resname, namespace} = inferNsInfo(arg, defaultNamespace);
  if (!resname.includes('/')) return {name: resname, namespace};
  const found = podsOfTypedResource(resname, namespace, model);
  if ('error' in found) return found;
  const pod = firstPodByLogging(found.pods);
  return pod ? {name: pod.name, namespace} : {error: `no pods match "${resname}"`};
}
