/**
 * `meshdive route`: where would this request go? Reads the files (and a cluster context),
 * refuses YAML the cluster would reject (schema and webhook errors), then prints the
 * simulator's decision, its exact shares, an optional sampled run and the trace.
 *
 * Exit status: 0 a decision was made (whatever it is, a 404 or 503 included), 1 the YAML
 * has errors the cluster would reject, 2 usage or I/O error.
 */
import {CLI_DEFAULT_MAX_BYTES, validateYaml} from '../../engine/index';
import {parseYaml} from '../../engine/yaml/index';
import {sampleRequests} from '../../simulator/distribution';
import {formatDecisionText} from '../../simulator/format';
import {withLinkerdText} from '../../simulator/linkerd/format';
import {withIstioText} from '../../simulator/istio-authz/format';
import {JwtClaimsError, parseJwtClaims} from '../../simulator/istio-authz/jwt';
import {parseAddress} from '../../simulator/linkerd/networks';
import {parseRequest, RequestSyntaxError} from '../../simulator/request';
import {simulate} from '../../simulator/simulate';
import {SourceError} from '../../simulator/source';
import {World} from '../../simulator/world';
import {formatTimelineText} from '../../simulator/resilience/format';
import {MAX_RATE, planRateLimit} from '../../simulator/ratelimit/plan';
import {formatRateLimitText} from '../../simulator/ratelimit/format';
import {MAX_SCRIPT_CHARS, ScriptError} from '../../simulator/resilience/script';
import {MAX_TIMELINE_REQUESTS, timeline} from '../../simulator/resilience/timeline';
import {parseGoDuration} from '../../engine/istio/durations';
import {runCommand, type CliCommand} from '../command';
import {loadContext} from '../context';
import {escapeControls} from '../escape';
import {formatText} from '../format';
import {readInput} from '../io';
import {parseCount, parseOptions, UsageError} from '../options';

export const ROUTE_USAGE = `Usage: meshdive route [options] --request "METHOD URL [-H name:value]..." FILE...

Shows where a request goes, as Istio's proxies would route it: the VirtualService and
HTTP route that apply (and why earlier routes did not), the destinations and their
shares, the subset and the pods it selects, 404/503 outcomes, fault, timeout, retries.
Gateway API routes too: an HTTPRoute or GRPCRoute whose parent is the Service (mesh
traffic, routed by Istio's sidecars or Linkerd's proxies) or the Gateway given with
--gateway; the route, rule and match that won, the backends and their shares, filters,
timeouts, Linkerd's retry and timeout annotations, 404 and 500 outcomes.
Through an Istio Gateway's TCP, TLS or passthrough server (a URL on its port), an L4
connection: TCP, or TLS whose SNI is the URL's host; the tcp or tls route whose filter
chain takes it and its weighted destinations. So too a Linkerd client's connection to an
opaque port or one its TCPRoutes or TLSRoutes carry. A connection has no HTTP status: each
share is established to pods or closed (NR: no chain takes it; NC, UH: no cluster, no pod).
At pods Linkerd meshes, whether its policy admits the client (Server, AuthorizationPolicy,
default inbound policy): allowed, audited, 403, 404 or a refused connection.
At pods with an Istio sidecar, ztunnel or waypoint, the decision of every
AuthorizationPolicy (CUSTOM, DENY, ALLOW, AUDIT, dry-run) and RequestAuthentication.
In ambient mode (a namespace or pod labelled istio.io/dataplane-mode=ambient, or a
waypoint), the proxies the request crosses (sidecar, ztunnel, waypoint) and which one
applies the route: the waypoint of a Service that uses one, none without (ztunnel is L4).
At pods Istio serves, the mTLS between client and pod (DestinationRule tls or auto mTLS
against PeerAuthentication): mTLS, plain text, or a failure (503 UC/UF, a reset). Mirrors:
the share copied, to which pods, their answers discarded.
With --upstream, a timeline of --requests requests against pods that answer as the script
says: each try, its pod and times, retries and back-off, timeouts, outlier ejections and
returns, what the client receives, and the worst-case latency.
For a host outside the cluster: whether it leaves the mesh (Istio's outbound traffic policy
from the istio ConfigMap or a Sidecar, a ServiceEntry, an egress gateway's hops; Linkerd's
EgressNetwork and its routes), or the 502, 403 or reset the client gets instead.
With --rate, how many of N requests per second are served and how many get 429 from
Linkerd's HTTPLocalRateLimitPolicy or Istio's local rate limit EnvoyFilter, per proxy.

Options:
  --request TEXT       the request, curl-like: "GET http://reviews:9080/ -H end-user:jason"
  --from WORKLOAD      client workload (namespace/name or name) or namespace
  --gateway GATEWAY    the request enters through this Gateway, Istio's or the Gateway
                       API's (namespace/name or name)
  --client-ip ADDRESS  the client's address, as Linkerd's policy sees it (with --from, that
                       workload's pod; alone, an unmeshed client at this address)
  --jwt-claims JSON    the end user's token claims, e.g. '{"iss":"https://idp","sub":"alice"}'
                       (checked by RequestAuthentication; not signed here)
  --context PATH       cluster resources: a directory of YAML files, a YAML file, or a
                       lab context file (labs/contexts/NAME.yaml)
  --requests N         also draw N requests with a fixed seed (same result every run);
                       with --upstream, the number of requests on the timeline (at most 1000)
  --upstream SCRIPT    how the pods answer, one rule per line or ';':
                       "TARGET: ANSWER [after D] [from t=D] [until t=D]", TARGET "*", a pod
                       or workload name, or "pod N"; ANSWER a status, hang, reset or refuse
                       (e.g. "ratings-v1: 503 from t=0; *: 200 after 100ms")
  --upstream-file PATH the script from a file (at most 4096 characters)
  --every DURATION     with --upstream: time between request starts (default: back to back)
  --rate N             requests per second the client sends for 10 s: the rate limits
                       met on the way and what gets 429 (at most 10000)
  --seed N             seed for --requests (default 1)
  --format text|json   output format (default: text)
  -h, --help           show this help

Exit status: 0 decision printed, 1 the YAML has errors the cluster would reject,
2 usage or I/O error.
`;

const OPTIONS = {
  request: {type: 'string'},
  from: {type: 'string'},
  gateway: {type: 'string'},
  'client-ip': {type: 'string'},
  'jwt-claims': {type: 'string'},
  upstream: {type: 'string'},
  'upstream-file': {type: 'string'},
  every: {type: 'string'},
  rate: {type: 'string'},
  context: {type: 'string'},
  requests: {type: 'string'},
  seed: {type: 'string'},
  format: {type: 'string'},
  help: {type: 'boolean', short: 'h'},
} as const;

interface RouteOptions {
  request: string;
  from?: string;
  gateway?: string;
  clientIp?: string;
  jwtClaims?: Record<string, unknown>;
  context?: string;
  requests?: number;
  seed: number;
  format: 'text' | 'json';
  files: string[];
  upstream?: {script?: string; file?: string; everyMs: number};
  rate?: number;
}

function parseRouteArgs(argv: readonly string[]): RouteOptions | 'help' {
  const {values, positionals} = parseOptions(argv, OPTIONS);
  if (values.help) return 'help';
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, got ${JSON.stringify(format)}`);
  const requests = values.requests === undefined ? undefined : parseCount('--requests', values.requests);
  const seed = values.seed === undefined ? 1 : parseCount('--seed', values.seed);
  if (values.request === undefined) throw new UsageError('--request is required, e.g. --request "GET http://reviews:9080/ -H end-user:jason"');
  if (positionals.length === 0) throw new UsageError('no input files (use - to read standard input)');
  if (requests !== undefined && requests > 10_000_000) throw new UsageError('--requests is limited to 10000000');
  if (values['client-ip'] !== undefined && !parseAddress(values['client-ip'])) throw new UsageError(`--client-ip must be an IPv4 or IPv6 address, got ${JSON.stringify(values['client-ip'])}`);
  let jwtClaims: Record<string, unknown> | undefined;
  try {
    jwtClaims = values['jwt-claims'] === undefined ? undefined : parseJwtClaims(values['jwt-claims']);
  } catch (error) {
    if (error instanceof JwtClaimsError) throw new UsageError(`--jwt-claims: ${error.message}`);
    throw error;
  }
  const rate = values.rate === undefined ? undefined : parseCount('--rate', values.rate);
  if (rate !== undefined && (rate < 1 || rate > MAX_RATE)) throw new UsageError(`--rate must be from 1 to ${MAX_RATE} requests per second`);
  if (rate !== undefined && (values.upstream !== undefined || values['upstream-file'] !== undefined)) throw new UsageError('give --rate or --upstream, not both');
  return {request: values.request, from: values.from, gateway: values.gateway, clientIp: values['client-ip'], jwtClaims, context: values.context, requests, seed, format, files: positionals,
    upstream: upstreamOptions(values.upstream, values['upstream-file'], values.every, requests), rate};
}

function upstreamOptions(script: string | undefined, file: string | undefined, every: string | undefined, requests: number | undefined): RouteOptions['upstream'] {
  if (script === undefined && file === undefined) {
    if (every !== undefined) throw new UsageError('--every needs --upstream or --upstream-file');
    return undefined;
  }
  if (script !== undefined && file !== undefined) throw new UsageError('give --upstream or --upstream-file, not both');
  if (script !== undefined && script.length > MAX_SCRIPT_CHARS) throw new UsageError(`--upstream has ${script.length} characters; at most ${MAX_SCRIPT_CHARS}`);
  if (requests !== undefined && (requests < 1 || requests > MAX_TIMELINE_REQUESTS)) throw new UsageError(`with --upstream, --requests must be from 1 to ${MAX_TIMELINE_REQUESTS}`);
  let everyMs = 0;
  if (every !== undefined) {
    const nanos = parseGoDuration(every);
    if (nanos === undefined || nanos < 0 || nanos > 86_400e9) throw new UsageError(`--every must be a duration from 0 to 24h such as 1s or 500ms, got ${JSON.stringify(every)}`);
    everyMs = nanos / 1e6;
  }
  return {script, file, everyMs};
}

export const routeCommand: CliCommand = {
  prefix: 'meshdive route',
  usage: ROUTE_USAGE,
  async run(argv) {
    const options = parseRouteArgs(argv);
    if (options === 'help') {
      process.stdout.write(ROUTE_USAGE);
      return 0;
    }
    try {
      return await route(options);
    } catch (error) {
      // A request or a --from/--gateway the configuration cannot answer: said plainly, without the usage.
      if (error instanceof RequestSyntaxError || error instanceof SourceError || error instanceof ScriptError) {
        process.stderr.write(routeErrorLine(error.message));
        return 2;
      }
      throw error;
    }
  },
};

/** `meshdive route ARGS` in process: its exit status, its output written to stdout and stderr. */
export function runRoute(argv: readonly string[]): Promise<number> {
  return runCommand(routeCommand, argv);
}

async function route(command: RouteOptions): Promise<number> {
  const request = parseRequest(command.request);
  const context = command.context === undefined ? [] : await loadContext(command.context, CLI_DEFAULT_MAX_BYTES);
  const inputs = await Promise.all(command.files.map(async (file) => ({file: file === '-' ? '<stdin>' : file, text: await readInput(file)})));
  const values = inputs.map(({text}) => documentValues(text));
  // Only what `kubectl apply` rejects blocks the simulation. istioctl-analyze findings (a
  // missing subset, an unknown host) are accepted by the cluster: their effect, a 503 or
  // 404, is exactly what the simulation shows.
  const reports = inputs.map(({file, text}) => ({file, diagnostics: validateYaml(text, {maxBytes: CLI_DEFAULT_MAX_BYTES, analysis: false}).diagnostics}));
  if (reports.some((r) => r.diagnostics.some((d) => d.severity === 'error'))) {
    const errors = reports.map((r) => ({...r, diagnostics: r.diagnostics.filter((d) => d.severity === 'error')}));
    process.stderr.write(`meshdive route: the YAML has errors the cluster would reject; fix them before simulating:\n${formatText(errors)}`);
    return 1;
  }
  const world = new World(context, values);
  const query = {request, from: command.from, gateway: command.gateway, clientAddress: command.clientIp, jwtClaims: command.jwtClaims};
  if (command.upstream) {
    const script = command.upstream.script ?? await readInput(command.upstream.file!, MAX_SCRIPT_CHARS * 4);
    const result = timeline(world, query, script, {requests: command.requests ?? 1, everyMs: command.upstream.everyMs});
    const files = inputs.map((i) => i.file);
    if (command.format === 'json') process.stdout.write(`${JSON.stringify({files, decision: result.decision, timeline: {...result, decision: undefined}})}\n`);
    else process.stdout.write(escapeControls(`${routeText(result.decision, files)}${formatTimelineText(result)}`));
    return 0;
  }
  const decision = simulate(world, query);
  const sampled = command.requests === undefined ? undefined : {count: command.requests, seed: command.seed, entries: sampleRequests(decision, command.requests, command.seed)};
  const files = inputs.map((i) => i.file);
  const rateLimit = command.rate === undefined ? undefined : planRateLimit(world, decision, command.rate);
  if (command.format === 'json') process.stdout.write(`${JSON.stringify({files, decision, ...(sampled ? {sampled} : {}), ...(rateLimit ? {rateLimit} : {})})}\n`);
  else process.stdout.write(`${routeText(decision, files, sampled)}${rateLimit ? escapeControls(formatRateLimitText(rateLimit)) : ''}`);
  return 0;
}

/** The decision as `meshdive route` prints it. Hosts, headers and paths come from the user's input: no control character reaches the terminal raw. */
export function routeText(...args: Parameters<typeof formatDecisionText>): string {
  return escapeControls(withIstioText(withLinkerdText(formatDecisionText(...args), args[0], args[1]), args[0], args[1]));
}

/** A refusal as `meshdive route` prints it on stderr, with the request's own text escaped. */
export function routeErrorLine(message: string): string {
  return `meshdive route: ${escapeControls(message)}\n`;
}

/** Documents of a file by index (unparseable ones as undefined, so indexes stay true). */
function documentValues(text: string): unknown[] {
  return parseYaml(text, {maxBytes: CLI_DEFAULT_MAX_BYTES}).documents.map((d) => d.value ?? undefined);
}

