/**
 * `istioctl waypoint list|status|apply` printed from a cluster model as istioctl 1.30.3's
 * waypoint.go prints them, compared with its golden files in ../shared (the clusters below are
 * the Gateways of waypoint_test.go's cases, rebuilt as model objects).
 */
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {printFromModel} from '../../src/terminal/printers/index';
import {parseWaypoint, printWaypointApply} from '../../src/terminal/printers/istioctl-waypoint';
import type {ModelObject, StateModel} from '../../src/terminal/printers/model';
import {sharedFile} from '../support/shared';

const goldens = sharedFile('reference/istio-1.30.3/istioctl-outputs/waypoint/testdata/waypoint/all-gateway', "istioctl's waypoint golden outputs");
const golden = (name: string): string => readFileSync(goldens.path.replace(/all-gateway$/, name), 'utf8');

const gateway = (namespace: string, name: string, options: {programmed?: boolean; labels?: Record<string, string>; className?: string; created?: number} = {}): ModelObject => ({
  group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace, name,
  value: {
    kind: 'Gateway',
    metadata: {name, namespace, ...(options.labels ? {labels: options.labels} : {})},
    spec: {gatewayClassName: options.className ?? 'istio-waypoint'},
    status: {conditions: [
      {type: 'Accepted', status: 'True', reason: '', message: ''},
      {type: 'Programmed', status: options.programmed === false ? 'False' : 'True', reason: '', message: ''},
    ]},
  },
});
const namespace = (name: string, labels: Record<string, string> = {}): ModelObject => ({group: '', kind: 'Namespace', namespace: '', name, value: {kind: 'Namespace', metadata: {name, labels}}});

const print = (line: string, model: StateModel): string => {
  const printed = printFromModel(line, {namespace: 'default', placeholders: {}}, model);
  if (printed?.kind !== 'printed') throw new Error(`not printed: ${JSON.stringify(printed)}`);
  return printed.text;
};

describe.skipIf(!goldens.available)('istioctl waypoint list and status, against istioctl 1.30.3\'s golden files', () => {
  it('lists the namespace\'s waypoints as default-gateway (tabwriter padding 5, revision default, traffic type none)', () => {
    expect(print('istioctl waypoint list', {objects: [gateway('default', 'waypoint')]})).toBe(golden('default-gateway'));
  });

  it('lists every namespace\'s with -A as all-gateway, sorted by namespace then name', () => {
    expect(print('istioctl waypoint list -A', {objects: [gateway('fake', 'waypoint'), gateway('default', 'waypoint')]})).toBe(golden('all-gateway'));
  });

  it('shows revision, traffic type and PROGRAMMED from the Gateway as combined-gateway, skipping Gateways of other classes', () => {
    const objects = [
      gateway('default', 'waypoint', {programmed: false}),
      gateway('bookinfo', 'bookinfo-valid'),
      gateway('default', 'no-name-convention'),
      gateway('bookinfo', 'bookinfo-rev', {labels: {'istio.io/rev': 'rev1'}}),
      gateway('default', 'bookinfo', {programmed: false}),
      gateway('bookinfo', 'bookinfo-traffic-type', {labels: {'istio.io/waypoint-for': 'all'}}),
      gateway('default', 'ingress', {className: 'istio'}),
    ];
    expect(print('istioctl waypoint list --all-namespaces', {objects})).toBe(golden('combined-gateway'));
  });

  it('says No waypoints found. when the namespace holds no Gateway (no-gateway)', () => {
    expect(print('istioctl waypoint list -n empty', {objects: [gateway('default', 'waypoint')]})).toBe(golden('no-gateway'));
  });

  it('prints the Programmed condition of a ready waypoint as waypoint-status-ready, and with -A as waypoint-status-all', () => {
    expect(print('istioctl waypoint status', {objects: [gateway('default', 'waypoint')]})).toBe(golden('waypoint-status-ready'));
    expect(print('istioctl waypoint status -A', {objects: ['fake3', 'fake1', 'fake2'].map((ns) => gateway(ns, 'waypoint'))})).toBe(golden('waypoint-status-all'));
  });

  it('refuses the status of a waypoint that is not programmed: istioctl waits on it, and what it prints then depends on time', () => {
    expect(printFromModel('istioctl waypoint status', {namespace: 'default', placeholders: {}}, {objects: [gateway('default', 'waypoint', {programmed: false})]})).toMatchObject({kind: 'gap'});
  });
});

describe('istioctl waypoint apply, printed from the state it runs in', () => {
  const request = (line: string) => {
    const parsed = parseWaypoint(line, 'default');
    if (parsed?.verb !== 'apply') throw new Error(line);
    return parsed;
  };

  it('applies, waits and enrolls the namespace, each with its line', () => {
    const text = printWaypointApply(request('istioctl waypoint apply -n default --enroll-namespace --wait'), {objects: [namespace('default', {'istio.io/dataplane-mode': 'ambient'})]});
    expect(text).toBe('\u2705 waypoint default/waypoint applied\n\u2705 waypoint default/waypoint is ready!\n\u2705 namespace default labeled with "istio.io/use-waypoint: waypoint"\n');
  });

  it('warns first when the namespace it enrolls is not in ambient, with istioctl\'s tab before the suggested command', () => {
    const text = printWaypointApply(request('istioctl waypoint apply --enroll-namespace'), {objects: [namespace('default')]});
    expect(text.split('\n')[0]).toBe('\u26a0\ufe0f Warning: namespace is not enrolled in ambient. Consider running\t`kubectl label namespace default istio.io/dataplane-mode=ambient`');
    expect(text).not.toContain('is ready');
  });

  it('stops at a warning when the namespace already uses a waypoint and --overwrite is not given', () => {
    const enrolled = {objects: [namespace('default', {'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'waypoint'})]};
    expect(printWaypointApply(request('istioctl waypoint apply --enroll-namespace --wait'), enrolled)).toBe('\u26a0\ufe0f Warning: namespace (default) already has an enrolled Waypoint. Consider adding the `--overwrite` flag to your apply command.\n');
    expect(printWaypointApply(request('istioctl waypoint apply --enroll-namespace --overwrite --name reviews-wp'), enrolled)).toContain('labeled with "istio.io/use-waypoint: reviews-wp"');
  });

  it('is not answered by typing: it changes the cluster, which only a recorded command moves', () => {
    expect(printFromModel('istioctl waypoint apply --enroll-namespace', {namespace: 'default', placeholders: {}}, {objects: [namespace('default')]})).toBeUndefined();
  });

  it('reads the flags waypoint.go defines: --for takes a known traffic type, "none" is a reserved name, -A is not an apply flag', () => {
    expect(parseWaypoint('istioctl waypoint apply --for=workload -w', 'default')).toMatchObject({trafficType: 'workload', wait: true});
    expect(parseWaypoint('istioctl waypoint apply --for pods', 'default')).toBeUndefined();
    expect(parseWaypoint('istioctl waypoint apply --name none', 'default')).toBeUndefined();
    expect(parseWaypoint('istioctl waypoint apply -A', 'default')).toBeUndefined();
    expect(parseWaypoint('istioctl waypoint list -n bookinfo', 'default')).toEqual({verb: 'list', namespace: 'bookinfo'});
  });
});
