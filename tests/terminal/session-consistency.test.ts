/**
 * One cluster per session: every pod a command names is a pod of the state's cluster model, with
 * one age (kubectl's duration.HumanDuration of one moment per state minus the pod's
 * creationTimestamp), one IP and the model's images, in every command and state. Sessions that
 * share the model's files (the Bookinfo pods after the restart) therefore agree with each other.
 */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {clusterObjects, stateFiles, type ClusterObject} from '../../src/terminal/cluster-state';
import {resolveRun, type Scenario} from '../../src/terminal/scenario';
import {splitWords} from '../../src/terminal/shell-words';
import {loadSession, SESSION_NAMES} from './scenarios';

/** k8s.io/apimachinery/pkg/util/duration.HumanDuration, for whole seconds up to eight days. */
function humanDuration(seconds: number): string {
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(seconds / 3600);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

describe('humanDuration (the port this test measures ages with)', () => {
  it('prints as HumanDuration does at its boundaries', () => {
    expect([59, 119, 120, 561, 600, 661, 10799, 10800, 10860, 28800].map(humanDuration)).toEqual(['59s', '119s', '2m', '9m21s', '10m', '11m', '179m', '3h', '3h1m', '8h']);
  });
});

interface Row {
  command: string;
  kind: string;
  name: string;
  age: string;
}

/** `kubectl get TYPE` → the kind its table lists. */
const KINDS: Record<string, string> = {
  pod: 'Pod', pods: 'Pod', po: 'Pod', svc: 'Service', service: 'Service', services: 'Service',
  virtualservice: 'VirtualService', virtualservices: 'VirtualService', vs: 'VirtualService',
  destinationrule: 'DestinationRule', destinationrules: 'DestinationRule', dr: 'DestinationRule',
  namespace: 'Namespace', namespaces: 'Namespace', ns: 'Namespace',
};

const words = (run: string): string[] => splitWords(run).flatMap((word) => (word.kind === 'word' ? [word.text] : []));

/** The NAME and AGE cells of a `kubectl get TYPE` table (columns split where the header's are). */
function tableRows(command: string, text: string): Row[] {
  const [program, verb, type] = words(command);
  const kind = KINDS[type ?? ''];
  if (program !== 'kubectl' || verb !== 'get' || !kind || words(command).some((w) => /^-o|^--output/.test(w))) return [];
  const lines = text.replace(/\n$/, '').split('\n');
  const header = lines[0] ?? '';
  const age = header.search(/\bAGE\b/);
  if (!header.startsWith('NAME') || age < 0) return [];
  return lines.slice(1).map((line) => ({command, kind, name: line.split(/\s+/)[0]!, age: line.slice(age).split(/\s+/)[0]!}));
}

interface SessionState {
  session: string;
  scenario: Scenario;
  state: string;
  objects: ClusterObject[];
  outputs: Array<{command: string; text: string}>;
}

function sessionStates(): SessionState[] {
  return SESSION_NAMES.flatMap((session) => {
    const scenario = loadSession(session).scenario;
    const dir = join('labs/sessions', session);
    return scenario.states.map(({id: state}) => ({
      session,
      scenario,
      state,
      objects: clusterObjects(stateFiles(scenario.cluster!, state).map((name) => ({name, text: readFileSync(join(dir, name), 'utf8')}))),
      outputs: scenario.commands.flatMap((command) => (command.outputs[state] === undefined ? [] : [{command: resolveRun(scenario, command.run), text: command.outputs[state]!}])),
    }));
  });
}

const states = sessionStates();
const metadata = (object: ClusterObject): Record<string, any> => object.value.metadata as Record<string, any>;
const pods = (s: SessionState): ClusterObject[] => s.objects.filter((o) => o.kind === 'Pod');
const images = (pod: ClusterObject): string[] => {
  const spec = pod.value.spec as Record<string, any>;
  return [...(spec.initContainers ?? []), ...spec.containers].map((c: Record<string, string>) => c.image!);
};
const label = (s: SessionState): string => `${s.session} (${s.state})`;

describe('recorded sessions, one cluster each', () => {
  it('gives every pod of every cluster model its creation time and IP, no two pods of a state one IP (a host-network pod its node\'s)', () => {
    for (const s of states) {
      const hostNetwork = (pod: ClusterObject): boolean => (pod.value.spec as Record<string, unknown>).hostNetwork === true;
      for (const pod of pods(s).filter(hostNetwork)) {
        const status = pod.value.status as Record<string, string>;
        expect(status.podIP, `${label(s)}: ${pod.name}`).toBe(status.hostIP);
      }
      const ips = pods(s).filter((pod) => !hostNetwork(pod)).map((pod) => (pod.value.status as Record<string, string> | undefined)?.podIP);
      for (const pod of pods(s)) expect(metadata(pod).creationTimestamp, `${label(s)}: ${pod.name}`).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(ips.every((ip) => /^10\.244\.\d+\.\d+$/.test(ip ?? '')), `${label(s)}: ${ips.join(', ')}`).toBe(true);
      expect(new Set(ips).size, label(s)).toBe(ips.length);
    }
  });

  it('places every scheduled pod on a Node of the state\'s model: its hostIP the node\'s InternalIP, its IP in the node\'s podCIDR', () => {
    let placed = 0;
    for (const s of states) {
      const nodes = new Map(s.objects.filter((o) => o.kind === 'Node').map((node) => [node.name, node.value as Record<string, any>]));
      for (const pod of pods(s)) {
        const nodeName = (pod.value.spec as Record<string, unknown>).nodeName;
        if (typeof nodeName !== 'string') continue;
        placed++;
        const node = nodes.get(nodeName);
        expect(node, `${label(s)}: ${pod.name} runs on ${nodeName}, a Node of the model`).toBeDefined();
        const status = pod.value.status as Record<string, string>;
        const internal = (node!.status.addresses as Array<{type: string; address: string}>).find((a) => a.type === 'InternalIP')?.address;
        expect(status.hostIP, `${label(s)}: ${pod.name}`).toBe(internal);
        if ((pod.value.spec as Record<string, unknown>).hostNetwork === true) continue;
        const cidr = /^(\d+\.\d+\.\d+)\.0\/24$/.exec(node!.spec.podCIDR as string)?.[1];
        expect(status.podIP?.replace(/\.\d+$/, ''), `${label(s)}: ${pod.name} in ${nodeName}'s ${node!.spec.podCIDR}`).toBe(cidr);
      }
      // kubectl describe pod's Node line names the same node and address.
      for (const {command, text} of s.outputs) {
        const described = /^Name:\s+(\S+)$[\s\S]*?^Node:\s+(\S+)\/(\S+)$/m.exec(text);
        if (!command.startsWith('kubectl describe pod') || !described) continue;
        const pod = pods(s).find((p) => p.name === described[1]);
        expect([described[2], described[3]], `${label(s)}: ${command}`).toEqual([(pod!.value.spec as Record<string, string>).nodeName, (pod!.value.status as Record<string, string>).hostIP]);
      }
    }
    expect(placed).toBeGreaterThan(0);
  });

  it('lists in `kubectl get pods` exactly the pods of the state, and in proxy-status the pods with a proxy', () => {
    for (const s of states) {
      for (const {command, text} of s.outputs) {
        if (/^kubectl get pods( -n \S+)?$/.test(command)) {
          const namespace = /-n (\S+)/.exec(command)?.[1] ?? s.scenario.namespace;
          const listed = tableRows(command, text).map((row) => row.name);
          expect(listed, `${label(s)}: ${command}`).toEqual(pods(s).filter((p) => p.namespace === namespace).map((p) => p.name).sort());
        }
        if (command === 'istioctl proxy-status') {
          const proxies = text.trimEnd().split('\n').slice(1).map((line) => line.split(/\s+/)[0]!).sort();
          const withProxy = pods(s).filter((p) => p.name.startsWith('istio-ingressgateway') || images(p).some((image) => /\/proxyv2:/.test(image)));
          expect(proxies, `${label(s)}: ${command}`).toEqual(withProxy.map((p) => `${p.name}.${p.namespace}`).sort());
        }
      }
    }
  });

  it('prints one age per object and state: the state\'s moment minus its creationTimestamp, as HumanDuration prints it', () => {
    for (const s of states) {
      const rows = s.outputs.flatMap(({command, text}) => tableRows(command, text));
      const dated = rows.flatMap((row) => {
        const object = s.objects.find((o) => o.kind === row.kind && o.name === row.name);
        const created = object && metadata(object).creationTimestamp;
        return typeof created === 'string' ? [{...row, created: Date.parse(created) / 1000}] : [];
      });
      expect(dated.length, `${label(s)}: the pods listed are dated`).toBe(rows.filter((row) => row.kind === 'Pod').length + dated.filter((row) => row.kind !== 'Pod').length);
      if (dated.length === 0) continue;
      const latest = Math.max(...dated.map((row) => row.created));
      // The moment the state was recorded: some second within a day after the newest object.
      let moment: number | undefined;
      for (let now = latest; now < latest + 86400 && moment === undefined; now++) {
        if (dated.every((row) => humanDuration(now - row.created) === row.age)) moment = now;
      }
      expect(moment, `${label(s)}: no moment gives ${dated.map((row) => `${row.name} ${row.age}`).join(', ')}`).toBeDefined();
    }
  });

  it('describes a pod with its model\'s IP and images, pulled as the model names them', () => {
    let described = 0;
    for (const s of states) {
      for (const {command, text} of s.outputs) {
        if (!/^kubectl describe pods? /.test(command) || !text.startsWith('Name:')) continue;
        described++;
        const name = /^Name:\s+(\S+)/.exec(text)![1]!;
        const pod = pods(s).find((p) => p.name === name);
        expect(pod, `${label(s)}: ${name} is in the state's model`).toBeDefined();
        expect(/^IP:\s+(\S+)/m.exec(text)?.[1], `${label(s)}: ${name}`).toBe((pod!.value.status as Record<string, string>).podIP);
        expect([...text.matchAll(/^ {4}Image:\s+(\S+)$/gm)].map((m) => m[1]), `${label(s)}: ${name}`).toEqual(images(pod!));
        for (const [, pulled] of text.matchAll(/Container image "([^"]+)"/g)) expect(images(pod!), `${label(s)}: ${name}`).toContain(pulled);
      }
    }
    expect(described).toBeGreaterThan(0);
  });

  it('names as endpoints of a subset the IPs of the pods that subset selects', () => {
    let endpoints = 0;
    for (const s of states) {
      for (const {command, text} of s.outputs) {
        if (!command.startsWith('istioctl proxy-config endpoint')) continue;
        for (const line of text.trimEnd().split('\n').slice(1)) {
          const cells = line.split(/\s+/);
          const [address, cluster] = [cells[0], cells[cells.length - 1]];
          const [, , subset, host] = cluster!.split('|');
          const app = host!.split('.')[0];
          const ip = address!.split(':')[0];
          const pod = pods(s).find((p) => (p.value.status as Record<string, string>).podIP === ip);
          endpoints++;
          expect(pod, `${label(s)}: ${ip}`).toBeDefined();
          expect(metadata(pod!).labels, `${label(s)}: ${ip}`).toMatchObject({app, version: subset});
        }
      }
    }
    expect(endpoints).toBeGreaterThan(0);
  });

  it('counts in istioctl version\'s data plane the state\'s pods with a proxy', () => {
    let versions = 0;
    for (const s of states) {
      for (const {command, text} of s.outputs) {
        const counted = command === 'istioctl version' ? /^data plane version: \S+ \((\d+) proxies\)$/m.exec(text) : null;
        if (!counted) continue;
        versions++;
        const withProxy = pods(s).filter((p) => p.name.startsWith('istio-ingressgateway') || images(p).some((image) => /\/proxyv2:/.test(image)));
        expect(Number(counted[1]), `${label(s)}: ${command}`).toBe(withProxy.length);
      }
    }
    expect(versions).toBeGreaterThan(0);
  });

  it('lists in proxy-config cluster the subsets the state\'s DestinationRule shows in kubectl get -o yaml', () => {
    let compared = 0;
    for (const s of states) {
      const rule = s.outputs.find(({command}) => command === 'kubectl get destinationrule reviews -o yaml');
      const clusters = s.outputs.find(({command}) => command.startsWith('istioctl proxy-config cluster') && command.includes('--fqdn reviews.default.svc.cluster.local'));
      if (!rule || !clusters) continue;
      compared++;
      const subsets = [...rule.text.matchAll(/^ {4}name: (\S+)$/gm)].map((m) => m[1]!);
      const listed = clusters.text.trimEnd().split('\n').slice(1).map((line) => line.split(/\s+/)[2]!);
      expect(listed, label(s)).toEqual(['-', ...subsets].sort());
    }
    expect(compared).toBeGreaterThan(0);
  });

  it('lets the traffic session\'s pods be the sidecar session\'s restarted pods, created at the same moments', () => {
    const injected = states.find((s) => s.session === 'sidecar-not-injected' && s.state === 'injected')!;
    const broken = states.find((s) => s.session === 'traffic-not-routing' && s.state === 'broken')!;
    const created = (s: SessionState): Record<string, string> => Object.fromEntries(pods(s).filter((p) => p.namespace === 'default').map((p) => [p.name, metadata(p).creationTimestamp]));
    expect(Object.values(created(broken)).every((time) => typeof time === 'string')).toBe(true);
    expect(created(broken)).toEqual(created(injected));
  });
});
