/** k8sgateway/workloadselector.go (SelectorAnalyzer): IST0166. */
import {asObject} from '../../../istio/access';
import {labelsInclude, stringLabels, type Labels} from '../../../model/labels';
import type {Analyzer} from '../../analyzer';
import {KINDS} from '../kinds';

/** label.IoK8sNetworkingGatewayGatewayName: set on the pods Istio deploys for a Kubernetes Gateway. */
const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

/** The policy kinds the analyzer reads, in its order. */
const POLICY_KINDS = [KINDS.AuthorizationPolicy, KINDS.RequestAuthentication, KINDS.Telemetry, KINDS.WasmPlugin];

/**
 * A policy with a selector and no targetRef whose matchLabels pick a Kubernetes Gateway's pod of
 * its namespace: the selector does not attach it to the gateway (targetRef does). One IST0166 per
 * pod, naming the pod's gateway.
 */
export const k8sGatewaySelectorAnalyzer: Analyzer = {
  name: 'k8sgateway.SelectorAnalyzer',
  inputs: [...POLICY_KINDS, KINDS.Pod],
  analyze(ctx) {
    const gatewayPods = new Map<string, Labels[]>();
    for (const pod of ctx.resources('', 'Pod')) {
      const labels = stringLabels(asObject(pod.value.metadata)?.labels);
      if (!Object.hasOwn(labels, GATEWAY_NAME_LABEL)) continue;
      const pods = gatewayPods.get(pod.namespace);
      if (pods) pods.push(labels);
      else gatewayPods.set(pod.namespace, [labels]);
    }
    for (const {group, kind} of POLICY_KINDS) {
      for (const policy of ctx.resources(group, kind)) {
        const spec = asObject(policy.value.spec) ?? {};
        if (isSet(spec.targetRef) || !isSet(spec.selector)) continue;
        const selector = stringLabels(asObject(spec.selector)?.matchLabels);
        for (const labels of gatewayPods.get(policy.namespace) ?? []) {
          if (labelsInclude(labels, selector)) ctx.report(policy, 'IneffectiveSelector', [labels[GATEWAY_NAME_LABEL]]);
        }
      }
    }
  },
};

const isSet = (value: unknown) => value !== undefined && value !== null;
