import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {checkScenario} from '../../../src/terminal/check-session';
import {stateModels} from '../../../src/terminal/cluster-state';
import {printFromModel} from '../../../src/terminal/printers/index';
import {parseIstioctlInstall, printIstioctlInstall, type IstioctlInstallRequest} from '../../../src/terminal/printers/istioctl-install';
import {ModelGap, type ModelObject, type StateModel} from '../../../src/terminal/printers/model';

const NOW = Date.parse('2026-11-24T21:03:00Z');

function workload(kind: string, name: string, ready: boolean): ModelObject {
  return {group: 'apps', kind, namespace: 'istio-system', name, value: {metadata: {name, namespace: 'istio-system'}, status: kind === 'Deployment' ? {readyReplicas: ready ? 1 : 0} : {numberReady: ready ? 1 : 0}}};
}

function istiodPod(tag: string): ModelObject {
  return {group: '', kind: 'Pod', namespace: 'istio-system', name: 'istiod-abc', value: {
    metadata: {name: 'istiod-abc', namespace: 'istio-system', labels: {app: 'istiod'}},
    spec: {containers: [{name: 'discovery', image: `registry.istio.io/release/pilot:${tag}`}]},
    status: {phase: 'Running'},
  }};
}

/** A pod owned by a DaemonSet or a Deployment's ReplicaSet, Ready at 2026-11-25T<time>Z. */
function readyPod(name: string, ownerKind: string, owner: string, time: string): ModelObject {
  return {group: '', kind: 'Pod', namespace: 'istio-system', name, value: {
    metadata: {name, namespace: 'istio-system', ownerReferences: [{kind: ownerKind, name: owner}]},
    status: {phase: 'Running', conditions: [{type: 'Ready', status: 'True', lastTransitionTime: `2026-11-25T${time}Z`}]},
  }};
}

const empty: StateModel = {objects: [], now: NOW};
const installed: StateModel = {objects: [workload('Deployment', 'istiod', true), workload('Deployment', 'istio-ingressgateway', true)], now: NOW};
const request = (line: string): IstioctlInstallRequest => {
  const parsed = parseIstioctlInstall(line);
  if (!parsed || 'unsupported' in parsed) throw new Error(`not parsed: ${line}`);
  return parsed;
};

describe('istioctl install, as install.go and progress.go print it on a terminal', () => {
  it('prints the art padded to 20 columns, a blank line, the prompt with the reader\'s y, each component as it finishes, then completion', () => {
    const lines = printIstioctlInstall(request('istioctl install --set profile=default'), empty, installed).split('\n');
    expect(lines.slice(0, 14).every((line) => line.length === 20)).toBe(true);
    expect(lines[10]).toBe('/______||__________\\');
    expect(lines.slice(14)).toEqual([
      '',
      'This will install the Istio 1.30.3 profile "default" into the cluster. Proceed? (y/N) y',
      '\u2714 Istio core installed \u26f5\ufe0f',
      '\u2714 Istiod installed \ud83e\udde0',
      '\u2714 Ingress gateways installed \ud83d\udeec',
      '\u2714 Installation complete',
      '',
    ]);
  });

  it('asks nothing with -y or --skip-confirmation, and installs the default profile without --set', () => {
    for (const line of ['istioctl install -y', 'istioctl install --skip-confirmation']) {
      const text = printIstioctlInstall(request(line), empty, installed);
      expect(text).not.toContain('Proceed?');
      expect(text).toContain('\u2714 Ingress gateways installed');
    }
  });

  it('the minimal profile installs no gateway', () => {
    const text = printIstioctlInstall(request('istioctl install --set profile=minimal -y'), empty, installed);
    expect(text.split('\n').filter((line) => line.startsWith('\u2714'))).toEqual(['\u2714 Istio core installed \u26f5\ufe0f', '\u2714 Istiod installed \ud83e\udde0', '\u2714 Installation complete']);
  });

  it('warns of an upgrade when the cluster\'s istiod runs an older version (detectIstioVersionDiff)', () => {
    const text = printIstioctlInstall(request('istioctl install -y'), {objects: [istiodPod('1.29.2')], now: NOW}, installed);
    expect(text).toContain('WARNING: Istio is being upgraded from 1.29.2 to 1.30.3.\n         Running this command will overwrite it; use revisions to upgrade alongside the existing version.\n         Before upgrading, you may wish to use \'istioctl x precheck\' to check for upgrade warnings.\n');
    expect(printIstioctlInstall(request('istioctl install -y'), {objects: [istiodPod('1.30.3')], now: NOW}, installed)).not.toContain('WARNING');
  });

  it('warns of the end of support from February 2027 on (operator/version IsEOL)', () => {
    const late = {...empty, now: Date.parse('2027-02-01T00:00:00Z')};
    expect(printIstioctlInstall(request('istioctl install -y'), late, installed)).toContain('WARNING: Istio 1.30.0 may be out of support (EOL) already');
    expect(printIstioctlInstall(request('istioctl install -y'), {...empty, now: Date.parse('2027-01-31T23:59:59Z')}, installed)).not.toContain('EOL');
  });

  it('prints racing components in the order their pods became Ready, and ends the ambient profile with install.go\'s sentence', () => {
    const ambient = (cni: string, istiod = '09:24:44'): StateModel => ({objects: [
      readyPod('istiod-6d9f7c8b5d-m2x8q', 'ReplicaSet', 'istiod-6d9f7c8b5d', istiod),
      readyPod('istio-cni-node-7xq4d', 'DaemonSet', 'istio-cni-node', cni),
      readyPod('istio-cni-node-k9s2w', 'DaemonSet', 'istio-cni-node', '09:24:37'),
      readyPod('ztunnel-c8h5v', 'DaemonSet', 'ztunnel', '09:25:05'),
    ], now: NOW});
    const installedLines = (after: StateModel): string[] => printIstioctlInstall(request('istioctl install --set profile=ambient -y'), empty, after).split('\n').filter((l) => /^(\u2714|The ambient)/.test(l));
    expect(installedLines(ambient('09:24:53'))).toEqual([
      '\u2714 Istio core installed \u26f5\ufe0f',
      '\u2714 Istiod installed \ud83e\udde0',
      '\u2714 CNI installed \ud83e\udea2',
      '\u2714 Ztunnel installed \ud83d\udd12',
      '\u2714 Installation complete',
      'The ambient profile has been installed successfully, enjoy Istio without sidecars!',
    ]);
    // CNI's last pod Ready before istiod's: CNI prints first, and Ztunnel, waiting only on CNI, may come before Istiod.
    expect(installedLines(ambient('09:24:38', '09:25:09')).slice(1, 4)).toEqual(['\u2714 CNI installed \ud83e\udea2', '\u2714 Ztunnel installed \ud83d\udd12', '\u2714 Istiod installed \ud83e\udde0']);
    // Less than one 2 s readiness poll apart (wait.go), either could be seen ready first.
    expect(() => installedLines(ambient('09:24:45'))).toThrow(/less than istioctl's 2 s readiness poll apart/);
  });

  it('reads the running version as GetIstioVersions reports it: the image variant is not part of the tag, and tags compare as strings', () => {
    expect(printIstioctlInstall(request('istioctl install -y'), {objects: [istiodPod('1.30.3-distroless')], now: NOW}, installed)).not.toContain('WARNING');
    // detectIstioVersionDiff's `icpTag < tag` is a string comparison: "1.30.10" sorts before "1.30.3".
    expect(printIstioctlInstall(request('istioctl install -y'), {objects: [istiodPod('1.30.10')], now: NOW}, installed)).toContain('WARNING: Istio is being upgraded from 1.30.10 to 1.30.3.');
    expect(printIstioctlInstall(request('istioctl install -y'), {objects: [istiodPod('1.31.0')], now: NOW}, installed)).toContain('WARNING: Istio is being downgraded from 1.31.0 to 1.30.3.');
  });

  it('is a gap where racing components\' pods do not say when they became Ready, or the state it moves to lacks a component ready', () => {
    expect(() => printIstioctlInstall(request('istioctl install --set profile=ambient -y'), empty, installed)).toThrow(/istio-cni-node/);
    const demo = {objects: [...installed.objects, workload('Deployment', 'istio-egressgateway', true)], now: NOW};
    expect(() => printIstioctlInstall(request('istioctl install --set profile=demo -y'), empty, demo)).toThrow(/Ingress gateways and Egress gateways install at the same time/);
    const notReady = {objects: [workload('Deployment', 'istiod', true), workload('Deployment', 'istio-ingressgateway', false)], now: NOW};
    expect(() => printIstioctlInstall(request('istioctl install -y'), empty, notReady)).toThrow(/istio-system\/istio-ingressgateway/);
  });

  it('reads the profile from --set, -s or --set=, and leaves other flags to the recording', () => {
    expect(parseIstioctlInstall('istioctl install -s profile=minimal')).toEqual({profile: 'minimal', skipConfirmation: false});
    expect(parseIstioctlInstall('istioctl install --set=profile=demo -y')).toEqual({profile: 'demo', skipConfirmation: true});
    expect(parseIstioctlInstall('istioctl install --set values.global.proxy.privileged=true')).toEqual({unsupported: '--set'});
    expect(parseIstioctlInstall('istioctl version')).toBeUndefined();
  });

  it('is not answered when typed: it would change the cluster', () => {
    expect(printFromModel('istioctl install -y', {namespace: 'default', placeholders: {}}, installed)).toBeUndefined();
  });
});

describe('the istio-system Services istioctl install leaves, with the 1.30.3 charts\' labels', () => {
  const dir = 'labs/sessions/installation';
  const read = (file: string): string => readFileSync(`${dir}/${file}`, 'utf8');
  const scenario = checkScenario(`${dir}/scenario.yaml`, read('scenario.yaml'), {computed: 'skip', readFile: read});
  const labels = (line: string): string => {
    const printed = printFromModel(line, scenario, stateModels(scenario, read).installed!);
    if (printed?.kind !== 'printed') throw new Error(JSON.stringify(printed));
    return printed.text;
  };

  it('labels istiod as the istio-discovery chart renders it for release "istio", with the installer\'s owner labels', () => {
    expect(labels('kubectl get svc istiod -n istio-system -o jsonpath={.metadata.labels}')).toBe(JSON.stringify({
      app: 'istiod', 'app.kubernetes.io/instance': 'istio', 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/name': 'istiod', 'app.kubernetes.io/part-of': 'istio',
      'app.kubernetes.io/version': '1.30.3', 'helm.sh/chart': 'istiod-1.30.3', 'install.operator.istio.io/owning-resource': 'unknown',
      'install.operator.istio.io/owning-resource-namespace': 'istio-system', istio: 'pilot', 'istio.io/rev': 'default', 'operator.istio.io/component': 'Pilot',
      'operator.istio.io/managed': 'Reconcile', 'operator.istio.io/version': '1.30.3', release: 'istio',
    }));
  });

  it('labels the ingress gateway with its gateway labels and component IngressGateways', () => {
    const text = labels('kubectl get svc istio-ingressgateway -n istio-system --show-labels');
    expect(text).toContain('app=istio-ingressgateway,');
    expect(text).toContain(',helm.sh/chart=istio-ingress-1.30.3,');
    expect(text).toContain(',operator.istio.io/component=IngressGateways,');
  });
});
