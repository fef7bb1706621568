/**
 * What `kubectl exec (POD | TYPE/NAME) [-n NS] [-c C] -- curl …` prints in a recorded session, derived
 * from the state's cluster model through the traffic simulator, so that a recorded answer (200, the
 * waypoint's 403, ztunnel's reset) is the policy's decision in that state and never written by hand.
 *
 * - kubectl v1.33 `pkg/cmd/exec/exec.go`: TYPE/NAME is resolved to its pods as istioctl's argument is
 *   (./printers/istioctl-pod-argument.ts podsOfTypedResource); several pods are a gap (GetFirstPod sorts
 *   them by podutils.ActivePods, not modelled). Without `-c`, `podcmd.FindOrDefaultContainerByName`
 *   writes `Defaulted container "C" out of: …` when the pod has more than one container, or init or
 *   ephemeral ones. A non-zero exit is client-go remotecommand's `command terminated with exit code N`.
 * - curl 8 `src/tool_operate.c` post_per_transfer: with `-s` and without `-S` no error is written;
 *   `-S` writes `curl: (N) MESSAGE` before the `--write-out` text (`ourWriteOut`), whose
 *   `%{http_code}` is 000 when no response came. A reset connection is CURLE_RECV_ERROR (56),
 *   `Recv failure: Connection reset by peer`. A body is printed only for Istio's RBAC 403
 *   (`RBAC: access denied`, no newline): an application's own body is not modelled.
 * - The simulator (src/simulator) answers for the exec'd pod as the client, on curl's port (80 or 443
 *   unless the URL names one): every share of the request must get the same answer, else the one the
 *   recording saw cannot be told (a gap).
 * Anything else curl or kubectl could be asked (other options, a TTY, another program) is a gap.
 */
import {podSourceOf} from '../engine/families/catalog';
import {istioAnswers} from '../simulator/istio-authz/attach';
import {parseRequest, RequestSyntaxError, simulate, World, type Decision} from '../simulator/index';
import {inferNsInfo, podsOfTypedResource} from './printers/istioctl-pod-argument';
import {field, isRecord, list, ModelGap, stringMap, type ModelObject, type StateModel} from './printers/model';
import {splitWords} from './shell-words';

export interface ExecCurl {
  /** The pod or TYPE/NAME as written, and the namespace it is looked up in. */
  target: string;
  namespace: string;
  container?: string;
  quiet: boolean;
  curl: CurlOptions;
}

interface CurlOptions {
  method?: string;
  url: string;
  headers: string[];
  silent: boolean;
  showError: boolean;
  /** `-o FILE`: only /dev/null is modelled. */
  output?: string;
  writeOut?: string;
  /** An option or argument this module does not model: the output is a gap. */
  unsupported?: string;
}

/** Istio's 403 body (pilot/pkg/security/authz/builder: Envoy's RBAC filter's denial). */
const RBAC_DENIED_BODY = 'RBAC: access denied';
/** CURLE_RECV_ERROR, and the message curl's socket filter writes for ECONNRESET. */
const RESET = {code: 56, message: 'Recv failure: Connection reset by peer'};

/** The kubectl exec of curl a line runs, or undefined for any other line. */
export function parseExecCurl(run: string, contextNamespace: string): ExecCurl | undefined {
  const parts = splitWords(run);
  if (parts.some((part) => part.kind !== 'word')) return undefined;
  const words = parts.map((part) => (part as {text: string}).text);
  if (words[0] !== 'kubectl' || words[1] !== 'exec') return undefined;
  const dash = words.indexOf('--');
  if (dash < 0 || words[dash + 1] !== 'curl') return undefined;
  let namespace = contextNamespace;
  let target: string | undefined;
  let container: string | undefined;
  let quiet = false;
  let unsupported: string | undefined;
  for (let i = 2; i < dash; i++) {
    const word = words[i]!;
    const value = (long: string, short: string): string | undefined => {
      if (word === long || word === short) return words[++i];
      if (word.startsWith(`${long}=`)) return word.slice(long.length + 1);
      if (word.startsWith(short) && word.length > short.length && !word.startsWith('--')) return word.slice(short.length);
      return undefined;
    };
    const ns = value('--namespace', '-n');
    const c = ns === undefined ? value('--container', '-c') : undefined;
    if (ns !== undefined) namespace = ns;
    else if (c !== undefined) container = c;
    else if (word === '-i' || word === '--stdin') continue;
    else if (word === '-q' || word === '--quiet') quiet = true;
    else if (!word.startsWith('-') && target === undefined) target = word;
    else unsupported ??= word;
  }
  if (target === undefined) return undefined;
  const curl = parseCurl(words.slice(dash + 2));
  return {target, namespace, ...(container === undefined ? {} : {container}), quiet, curl: unsupported === undefined ? curl : {...curl, unsupported: `kubectl exec ${unsupported}`}};
}

/** curl's options the sessions use: -s, -S, -o, -w, -H, -X and one URL. */
function parseCurl(args: readonly string[]): CurlOptions {
  const options: CurlOptions = {url: '', headers: [], silent: false, showError: false};
  const urls: string[] = [];
  const flag = (letter: string): boolean => {
    if (letter === 's') options.silent = true;
    else if (letter === 'S') options.showError = true;
    else return false;
    return true;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = (): string => args[++i] ?? '';
    if (arg === '--silent') options.silent = true;
    else if (arg === '--show-error') options.showError = true;
    else if (arg === '-o' || arg === '--output') options.output = next();
    else if (arg === '-w' || arg === '--write-out') options.writeOut = next();
    else if (arg === '-H' || arg === '--header') options.headers.push(next());
    else if (arg === '-X' || arg === '--request') options.method = next();
    else if (/^-[a-zA-Z]+$/.test(arg) && [...arg.slice(1)].every(flag)) continue;
    else if (arg.startsWith('-')) options.unsupported ??= `curl ${arg}`;
    else urls.push(arg);
  }
  if (urls.length !== 1) options.unsupported ??= `curl with ${urls.length} URLs`;
  options.url = urls[0] ?? '';
  return options;
}

/** The World the simulator routes in: the state's objects, pods as the Pods it holds (a controller's template would run them twice). */
function sessionWorld(model: StateModel): World {
  return new World(model.objects.filter((o) => {
    const source = podSourceOf(o.group, o.kind);
    return source === undefined || source === 'self';
  }).map((o) => o.value));
}

/** The pod `kubectl exec` runs in. */
function execPod(exec: ExecCurl, model: StateModel): ModelObject {
  const {name, namespace} = exec.target.includes('/') ? {name: exec.target, namespace: exec.namespace} : inferNsInfo(exec.target, exec.namespace);
  const resname = name.includes('/') ? name : `pods/${name}`;
  const found = podsOfTypedResource(resname, namespace, model);
  if ('error' in found) throw new ModelGap(`kubectl exec ${exec.target}: ${found.error} (kubectl's own error is not modelled)`);
  if (found.pods.length !== 1) throw new ModelGap(`kubectl exec ${exec.target} picks one of ${found.pods.length} pods by podutils.ActivePods, which is not modelled`);
  const pod = found.pods[0]!;
  const phase = field(pod.value, 'status', 'phase');
  if (phase !== 'Running') throw new ModelGap(`kubectl exec into pod ${pod.namespace}/${pod.name} in phase ${String(phase)} is not modelled`);
  return pod;
}

const names = (value: unknown): string[] => list(value).filter(isRecord).map((c) => String(c.name));

/** podcmd.FindOrDefaultContainerByName's notice, or '' (a named container must be the pod's). */
function containerNotice(exec: ExecCurl, pod: ModelObject): string {
  const containers = names(field(pod.value, 'spec', 'containers'));
  const init = names(field(pod.value, 'spec', 'initContainers'));
  const ephemeral = names(field(pod.value, 'spec', 'ephemeralContainers'));
  if (exec.container !== undefined) {
    if (![...containers, ...init, ...ephemeral].includes(exec.container)) throw new ModelGap(`pod ${pod.namespace}/${pod.name} has no container ${exec.container}: the API server's error is not modelled`);
    return '';
  }
  if (containers.length === 0) throw new ModelGap(`the model gives pod ${pod.namespace}/${pod.name} no containers`);
  const annotated = stringMap(field(pod.value, 'metadata', 'annotations'))['kubectl.kubernetes.io/default-container'];
  if (annotated !== undefined && [...containers, ...init, ...ephemeral].includes(annotated)) return '';
  if (exec.quiet || (containers.length === 1 && init.length === 0 && ephemeral.length === 0)) return '';
  const all = [...containers, ...ephemeral.map((c) => `${c} (ephem)`), ...init.map((c) => `${c} (init)`)].join(', ');
  return `Defaulted container "${containers[0]}" out of: ${all}\n`;
}

type Answer = {status: number} | {reset: true};

/** What the client gets for every share of the decision: one answer, or a gap. */
function answerOf(decision: Decision): Answer {
  const answers = new Map<string, Answer>();
  for (const entry of decision.distribution) {
    if (entry.connection !== undefined) throw new ModelGap(`the request is carried as an L4 connection (${decision.summary}), which curl's HTTP answer is not modelled for`);
    const answer: Answer = entry.status === 0 || entry.status === undefined ? {reset: true} : {status: entry.status};
    answers.set('reset' in answer ? 'reset' : String(answer.status), answer);
  }
  if (decision.distribution.length === 0) {
    const reset = istioAnswers(decision).some((a) => a.reset) || decision.destinations.some((d) => d.mtls?.some((c) => c.result === 'failed' && c.status === undefined));
    if (!reset && decision.status === null) throw new ModelGap(`no answer the client's curl could print is modelled for: ${decision.summary}`);
    return reset ? {reset: true} : {status: decision.status!};
  }
  if (answers.size > 1) throw new ModelGap(`the answer depends on which pod takes the request (${[...answers.keys()].join(', ')}): the one a recording saw cannot be derived`);
  return [...answers.values()][0]!;
}

/** curl's --write-out text for the answer: `%{http_code}` (or `%{response_code}`), `%%` and the backslash escapes. */
function writeOut(format: string, answer: Answer): string {
  return format.replace(/%\{([a-z_]+)\}|%%|\\([nrt\\])|%|\\/g, (whole, variable: string | undefined, escape: string | undefined) => {
    if (variable === 'http_code' || variable === 'response_code') return 'reset' in answer ? '000' : String(answer.status).padStart(3, '0');
    if (variable !== undefined) throw new ModelGap(`curl's --write-out variable %{${variable}} is not modelled`);
    if (whole === '%%') return '%';
    if (escape !== undefined) return ({n: '\n', r: '\r', t: '\t', '\\': '\\'} as Record<string, string>)[escape]!;
    return whole;
  });
}

/** The output `kubectl exec … -- curl …` prints in the state, stdout and stderr as the terminal shows them. */
export function execCurlOutput(exec: ExecCurl, model: StateModel): string {
  const {curl} = exec;
  if (curl.unsupported !== undefined) throw new ModelGap(`${curl.unsupported} is not modelled`);
  if (!curl.silent) throw new ModelGap('curl without -s writes its progress meter to stderr, which is not modelled');
  if (curl.output !== undefined && curl.output !== '/dev/null') throw new ModelGap(`curl -o ${curl.output} writes a file, which is not modelled`);
  const pod = execPod(exec, model);
  const notice = containerNotice(exec, pod);
  let request;
  try {
    request = parseRequest([curl.method ?? 'GET', curl.url, ...curl.headers.flatMap((h) => ['-H', h])].map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' '));
  } catch (error) {
    if (error instanceof RequestSyntaxError) throw new ModelGap(`curl's request: ${error.message}`);
    throw error;
  }
  // curl's port: the URL's, else the scheme's (the simulator's own default is the Service's first port).
  const port = request.port ?? (request.scheme === 'https' ? 443 : 80);
  const decision = simulate(sessionWorld(model), {request: {...request, port}, from: `${pod.namespace}/${pod.name}`});
  const answer = answerOf(decision);
  const error = 'reset' in answer && curl.showError ? `curl: (${RESET.code}) ${RESET.message}\n` : '';
  let body = '';
  if (curl.output === undefined && !('reset' in answer)) {
    if (answer.status !== 403 || !istioAnswers(decision).some((a) => a.status === 403)) throw new ModelGap(`the body of a ${answer.status} answer is the application's, which is not modelled`);
    body = RBAC_DENIED_BODY;
  }
  const written = curl.writeOut === undefined ? '' : writeOut(curl.writeOut, answer);
  const exit = 'reset' in answer ? `command terminated with exit code ${RESET.code}\n` : '';
  return notice + error + body + written + exit;
}
