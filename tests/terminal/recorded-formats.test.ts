/**
 * The recorded sessions print what kubectl 1.33 and istioctl 1.30.3 print, checked against the
 * rules of their source: kubectl's label.go and describe.go, istioctl's install.go and progress.go,
 * its proxy-status and proxy-config cluster writers, and Istio 1.30.3's injection template,
 * sample and registry.
 */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {parseYaml} from '../../src/engine/yaml/index';
import {resolveRun, type Scenario} from '../../src/terminal/scenario';
import {splitWords} from '../../src/terminal/shell-words';
import {readTable} from '../../src/terminal/table';
import {loadSession, SESSION_NAMES} from './scenarios';

interface Recorded {
  session: string;
  run: string;
  state: string;
  text: string;
}

const scenarios: Record<string, Scenario> = Object.fromEntries(SESSION_NAMES.map((name) => [name, loadSession(name).scenario]));

function recorded(filter: (run: string) => boolean): Recorded[] {
  return Object.entries(scenarios).flatMap(([session, scenario]) =>
    scenario.commands
      .filter((command) => filter(resolveRun(scenario, command.run)))
      .flatMap((command) => Object.entries(command.outputs).map(([state, text]) => ({session, run: resolveRun(scenario, command.run), state, text}))));
}

const words = (run: string): string[] => splitWords(run).flatMap((word) => (word.kind === 'word' ? [word.text] : []));

/** Every cluster file a session names, read from disk. */
function clusterFiles(): Array<{name: string; text: string}> {
  const names = new Set<string>();
  for (const [session, scenario] of Object.entries(scenarios)) {
    for (const file of [...(scenario.cluster?.files ?? []), ...Object.values(scenario.cluster?.states ?? {}).flat()]) names.add(join('labs/sessions', session, file));
  }
  return [...names].map((name) => ({name, text: readFileSync(name, 'utf8')}));
}

describe('kubectl label (label.go)', () => {
  it('refuses only a different value without --overwrite; the value a label already has prints `<kind>/<name> not labeled`', () => {
    const labels = recorded((run) => /^kubectl label /.test(run));
    expect(labels.length).toBeGreaterThan(0);
    for (const {session, run, state, text} of labels) {
      const refusal = /^error: '([^']+)' already has a value \(([^)]*)\), and --overwrite is false\n$/.exec(text);
      // validateNoOverwrites: `found && currValue != value`; the same value is no error.
      if (refusal) expect(words(run), `${session} ${state}: ${run}`).not.toContain(`${refusal[1]}=${refusal[2]}`);
      else expect(text, `${session} ${state}: ${run}`).toMatch(/^\S+\/\S+ (labeled|not labeled|unlabeled)\n$/);
    }
  });

  it('prints `namespace/default not labeled` for a namespace already labelled istio-injection=enabled', () => {
    expect(scenarios.installation!.commands.find((c) => c.run.startsWith('kubectl label'))!.outputs.labelled).toBe('namespace/default not labeled\n');
    const sidecar = scenarios['sidecar-not-injected']!.commands.find((c) => c.run.startsWith('kubectl label'))!;
    for (const state of ['labelled', 'labelled-first', 'injected']) expect(sidecar.outputs[state], state).toBe('namespace/default not labeled\n');
  });
});

describe('istioctl install (install.go, progress.go)', () => {
  it('ends with `✔ Installation complete`, the last line 1.30.3 prints for a default profile', () => {
    const installs = recorded((run) => /^istioctl install\b/.test(run) && !run.includes('profile=ambient'));
    expect(installs.length).toBeGreaterThan(0);
    for (const {state, text} of installs) {
      expect(text.endsWith('✔ Installation complete\n'), state).toBe(true);
      expect(text).not.toContain('Made this installation the default');
    }
  });

  it('adds install.go\'s closing line for the ambient profile, after CNI and then Ztunnel (the CNI component before Ztunnel)', () => {
    const installs = recorded((run) => /^istioctl install\b.*profile=ambient/.test(run));
    expect(installs.length).toBeGreaterThan(0);
    for (const {state, text} of installs) {
      expect(text.endsWith('✔ Installation complete\nThe ambient profile has been installed successfully, enjoy Istio without sidecars!\n'), state).toBe(true);
      expect(text.indexOf('✔ CNI installed 🪢'), state).toBeGreaterThan(-1);
      expect(text.indexOf('✔ Ztunnel installed 🔒'), state).toBeGreaterThan(text.indexOf('✔ CNI installed 🪢'));
      expect(text).not.toContain('Ingress gateways installed');
    }
  });
});

/** `image: X`, `Image: X`, `Container image "X"` in a text. */
function imagesIn(text: string): string[] {
  return [...text.matchAll(/(?:\bimage:\s*|Image:\s+|Container image ")([^\s"]+)/gi)].map((match) => match[1]!);
}

describe('images (Istio 1.30.3: registry.istio.io, its Bookinfo sample)', () => {
  const sources = [
    ...recorded(() => true).map(({session, run, state, text}) => ({where: `${session} ${state}: ${run}`, text})),
    ...clusterFiles().map(({name, text}) => ({where: name, text})),
    ...['bookinfo', 'reviews', 'linkerd-reviews'].map((name) => ({where: `labs/contexts/${name}.yaml`, text: readFileSync(`labs/contexts/${name}.yaml`, 'utf8')})),
  ];
  const images = sources.flatMap(({where, text}) => imagesIn(text).map((image) => ({where, image})));

  it('pulls Istio and Bookinfo images from registry.istio.io/release, as 1.30.3 and its samples do', () => {
    expect(images.length).toBeGreaterThan(40);
    for (const {where, image} of images.filter(({image}) => /istio/.test(image))) {
      expect(image, where).toMatch(/^registry\.istio\.io\/release\//);
    }
  });

  it('tags the proxy and istiod 1.30.3 and the Bookinfo images 1.20.3 (samples/bookinfo/platform/kube/bookinfo.yaml)', () => {
    for (const {where, image} of images) {
      const [, name, tag] = /(?:^|\/)(proxyv2|pilot|examples-bookinfo-[^:@]+):(.+)$/.exec(image) ?? [];
      if (name === undefined) continue;
      // The ambient profile pulls the distroless variant (its values: global.variant distroless).
      if (name === 'proxyv2' || name === 'pilot') expect(tag, where).toMatch(/^1\.30\.3(?:-distroless)?$/);
      else if (name.startsWith('examples-bookinfo-')) expect(tag, where).toBe('1.20.3');
    }
  });

  it('pulls the curl client the 1.30.3 samples name (samples/curl/curl.yaml)', () => {
    for (const {where, image} of images.filter(({image}) => image.includes('curl'))) expect(image, where).toBe('docker.io/curlimages/curl:8.16.0');
  });
});

describe('istioctl proxy-status (writer/pilot/status.go)', () => {
  it('sorts its rows by proxy ID (NAME.NAMESPACE) as strings', () => {
    const statuses = recorded((run) => /^istioctl proxy-status$/.test(run));
    expect(statuses.length).toBeGreaterThan(0);
    for (const {session, state, text} of statuses) {
      const names = readTable(text)!.slice(1).map((row) => row[0]!);
      expect(names, `${session} ${state}`).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    }
  });
});

describe('istioctl proxy-config cluster (writer/envoy/configdump/cluster.go)', () => {
  it('sorts by service name, then subset as a string (`-` is the empty subset), port and direction', () => {
    // The summaries (tables), not the -o json dumps.
    const clusters = recorded((run) => /^istioctl proxy-config cluster /.test(run) && !/ -o (json|yaml)/.test(run));
    expect(clusters.length).toBeGreaterThan(0);
    for (const {state, text} of clusters) {
      const rows = text.trimEnd().split('\n').slice(1).map((line) => line.split(/ {2,}/));
      const key = (row: string[]): string[] => [row[0]!, row[2] === '-' ? '' : row[2]!, row[1]!.padStart(5, '0'), row[3]!];
      const compare = (a: string[], b: string[]): number => {
        const [x, y] = [key(a), key(b)];
        const i = x.findIndex((part, n) => part !== y[n]);
        return i < 0 ? 0 : x[i]! < y[i]! ? -1 : 1;
      };
      expect(rows.map((row) => row[2]), state).toEqual([...rows].sort(compare).map((row) => row[2]));
    }
    const broken = clusters.find((c) => c.state === 'broken')!;
    expect(broken.text.trimEnd().split('\n').slice(1).map((line) => line.split(/ {2,}/)[2])).toEqual(['-', 'v1', 'v3', 'version-2']);
  });
});

/** The pods of the session's cluster files, by name. */
function modelPods(): Map<string, Record<string, any>> {
  const pods = new Map<string, Record<string, any>>();
  for (const {text} of clusterFiles()) {
    for (const document of parseYaml(text).documents) {
      const value = document.value as Record<string, any> | null;
      if (value?.kind === 'Pod') pods.set(value.metadata.name, value);
    }
  }
  return pods;
}

/**
 * printAnnotationsMultiline as describe.go writes it through its tabwriter (padding 2, the
 * title column 18 wide in a pod's description): sorted keys, last-applied-configuration
 * skipped, a value whose key and value exceed 140 characters on its own line, cut at 138 plus `...`.
 */
function annotationsBlock(annotations: Record<string, string>): string {
  const column = ' '.repeat(18);
  const keys = Object.keys(annotations).filter((key) => key !== 'kubectl.kubernetes.io/last-applied-configuration').sort();
  if (keys.length === 0) return `${'Annotations:'.padEnd(18)}<none>\n`;
  return keys.map((key, i) => {
    const head = i === 0 ? 'Annotations:'.padEnd(18) : column;
    const value = annotations[key]!.replace(/\n$/, '');
    if (value.length + key.length + 2 > 140 || value.includes('\n')) {
      return `${head}${key}:\n` + value.split('\n').map((line) => `${column}  ${line.length > 138 ? `${line.slice(0, 138)}...` : line}\n`).join('');
    }
    return `${head}${key}: ${value}\n`;
  }).join('');
}

describe('kubectl describe pod (describe.go)', () => {
  const describes = recorded((run) => /^kubectl describe pods? /.test(run)).filter(({text}) => text.startsWith('Name:'));
  const pods = modelPods();

  it('prints the annotations as printAnnotationsMultiline does: a long value on its own line, cut at 138 characters', () => {
    expect(describes.length).toBeGreaterThan(0);
    for (const {session, state, text} of describes) {
      const name = /^Name:\s+(\S+)/.exec(text)![1]!;
      const pod = pods.get(name);
      expect(pod, `${name} is in ${session}'s cluster model`).toBeDefined();
      const block = /^Annotations:[\s\S]*?(?=^Status:)/m.exec(text)![0];
      expect(block, `${session} ${state}: ${name}`).toBe(annotationsBlock(pod!.metadata.annotations ?? {}));
    }
  });

  it("gives istio-proxy GOMEMLIMIT and GOMAXPROCS from its limits, after ISTIO_META_APP_CONTAINERS (1.30.3's injection template)", () => {
    const injected = describes.filter(({text}) => text.includes('  istio-proxy:\n'));
    expect(injected.length).toBeGreaterThan(0);
    for (const {text} of injected) {
      const proxy = /^ {2}istio-proxy:\n[\s\S]*?(?=^ {2}\S)/m.exec(text)![0];
      // describeContainerEnvVars: a resourceFieldRef prints its value with the divisor 1, then the resource.
      expect(proxy).toMatch(/^ {6}ISTIO_META_APP_CONTAINERS: +\S+\n {6}GOMEMLIMIT: +1073741824 \(limits\.memory\)\n {6}GOMAXPROCS: +2 \(limits\.cpu\)\n {6}ISTIO_META_CLUSTER_ID:/m);
      expect(proxy).toMatch(/^ {6}memory: +1Gi$/m);
    }
  });
});
