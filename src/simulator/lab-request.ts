/**
 * One request sent from a YAML lab: the lab's YAML over its context, simulated, with the
 * chosen route's place in the YAML so the editor can highlight it. Invalid YAML gets no
 * guess: the answer says so instead. When the lab's routes attach to a Gateway API Gateway
 * and to no Service, the request enters through that Gateway; otherwise it is mesh traffic.
 */
import {validateYaml} from '../engine/index';
import type {Range} from '../engine/types';
import {locate, parseYaml} from '../engine/yaml/index';
import type {Decision} from './decision';
import {simulate, type RouteQuery} from './simulate';
import {ScriptError} from './resilience/script';
import {timeline, type Timeline} from './resilience/timeline';
import {entryGateway} from './gatewayapi/entry';
import {SourceError} from './source';
import {JwtClaimsError, parseJwtClaims} from './istio-authz/jwt';
import {World} from './world';
import {chosenClient, labClients, type LabClient} from './lab-clients';
import {planRateLimit, RateLimitError, type RateLimitPlan} from './ratelimit/plan';
import {readLabRate} from './ratelimit/lab-rate';
import {readClientAddress} from './lab-client-address';
import {readLabScheme} from './lab-scheme';

export interface LabRequestInput {
  method: string;
  /**
   * `http` (the default) or `https`: the client's own TLS, its SNI the Host field's name, as curl sends it. A TLS or HTTPS
   * port answers by SNI (passthrough, termination at a gateway), an HTTP one by the mismatch (lab-scheme.ts).
   */
  scheme?: string;
  host: string;
  path: string;
  headers: Record<string, string>;
  /** The client: `namespace/workload` or `workload` (empty: a pod without labels next to the Service). */
  from?: string;
  /**
   * The end user's JWT claims as the panel's box holds them: JSON text, parsed and bounded by
   * jwt.ts parseJwtClaims (blank: no token).
   */
  jwtClaims?: string;
  /** How the pods answer (resilience/script.ts); with it, the answer carries a timeline of `requests` requests. */
  upstream?: string;
  requests?: number;
  /** Requests per second as the panel's rate field holds it (ratelimit/lab-rate.ts; blank: no rate). */
  rate?: string;
  /** The client's address as the panel's field holds it (lab-client-address.ts; blank: not given). */
  clientAddress?: string;
}

/** A timeline as a lab shows it: without the decision, which the answer carries already. */
export type LabTimeline = Omit<Timeline, 'decision'>;

/** The client the panel's picker offers (lab-clients.ts), and the one the decision was made for. */
export interface LabClients {
  clients: LabClient[];
  client: ReturnType<typeof chosenClient>;
  /** The request enters through a Gateway: the picker does not apply. */
  throughGateway: boolean;
}

/** What the panel's rate field asks: the rate-limit plan (ratelimit/plan.ts), or why there is none. */
export interface LabRateLimit {
  rateLimit?: RateLimitPlan;
  rateLimitError?: string;
}

export type LabRouteAnswer = ({kind: 'decision'; decision: Decision; routeRange?: Range; timeline?: LabTimeline; timelineError?: string} & LabClients & LabRateLimit) | {kind: 'invalid'; message: string; field?: 'jwtClaims' | 'clientAddress'};

export function simulateLabRequest(text: string, context: readonly unknown[], input: LabRequestInput): LabRouteAnswer {
  // Only what the cluster would reject blocks the simulation; analysis findings (a missing
  // subset) are exactly what the reader should see happen to traffic.
  const validation = validateYaml(text, {context: [...context], analysis: false});
  const firstError = validation.diagnostics.find((diagnostic) => diagnostic.severity === 'error');
  if (firstError) {
    return {kind: 'invalid', message: `The YAML is not valid (line ${firstError.range.start.line}: ${firstError.message}), so no request is simulated.`};
  }
  const written = input.path.startsWith('/') ? input.path : `/${input.path}`;
  const questionMark = written.indexOf('?');
  const path = questionMark < 0 ? written : written.slice(0, questionMark);
  const query = questionMark < 0 ? '' : written.slice(questionMark + 1);
  // The Host field may carry a port, as a URL would: `reviews:9080`.
  const hostPort = /^(.*):(\d{1,5})$/.exec(input.host.trim());
  const host = (hostPort ? hostPort[1]! : input.host.trim()).toLowerCase();
  const port = hostPort ? Number(hostPort[2]) : undefined;
  let jwtClaims: Record<string, unknown> | undefined;
  try {
    jwtClaims = input.jwtClaims?.trim() ? parseJwtClaims(input.jwtClaims) : undefined;
  } catch (error) {
    // Said next to the claims box rather than as the request's answer.
    if (error instanceof JwtClaimsError) return {kind: 'invalid', field: 'jwtClaims', message: `${error.message[0]!.toUpperCase()}${error.message.slice(1)}; no request is simulated.`};
    throw error;
  }
  const scheme = readLabScheme(input.scheme);
  if (typeof scheme === 'object') return {kind: 'invalid', message: scheme.error};
  const clientAddress = readClientAddress(input.clientAddress);
  if (typeof clientAddress === 'object') return {kind: 'invalid', field: 'clientAddress', message: clientAddress.error};
  const headers = Object.fromEntries(Object.entries(input.headers).map(([name, value]) => [name.toLowerCase(), value]));
  const world = new World(context, [validation.documents.map((document) => document.value)]);
  const gateway = entryGateway(world);
  // Through a Gateway, the client is outside the mesh: the From field applies to mesh traffic.
  const from = gateway === undefined ? input.from?.trim() || undefined : undefined;
  let decision: Decision;
  const routeQuery = {request: {method: input.method.toUpperCase(), scheme, host, port, path, query, headers}, gateway, from, jwtClaims, clientAddress};
  try {
    decision = simulate(world, routeQuery);
  } catch (error) {
    // A client the cluster does not run is the reader's typo, said as such.
    if (error instanceof SourceError) return {kind: 'invalid', message: error.message};
    throw error;
  }
  const clients = labClients(world);
  const extras = {...timelineFor(world, routeQuery, input), ...rateLimitFor(world, decision, input.rate), clients, client: chosenClient(decision, clients), throughGateway: gateway !== undefined};
  const at = decision.route?.at;
  if (!at || at.file !== 0) return {kind: 'decision', decision, ...extras};
  const parsed = parseYaml(text);
  const found = locate(parsed.documents[at.document]?.root ?? null, at.pointer);
  if (!found?.exact) return {kind: 'decision', decision, ...extras};
  // The whole route, all its lines: a block mapping's end includes the line break after it.
  let end = found.value.end;
  while (end > found.value.start && /\s/.test(text[end - 1]!)) end--;
  return {kind: 'decision', decision, routeRange: parsed.lines.range(found.value.start, end), ...extras};
}

/** The timeline under the reader's upstream script, or what is wrong with the script. */
function timelineFor(world: World, query: RouteQuery, input: LabRequestInput): {timeline?: LabTimeline; timelineError?: string} {
  if (!input.upstream?.trim()) return {};
  try {
    const {decision: _decision, ...rest} = timeline(world, query, input.upstream, {requests: input.requests ?? 10});
    return {timeline: rest};
  } catch (error) {
    if (error instanceof ScriptError) return {timelineError: error.message};
    throw error;
  }
}

/** The rate-limit plan at the panel's rate: which requests of ten seconds are served or limited, and by which policy. */
function rateLimitFor(world: World, decision: Decision, text: string | undefined): LabRateLimit {
  const rate = readLabRate(text);
  if (rate === undefined) return {};
  if (typeof rate !== 'number') return {rateLimitError: rate.error};
  if (decision.outcome !== 'routed') return {rateLimitError: `No rate limit is reached: the request is not routed (${decision.status ?? 'no answer'} ${decision.summary}).`};
  // Refused before routing (an ingress gateway's authorization): no destination, so no pod's limit is reached.
  if (decision.destinations.length === 0) return {rateLimitError: `No rate limit is reached: the request is refused before it is routed (${decision.status ?? 'no answer'} ${decision.summary}).`};
  try {
    return {rateLimit: planRateLimit(world, decision, rate)};
  } catch (error) {
    if (error instanceof RateLimitError) return {rateLimitError: error.message};
    throw error;
  }
}
