/**
 * What a lab's verdict says it is judged as (labSummary's judgedAs, shown as "Valid: … accepts
 * this"): a Gateway API route in a lab whose context runs Linkerd is judged by Linkerd's policy
 * webhook too, as the engine judges it there (families/README.md), and the verdict says so.
 */
import {describe, expect, it} from 'vitest';
import {linkerd} from '../../src/engine/families/linkerd/index';
import {WEBHOOKS_ON_OTHER_KINDS} from '../../src/engine/families/control-planes';
import {labSummary} from '../../src/labs/code-block-meta';
import type {LabContext} from '../../src/labs/lab-context';

const HTTP_ROUTE = 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: reviews\n';
const GATEWAY = 'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: ingress\n';
const context = (resources: unknown[]): LabContext => ({name: 'c', title: 'C', resources});
const meshedNamespace = {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'bookinfo', annotations: {'linkerd.io/inject': 'enabled'}}};
const istioNamespace = {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'bookinfo', labels: {'istio-injection': 'enabled'}}};

describe('a Gateway API lab\'s verdict name', () => {
  it('names Linkerd\'s webhook beside the Gateway API when the lab\'s context runs Linkerd', () => {
    expect(labSummary(HTTP_ROUTE, context([meshedNamespace])).judgedAs).toBe('Gateway API v1.5.1 with Linkerd 2.20\'s webhook');
    const server = {apiVersion: 'policy.linkerd.io/v1beta3', kind: 'Server', metadata: {name: 's'}, spec: {}};
    expect(labSummary(HTTP_ROUTE, context([server])).judgedAs).toBe('Gateway API v1.5.1 with Linkerd 2.20\'s webhook');
  });

  it('names the Gateway API alone without a context, in a context that runs Istio only, and for kinds Linkerd\'s webhook is not sent', () => {
    expect(labSummary(HTTP_ROUTE).judgedAs).toBe('Gateway API v1.5.1');
    expect(labSummary(HTTP_ROUTE, context([istioNamespace])).judgedAs).toBe('Gateway API v1.5.1');
    expect(labSummary(GATEWAY, context([meshedNamespace])).judgedAs).toBe('Gateway API v1.5.1');
  });

  it('leaves Linkerd\'s and Istio\'s own labs as they were', () => {
    const server = 'apiVersion: policy.linkerd.io/v1beta3\nkind: Server\n';
    expect(labSummary(server, context([meshedNamespace])).judgedAs).toBe('Linkerd 2.20');
    expect(labSummary('apiVersion: networking.istio.io/v1\nkind: VirtualService\n', context([meshedNamespace])).judgedAs).toBe('Istio 1.30');
  });

  it('reads the same kinds and the same signs of Linkerd as the engine\'s webhook seam', () => {
    const [webhook] = WEBHOOKS_ON_OTHER_KINDS;
    expect(webhook!.family).toBe(linkerd.name);
    expect([...webhook!.kinds].sort()).toEqual([...linkerd.admissionOfOtherKinds!.keys()].sort());
    expect(webhook!.shows).toBe(linkerd.showsControlPlane);
  });
});
