/**
 * `linkerd install [--crds] | kubectl apply -f -` and `linkerd viz install | kubectl apply -f -` printed from the session's model: the manifest is
 * what the move adds, in the order linkerd renders it, as kubectl's name printer writes each object.
 */
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {installOutput, installRequest} from '../../src/terminal/linkerd-install';
import {checkScenario} from '../../src/terminal/check-session';

const dir = 'labs/sessions/linkerd-install';
const file = (name: string) => ({name, text: readFileSync(`${dir}/${name}`, 'utf8')});
const KIND = file('../linkerd-proxy-not-injected/cluster/kind-namespaces.yaml');
const CRDS = file('../linkerd-proxy-not-injected/cluster/linkerd-crds.yaml');
const CONTROL_PLANE = file('../linkerd-proxy-not-injected/cluster/linkerd-control-plane.yaml');
const PODS = file('../linkerd-proxy-not-injected/cluster/linkerd-control-plane-pods.yaml');
const VIZ = file('../linkerd-proxy-not-injected/cluster/linkerd-viz.yaml');

describe('linkerd install piped to kubectl apply', () => {
  it('reads the pipe, with --crds or without, and nothing else', () => {
    expect(installRequest('linkerd install --crds | kubectl apply -f -')).toEqual({crds: true});
    expect(installRequest('linkerd install | kubectl apply --filename=-')).toEqual({crds: false});
    expect(installRequest('linkerd install --ha | kubectl apply -f -')).toBeUndefined();
    expect(installRequest('linkerd install')).toBeUndefined();
  });

  it('--crds: linkerd\'s two lines on stderr, a blank line, then each CRD created in the order it renders them', () => {
    const text = installOutput({crds: true}, [KIND], [KIND, CRDS]);
    const lines = text.split('\n');
    expect(lines.slice(0, 3)).toEqual(['Rendering Linkerd CRDs...', 'Next, run `linkerd install | kubectl apply -f -` to install the control plane.', '']);
    expect(lines[3]).toBe('customresourcedefinition.apiextensions.k8s.io/authorizationpolicies.policy.linkerd.io created');
    expect(lines.filter((line) => line.endsWith(' created'))).toHaveLength(10);
  });

  it('the control plane: its 39 objects as kind.group/name (core kinds without a group), not the pods its Deployments create', () => {
    const lines = installOutput({crds: false}, [KIND, CRDS], [KIND, CRDS, CONTROL_PLANE, PODS]).trimEnd().split('\n');
    expect(lines).toHaveLength(39);
    expect(lines[0]).toBe('namespace/linkerd created');
    expect(lines).toContain('deployment.apps/linkerd-destination created');
    expect(lines).toContain('cronjob.batch/linkerd-heartbeat created');
    expect(lines.some((line) => line.startsWith('pod/'))).toBe(false);
  });

  it('linkerd viz install: the extension\'s 50 objects in templatesViz order, nothing on stderr, not the pods', () => {
    expect(installRequest('linkerd viz install | kubectl apply -f -')).toEqual({crds: false, viz: true});
    expect(installRequest('linkerd viz install --ha | kubectl apply -f -')).toBeUndefined();
    const before = [KIND, CRDS, CONTROL_PLANE, PODS];
    const lines = installOutput({crds: false, viz: true}, before, [...before, VIZ]).trimEnd().split('\n');
    expect(lines).toHaveLength(50);
    expect(lines[0]).toBe('namespace/linkerd-viz created');
    expect(lines).toContain('apiservice.apiregistration.k8s.io/v1alpha1.tap.linkerd.io created');
    expect(lines).toContain('rolebinding.rbac.authorization.k8s.io/linkerd-linkerd-viz-tap-auth-reader created');
    expect(lines.at(-1)).toBe('serviceprofile.linkerd.io/prometheus.linkerd-viz.svc.cluster.local created');
    expect(lines.some((line) => line.startsWith('pod/'))).toBe(false);
  });

  it('without the CRDs, install.go refuses to render the control plane', () => {
    expect(installOutput({crds: false}, [KIND], [KIND, CRDS, CONTROL_PLANE])).toBe('Linkerd CRDs must be installed first. Run linkerd install with the --crds flag.\n');
  });

  it('the session\'s recorded outputs are these (the build refuses a drift)', () => {
    const text = readFileSync(`${dir}/scenario.yaml`, 'utf8').replace('serviceaccount/linkerd-identity created', 'serviceaccount/linkerd-identity configured');
    expect(() => checkScenario(`${dir}/scenario.yaml`, text)).toThrow(/linkerd install \| kubectl apply -f -" in state "crds" differs/);
  });
});
