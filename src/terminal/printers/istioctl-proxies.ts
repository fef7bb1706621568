/**
 * The Envoy proxies of a state's cluster model and the istiod they are connected to, as istioctl
 * 1.30.3 finds them: istiod's syncz answer lists every connected proxy by its node ID
 * `POD.NAMESPACE` (pilot/pkg/model/context.go ServiceNode), with the proxy's own Istio version
 * (its node metadata ISTIO_VERSION, the proxyv2 image's tag). A proxy is a running pod with an
 * `istio-proxy` container (a native sidecar in initContainers, or a container); one that the
 * injector made (annotation sidecar.istio.io/status) is a sidecar, one without it a gateway
 * (`proxy router`, manifests/charts/gateway). Also the shared word reading of istioctl's commands.
 */
import {resolvePlaceholders} from '../normalize';
import {splitWords} from '../shell-words';
import {field, isRecord, list, ModelGap, stringMap, type ModelObject, type StateModel} from './model';

export interface Proxy {
  /** Node ID: POD.NAMESPACE. */
  id: string;
  pod: ModelObject;
  type: 'sidecar' | 'router';
  /** The proxyv2 image's tag: the ISTIO_VERSION the proxy reports. */
  version: string;
}

const PROXY_CONTAINER = 'istio-proxy';
const INJECTED_ANNOTATION = 'sidecar.istio.io/status';

const named = (name: string) => (container: unknown): boolean => field(container, 'name') === name;

/** The pod's istio-proxy container: a container, or an init container that restarts Always (a native sidecar). */
export function proxyContainer(pod: ModelObject): Record<string, unknown> | undefined {
  const spec = field(pod.value, 'spec');
  const container = list(field(spec, 'containers')).find(named(PROXY_CONTAINER))
    ?? list(field(spec, 'initContainers')).find((c) => named(PROXY_CONTAINER)(c) && field(c, 'restartPolicy') === 'Always');
  return isRecord(container) ? container : undefined;
}

const podsOf = (model: StateModel): ModelObject[] => model.objects.filter((o) => o.group === '' && o.kind === 'Pod');
const running = (pod: ModelObject): boolean => field(pod.value, 'status', 'phase') === 'Running' && field(pod.value, 'metadata', 'deletionTimestamp') === undefined;

/** An image reference's tag (`registry/name:tag`, a digest ignored), or undefined. */
export function imageTag(image: unknown): string | undefined {
  if (typeof image !== 'string') return undefined;
  const name = image.split('@')[0]!;
  const colon = name.lastIndexOf(':');
  return colon > name.lastIndexOf('/') ? name.slice(colon + 1) : undefined;
}

/** The proxies istiod knows: every running pod with an istio-proxy container. */
export function proxies(model: StateModel): Proxy[] {
  return podsOf(model).filter(running).flatMap((pod) => {
    const container = proxyContainer(pod);
    if (!container) return [];
    const version = imageTag(container.image);
    if (version === undefined) throw new ModelGap(`the model does not say which Istio version pod ${pod.namespace}/${pod.name}'s proxy runs (its istio-proxy image has no tag)`);
    const injected = INJECTED_ANNOTATION in stringMap(field(pod.value, 'metadata', 'annotations'));
    return [{id: `${pod.name}.${pod.namespace}`, pod, type: injected ? 'sidecar' : 'router', version}];
  });
}

/** The proxy of pod NAMESPACE/NAME, or a gap: istioctl's error for a pod that is not a connected proxy is not reproduced. */
export function findProxy(name: string, namespace: string, model: StateModel): Proxy {
  const proxy = proxies(model).find((p) => p.pod.name === name && p.pod.namespace === namespace);
  if (!proxy) throw new ModelGap(`pod ${namespace}/${name} is not a running proxy of the model: istioctl's error for it is not reproduced here`);
  return proxy;
}

/** The running istiod pods of the istio namespace (label app=istiod), by name. */
export function istiodPods(model: StateModel, istioNamespace = 'istio-system'): ModelObject[] {
  return podsOf(model).filter((pod) => pod.namespace === istioNamespace && running(pod) && stringMap(field(pod.value, 'metadata', 'labels')).app === 'istiod');
}

/**
 * The one istiod every proxy is connected to. With several, which proxy holds a stream to which
 * replica is not in the model: a gap.
 */
export function theIstiod(model: StateModel): ModelObject | undefined {
  const pods = istiodPods(model);
  if (pods.length > 1) throw new ModelGap(`the model does not say which of ${pods.length} istiod replicas each proxy is connected to`);
  return pods[0];
}

/** A command line's words after its placeholders are resolved, or undefined when it has a pipe or substitution. */
export function commandWords(line: string, placeholders: Readonly<Record<string, string>>): string[] | undefined {
  const words = splitWords(resolvePlaceholders(line, placeholders));
  if (words.some((word) => word.kind !== 'word')) return undefined;
  return words.map((word) => (word as {text: string}).text);
}

/**
 * `-n NS`, `--namespace NS`, `--namespace=NS` and flags without a value among `args`; the rest as
 * positional arguments. Undefined when an argument is a flag not in `known` (whose meaning the
 * printer does not follow) or a flag's value is missing.
 */
export function readFlags(args: readonly string[], known: Readonly<Record<string, 'value' | 'switch'>>): {flags: Record<string, string>; positional: string[]} | undefined {
  const flags: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals > 0 ? arg.slice(0, equals) : arg;
    const kind = known[name];
    if (kind === undefined) return undefined;
    if (kind === 'switch') {
      if (equals > 0 && !/^(true|false)$/.test(arg.slice(equals + 1))) return undefined;
      flags[name] = equals > 0 ? arg.slice(equals + 1) : 'true';
    } else if (equals > 0) flags[name] = arg.slice(equals + 1);
    else if (i + 1 < args.length) flags[name] = args[++i]!;
    else return undefined;
  }
  return {flags, positional};
}
