/**
 * `linkerd install [--crds] | kubectl apply -f -` answered from a session's cluster model: the
 * manifest is what the command's move adds to the cluster (the objects of the state it moves to
 * that the state it leaves lacks, in the order of their files and documents, the order `linkerd
 * install` renders them), less the pods the Deployments then create. Printed as the terminal shows
 * the two processes: linkerd's stderr (cli/cmd/install.go: "Rendering Linkerd CRDs..." and the next
 * step for --crds; for the control plane without the CRDs, its refusal and nothing applied), then
 * kubectl apply's line per object (`linkerd viz install` renders viz/cmd/install.go templatesViz
 * in order and writes nothing else), `<kind>.<group>/<name> created` (kubectl's name printer:
 * the kind in lower case, the group unless core). Node-side, like ./cluster-state.ts.
 */
import {splitWords} from './shell-words';
import {clusterObjects, type ClusterFile, type ClusterObject} from './cluster-state';
import {LINKERD_CRDS} from './printers/linkerd-check';

export interface InstallRequest {
  crds: boolean;
  /** `linkerd viz install`: the extension's manifest, which prints nothing on stderr. */
  viz?: boolean;
}

/** `linkerd install [--crds] | kubectl apply -f -` (flags in any order) or `linkerd viz install | kubectl apply -f -`, else undefined. */
export function installRequest(run: string): InstallRequest | undefined {
  const words = splitWords(run).map((word) => (word.kind === 'word' ? word.text : word.kind === 'pipe' ? '|' : '<(…)'));
  const pipe = words.indexOf('|');
  if (pipe < 0) return undefined;
  const [left, right] = [words.slice(0, pipe), words.slice(pipe + 1)];
  if (right.join(' ') !== 'kubectl apply -f -' && right.join(' ') !== 'kubectl apply --filename=-' && right.join(' ') !== 'kubectl apply --filename -') return undefined;
  if (left.join(' ') === 'linkerd viz install') return {crds: false, viz: true};
  if (left[0] !== 'linkerd' || left[1] !== 'install' || left.slice(2).some((flag) => flag !== '--crds')) return undefined;
  return {crds: left.includes('--crds')};
}

/** Objects a controller creates after the apply, which the manifest does not hold. */
const CREATED_BY_CONTROLLERS = new Set(['Pod', 'ReplicaSet', 'Endpoints', 'EndpointSlice']);

const key = (o: ClusterObject): string => `${o.group}/${o.kind}/${o.namespace}/${o.name}`;

/** kubectl's name printer: `kind.group/name`, `kind/name` for the core group. */
const printedName = (o: ClusterObject): string => `${o.kind.toLowerCase()}${o.group ? `.${o.group}` : ''}/${o.name}`;

export function installOutput(request: InstallRequest, from: readonly ClusterFile[], to: readonly ClusterFile[]): string {
  const before = clusterObjects(from);
  const present = new Set(before.map(key));
  if (request.crds) {
    const manifest = clusterObjects(to).filter((o) => !present.has(key(o)) && !CREATED_BY_CONTROLLERS.has(o.kind));
    return `Rendering Linkerd CRDs...\nNext, run \`linkerd install | kubectl apply -f -\` to install the control plane.\n\n${manifest.map((o) => `${printedName(o)} created\n`).join('')}`;
  }
  // install.go: without the CRDs the control plane is not rendered at all.
  if (!request.viz && !LINKERD_CRDS.every((name) => before.some((o) => o.kind === 'CustomResourceDefinition' && o.name === name))) {
    return 'Linkerd CRDs must be installed first. Run linkerd install with the --crds flag.\n';
  }
  const manifest = clusterObjects(to).filter((o) => !present.has(key(o)) && !CREATED_BY_CONTROLLERS.has(o.kind));
  return manifest.map((o) => `${printedName(o)} created\n`).join('');
}
