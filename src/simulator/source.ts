/**
 * Who sends the request. A sidecar client is a workload (`ns/name` or a unique `name`)
 * or a bare namespace (a client without labels there). Without either, the client is
 * placed in the namespace of the Service a short host names (the usual `kubectl exec`
 * from a pod next to it), else in `default`. A gateway source is a Gateway resource
 * (`ns/name` or a unique `name`); its proxy's namespace and labels come from the
 * workload its selector picks (e.g. istio-system/istio-ingressgateway), else from the
 * Gateway's own namespace and selector. A Gateway API Gateway (gateway.networking.k8s.io)
 * is found by the same name; Istio runs it as a Deployment whose pods carry the label
 * `gateway.networking.k8s.io/gateway-name: <name>`, in the Gateway's namespace.
 */
import {asObject, asString} from '../engine/istio/access';
import {ownValue} from '../engine/model/own';
import type {TraceStep} from './decision';
import type {SimRequest} from './request';
import {formatLabels, labelsInclude, stringLabels, type World, type WorldResource} from './world';

export class SourceError extends Error {
  override name = 'SourceError';
}

export interface SourceSpec {
  /** `ns/workload`, `workload` or `ns`. */
  from?: string;
  /** `ns/gateway` or `gateway`: the request enters through this Gateway. */
  gateway?: string;
}

export interface SimSource {
  kind: 'sidecar' | 'gateway';
  namespace: string;
  labels: Record<string, string>;
  workload?: string;
  gateway?: string;
  gatewayResource?: WorldResource;
  /** The gateway is a Gateway API Gateway (its listeners and attached routes decide). */
  gatewayApi?: boolean;
}

const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

export function resolveSource(world: World, query: SourceSpec & {request: SimRequest}, trace: TraceStep[]): SimSource {
  if (query.gateway !== undefined) {
    if (query.from !== undefined) throw new SourceError('give either a source workload or a gateway, not both');
    return gatewaySource(world, query.gateway, trace);
  }
  if (query.from !== undefined) return workloadSource(world, query.from, trace);
  const host = query.request.host;
  const owners = host.includes('.') ? [] : [...new Set(world.services.filter((s) => s.name === host).map((s) => s.namespace))];
  const namespace = owners.length === 1 ? owners[0]! : 'default';
  trace.push({message: `client: a sidecar without labels in namespace ${namespace} (use --from to pick a workload)`});
  return {kind: 'sidecar', namespace, labels: {}};
}

function workloadSource(world: World, from: string, trace: TraceStep[]): SimSource {
  const [namespace, name] = from.includes('/') ? (from.split('/', 2) as [string, string]) : [undefined, from];
  const found = world.workloads(name, namespace);
  if (found.length > 1) throw new SourceError(`workload ${name} exists in namespaces ${found.map((w) => w.namespace).join(', ')}: write namespace/${name}`);
  const workload = found[0];
  if (workload) {
    trace.push({message: `client: workload ${workload.namespace}/${workload.workload} (pod labels ${formatLabels(workload.labels) || 'none'})`});
    return {kind: 'sidecar', namespace: workload.namespace, labels: workload.labels, workload: workload.workload};
  }
  if (namespace === undefined && world.namespaceExists(name)) {
    trace.push({message: `client: a sidecar without labels in namespace ${name}`});
    return {kind: 'sidecar', namespace: name, labels: {}};
  }
  throw new SourceError(`no workload ${from} in the lab (give namespace/workload, e.g. bookinfo/productpage-v1)`);
}

function gatewaySource(world: World, spec: string, trace: TraceStep[]): SimSource {
  const [namespace, name] = spec.includes('/') ? (spec.split('/', 2) as [string, string]) : [undefined, spec];
  const named = (g: WorldResource): boolean => g.name === name && (namespace === undefined || g.namespace === namespace);
  const istio = world.gateways.filter(named);
  const gatewayApi = world.ofKind('gateway.networking.k8s.io', 'Gateway').filter(named);
  const found = [...istio, ...gatewayApi];
  if (found.length === 0) throw new SourceError(`no Gateway ${spec} in the lab or the input`);
  if (istio.length > 0 && gatewayApi.length > 0) throw new SourceError(`both an Istio Gateway and a Gateway API Gateway are named ${spec}: rename one`);
  if (found.length > 1) throw new SourceError(`Gateway ${name} exists in namespaces ${found.map((g) => g.namespace).join(', ')}: write namespace/${name}`);
  const gateway = found[0]!;
  if (gatewayApi.length > 0) return gatewayApiSource(world, gateway, trace);
  const selector = stringLabels(asObject(gateway.spec.selector));
  const proxy = world.pods.find((pod) => Object.keys(selector).length > 0 && labelsInclude(pod.labels, selector));
  const source: SimSource = {
    kind: 'gateway',
    namespace: proxy?.namespace ?? gateway.namespace,
    labels: proxy?.labels ?? selector,
    workload: proxy?.workload,
    gateway: `${gateway.namespace}/${gateway.name}`,
    gatewayResource: gateway,
  };
  trace.push({message: `client: gateway ${source.gateway}${proxy ? ` (proxy ${proxy.namespace}/${proxy.workload})` : ''}`, at: gateway.at});
  return source;
}

function gatewayApiSource(world: World, gateway: WorldResource, trace: TraceStep[]): SimSource {
  const proxy = world.pods.find((pod) => pod.namespace === gateway.namespace && ownValue(pod.labels, GATEWAY_NAME_LABEL) === gateway.name);
  const source: SimSource = {
    kind: 'gateway',
    namespace: gateway.namespace,
    labels: proxy?.labels ?? {[GATEWAY_NAME_LABEL]: gateway.name},
    workload: proxy?.workload,
    gateway: `${gateway.namespace}/${gateway.name}`,
    gatewayResource: gateway,
    gatewayApi: true,
  };
  trace.push({message: `client: Gateway API Gateway ${source.gateway} (class ${asString(gateway.spec.gatewayClassName) ?? 'none'})${proxy ? `, proxy ${proxy.namespace}/${proxy.workload}` : ''}`, at: gateway.at});
  return source;
}
