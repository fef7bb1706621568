/**
 * `istioctl x describe service|svc NAME[.NS] [-n NS]` (istioctl 1.30.3, istioctl/pkg/describe/describe.go
 * svcDescribeCmd): the Service's pods (by its selector, in the API server's list order: by name), each
 * Running with a ready istio-proxy counted, the others reported; then describePodServices for the first
 * such pod with every counted pod's labels for the subsets, and printIngressInfo.
 */
import {commandWords, readFlags} from './istioctl-proxies';
import {checkGetArguments, describePodServices, ensureHeld, knameIn, labelsOf, of, contains} from './istioctl-describe';
import {ingressLines} from './istioctl-describe-ingress';
import {inferNsInfo} from './istioctl-pod-argument';
import {byteOrder} from './jsonpath';
import {field, list, ModelGap, stringMap, type StateModel} from './model';

export interface DescribeServiceRequest {
  service: string;
  namespace: string;
  describeNamespace: string;
}

/** `istioctl x|experimental|exp describe|des service|svc NAME[.NS] [-n NS]`, else undefined. */
export function parseIstioctlDescribeService(line: string, contextNamespace: string, placeholders: Readonly<Record<string, string>> = {}): DescribeServiceRequest | undefined {
  const words = commandWords(line, placeholders);
  if (!words || words[0] !== 'istioctl' || !['x', 'experimental', 'exp'].includes(words[1] ?? '') || !['describe', 'des'].includes(words[2] ?? '') || !['service', 'svc'].includes(words[3] ?? '')) return undefined;
  const read = readFlags(words.slice(4), {'-n': 'value', '--namespace': 'value'});
  if (!read || read.positional.length !== 1) return undefined;
  const describeNamespace = read.flags['-n'] ?? read.flags['--namespace'] ?? contextNamespace;
  const {name: service, namespace} = inferNsInfo(read.positional[0]!, describeNamespace);
  return {service, namespace, describeNamespace};
}

/** containerReady: the istio-proxy container's readiness among the containers, then the init containers; undefined without one. */
function proxyReady(status: unknown): boolean | undefined {
  for (const key of ['containerStatuses', 'initContainerStatuses']) {
    const found = list(field(status, key)).find((s) => field(s, 'name') === 'istio-proxy');
    if (found) return field(found, 'ready') === true;
  }
  return undefined;
}

export function printIstioctlDescribeService(request: DescribeServiceRequest, model: StateModel): string {
  const refused = checkGetArguments(request.service, request.namespace);
  if (refused) return refused;
  ensureHeld(model, 'Service', request.namespace);
  const svc = of(model, '', 'Service').find((s) => s.namespace === request.namespace && s.name === request.service);
  if (!svc) return `Error: services "${request.service}" not found\n`;
  ensureHeld(model, 'Pod', svc.namespace);
  const kname = knameIn(request.describeNamespace);
  const selector = stringMap(field(svc.value, 'spec', 'selector'));
  let text = '';
  const selected = Object.keys(selector).length === 0 ? [] : of(model, '', 'Pod')
    .filter((p) => p.namespace === svc.namespace && contains(labelsOf(p), selector))
    .sort((a, b) => byteOrder(a.name, b.name));
  const meshed = selected.filter((pod) => {
    const phase = field(pod.value, 'status', 'phase');
    if (phase !== 'Running') {
      text += `   Pod is not Running (${String(phase ?? '')})\n`;
      return false;
    }
    if (field(pod.value, 'status', 'containerStatuses') === undefined && field(pod.value, 'status', 'initContainerStatuses') === undefined) {
      throw new ModelGap(`the model does not hold pod ${pod.namespace}/${pod.name}'s container statuses, whose istio-proxy readiness istioctl reads`);
    }
    const ready = proxyReady(pod.value.status);
    if (ready === undefined) text += `Pod ${kname(pod)}: no container "istio-proxy" in pod\n`;
    else if (!ready) text += `WARNING: Pod ${kname(pod)} Container istio-proxy NOT READY\n`;
    return ready === true;
  });
  if (meshed.length === 0) {
    if (selected.length === 0) return `${text}Service ${JSON.stringify(kname(svc))} has no pods.\n`;
    return `${text}Service ${JSON.stringify(kname(svc))} has no Istio pods.  (${selected.length} pods in service).\nUse \`istioctl kube-inject\` or redeploy with Istio automatic sidecar injection.\n`;
  }
  const podsLabels = meshed.map(labelsOf);
  text += describePodServices(meshed[0]!, [svc], podsLabels, model, kname);
  return text + ingressLines([svc], podsLabels, model, kname);
}
