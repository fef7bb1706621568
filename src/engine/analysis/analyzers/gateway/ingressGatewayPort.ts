/** gateway/gateway.go (IngressGatewayPortAnalyzer): IST0101 selector, IST0162. */
import {asArray, asObject, stringOr} from '../../../istio/access';
import {formatLabels, stringLabels} from '../../../model/cluster';
import type {AnalysisResource} from '../../../model/resource';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {KINDS} from '../kinds';
import {firstLabelPath} from '../selected';

/**
 * gateway/gateway.go (IngressGatewayPortAnalyzer), with a cluster context: IST0101 "selector" when
 * no pod has the selector's labels (an empty selector matches every pod); otherwise IST0162 for each
 * server port that no TCP port of a Service selecting those pods targets, and that is not the port
 * of such a Service port with a targetPort (istioctl's portMapping: a Service translating 80 to 8080
 * exposes the Gateway's port 80). The gateway pod listens on the Service's targetPort (its port when
 * the targetPort is a name or absent). A port without protocol counts as TCP, the API server's default.
 */
export const ingressGatewayPortAnalyzer: Analyzer = {
  name: 'gateway.IngressGatewayPortAnalyzer',
  inputs: [KINDS.Gateway, KINDS.Pod, KINDS.Service],
  analyze(ctx) {
    if (!ctx.closedWorld) return;
    // Gateways sharing a selector (most select the one ingress gateway) share its ports, found once.
    const portsBySelector = new Map<string, ServicePorts | undefined>();
    for (const gateway of ctx.resources('networking.istio.io', 'Gateway')) analyzeGateway(ctx, gateway, portsBySelector);
  },
};

/** The TCP ports a gateway's pods are reached on through Services selecting them, and the Service ports translated to another. */
interface ServicePorts {
  targets: Set<number>;
  translated: Set<number>;
}

function analyzeGateway(ctx: AnalyzerContext, gateway: AnalysisResource, portsBySelector: Map<string, ServicePorts | undefined>): void {
  const spec = asObject(gateway.value.spec) ?? {};
  const labels = stringLabels(spec.selector);
  const selector = formatLabels(labels);
  let ports = portsBySelector.get(selector);
  if (!portsBySelector.has(selector)) portsBySelector.set(selector, (ports = servicePorts(ctx, labels)));
  if (!ports) {
    // util.ErrorLine at {.spec.selector.<label>}, the first label in sorted order, as gateway/secret.go reports it too.
    const first = Object.keys(labels).sort()[0];
    ctx.report(gateway, 'ReferencedResourceNotFound', ['selector', selector], first === undefined ? undefined : {path: at('/spec/selector', first), at: 'key'});
    return;
  }
  const {targets, translated} = ports;
  asArray(spec.servers).forEach((server, i) => {
    const number = asObject(asObject(server)?.port)?.number;
    if (typeof number !== 'number' || targets.has(number) || translated.has(number)) return;
    ctx.report(gateway, 'GatewayPortNotDefinedOnService', [number, selector], {path: at('/spec/servers', i, 'port', 'number'), lineAt: firstLabelPath('/spec/selector', selector)});
  });
}

/** The ports of the Services selecting a selector's pods; undefined when no pod matches it. */
function servicePorts(ctx: AnalyzerContext, labels: Record<string, string>): ServicePorts | undefined {
  const pods = ctx.cluster.workloadsMatching(labels);
  if (pods.length === 0) return undefined;
  const targets = new Set<number>();
  const translated = new Set<number>();
  for (const service of ctx.cluster.services.values()) {
    const serviceSpec = asObject(service.value.spec) ?? {};
    const serviceSelector = Object.entries(stringLabels(serviceSpec.selector));
    // klabels.SelectorFromSet: a Service without selector matches every pod of its namespace here.
    if (!pods.some((pod) => pod.namespace === service.namespace && serviceSelector.every(([k, v]) => pod.labels[k] === v))) continue;
    for (const value of asArray(serviceSpec.ports)) {
      const port = asObject(value);
      if (stringOr(port?.protocol, 'TCP') !== 'TCP') continue;
      const target = port?.targetPort;
      const targetNumber = typeof target === 'number' ? target : typeof target === 'string' && /^\d+$/.test(target) ? Number(target) : 0;
      const number = targetNumber !== 0 ? targetNumber : port?.port;
      if (typeof number === 'number') targets.add(number);
      if (targetNumber !== 0 && typeof port?.port === 'number') translated.add(port.port);
    }
  }
  return {targets, translated};
}

