import {useEffect, useId, useState, type ReactNode} from 'react';
import type {Range} from '@site/src/engine/types';
import {answerText, corsLine, decisionAnswer, forwarderText, gatewayServerText, reachesPods, type Decision} from '@site/src/simulator/decision';
import {linkerdAnswers} from '@site/src/simulator/linkerd/attach';
import type {IstioDecision} from '@site/src/simulator/istio-authz/attach';
import {MAX_CLAIMS_BYTES} from '@site/src/simulator/istio-authz/claims-limit';
import {describePods} from '@site/src/simulator/pods';
import {firstHost} from './first-host';
import {routeInWorker} from './validation-client';
import type {RouteAnswer} from './validation-protocol';
import {RequestPanelSummary} from './PanelSummaries';
import styles from './styles.module.css';
import TimelineView from './TimelineView';
import DataplaneView from './DataplaneView';
import AuthorizationTrace from './AuthorizationTrace';
import LinkerdAuthorizationTrace from './LinkerdAuthorizationTrace';
import type {LabClient} from '@site/src/simulator/lab-clients';
import {timelineHeadline} from '@site/src/simulator/resilience/headline';
import {MAX_LAB_RATE} from '@site/src/simulator/ratelimit/lab-rate';
import {MAX_CLIENT_ADDRESS_CHARS} from '@site/src/simulator/lab-client-address';
import {LAB_SCHEMES} from '@site/src/simulator/lab-scheme';
import RateLimitView from './RateLimitView';

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];
const SIMULATE_DEBOUNCE_MS = 120;

/** `name: value` per line; lines without a colon are ignored. */
export function parseHeaderLines(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(share * 100 % 1 === 0 ? 0 : 1)}%`;
}

/**
 * "Send a request": where a request goes under the YAML being edited, as Istio's
 * routing would decide, redrawn as the YAML changes. The chosen route is reported to
 * the editor so it can highlight it.
 */
export default function RequestPanel({
  lab,
  yaml,
  context,
  onRoute,
}: {
  /** The lab's id: its newer requests replace its older ones still waiting for the engine. */
  lab: string;
  yaml: string;
  context?: unknown[];
  onRoute: (range: Range | undefined) => void;
}): ReactNode {
  const id = useId();
  const [method, setMethod] = useState('GET');
  const [scheme, setScheme] = useState('http');
  const [host, setHost] = useState(() => firstHost(yaml));
  const [path, setPath] = useState('/');
  const [headerText, setHeaderText] = useState('end-user: jason');
  const [from, setFrom] = useState('');
  const [upstream, setUpstream] = useState('');
  const [jwtClaims, setJwtClaims] = useState('');
  const [rate, setRate] = useState('');
  const [clientAddress, setClientAddress] = useState('');
  const [answer, setAnswer] = useState<RouteAnswer>();
  const [open, setOpen] = useState(false);
  // The lab's workloads, from the latest simulated answer (kept while the YAML is briefly invalid).
  const [clients, setClients] = useState<{list: LabClient[]; throughGateway: boolean}>({list: [], throughGateway: false});
  // The engine parses the claims (jwt.ts parseJwtClaims); what it refuses is said next to the box.
  const claimsError = answer?.kind === 'invalid' && answer.field === 'jwtClaims' ? answer.message : undefined;
  const addressError = answer?.kind === 'invalid' && answer.field === 'clientAddress' ? answer.message : undefined;

  useEffect(() => {
    if (!open) {
      onRoute(undefined);
      return undefined;
    }
    let current = true;
    const timer = setTimeout(() => {
      routeInWorker(yaml, context, {method, scheme, host, path, headers: parseHeaderLines(headerText), from, upstream, jwtClaims, rate, clientAddress}, lab).then((result) => {
        if (!current) return;
        setAnswer(result);
        if (result.kind === 'decision') setClients({list: result.clients, throughGateway: result.throughGateway});
        onRoute(result.kind === 'decision' ? result.routeRange : undefined);
      });
    }, SIMULATE_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [open, lab, yaml, context, method, scheme, host, path, headerText, from, upstream, jwtClaims, rate, clientAddress, onRoute]);

  return (
    <details className={styles.requestPanel} data-request-panel open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <RequestPanelSummary id={`${id}-title`} />
      <div className={styles.requestForm}>
        <label>
          <span className={styles.fieldLabel}>Method</span>
          <select value={method} onChange={(event) => setMethod(event.target.value)}>
            {METHODS.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
        {/* https: the client's own TLS, its SNI the Host field's name; the simulator says what the port does with it. */}
        <label>
          <span className={styles.fieldLabel}>Scheme</span>
          <select value={scheme} onChange={(event) => setScheme(event.target.value)} data-scheme>
            {LAB_SCHEMES.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
        <label className={styles.hostField}>
          <span className={styles.fieldLabel}>Host</span>
          <input value={host} onChange={(event) => setHost(event.target.value)} spellCheck={false} size={14} data-host-field />
        </label>
        <label>
          <span className={styles.fieldLabel}>Path</span>
          <input value={path} onChange={(event) => setPath(event.target.value)} spellCheck={false} size={14} />
        </label>
        <label>
          <span className={styles.fieldLabel}>From</span>
          <input value={from} onChange={(event) => setFrom(event.target.value)} spellCheck={false} size={18} placeholder="namespace/workload" />
        </label>
        <ClientPicker clients={clients.list} from={from} onPick={setFrom} disabled={clients.throughGateway} />
        <label>
          <span className={styles.fieldLabel}>Rate (requests/s, optional)</span>
          <input type="number" value={rate} onChange={(event) => setRate(event.target.value)} min={1} max={MAX_LAB_RATE} step="any" size={6} data-rate-field />
        </label>
        {/* The error sits outside the label, so it describes the field instead of joining its name. */}
        <div className={styles.fieldGroup}>
          <label>
            <span className={styles.fieldLabel}>Client address (optional)</span>
            <input
              value={clientAddress}
              onChange={(event) => setClientAddress(event.target.value)}
              spellCheck={false}
              size={15}
              maxLength={MAX_CLIENT_ADDRESS_CHARS}
              placeholder="203.0.113.9"
              aria-invalid={addressError !== undefined}
              aria-describedby={addressError !== undefined ? `${id}-address-error` : undefined}
              data-client-address
            />
          </label>
          {addressError !== undefined && (
            <span id={`${id}-address-error`} className={styles.requestInvalid} data-client-address-error>
              {addressError}
            </span>
          )}
        </div>
        <label className={styles.headersField}>
          <span className={styles.fieldLabel}>Headers, one per line</span>
          <textarea value={headerText} onChange={(event) => setHeaderText(event.target.value)} rows={2} spellCheck={false} />
        </label>
        <label className={styles.headersField}>
          <span className={styles.fieldLabel}>Upstream behaviour (optional): how the pods answer ten requests</span>
          <textarea value={upstream} onChange={(event) => setUpstream(event.target.value)} rows={2} spellCheck={false} placeholder="ratings-v1: 503 from t=0; *: 200 after 100ms" maxLength={4096} />
        </label>
        <div className={`${styles.fieldGroup} ${styles.headersField}`}>
          <label>
            <span className={styles.fieldLabel}>JWT claims (JSON; empty: no token)</span>
            <textarea
              value={jwtClaims}
              onChange={(event) => setJwtClaims(event.target.value)}
              rows={2}
              spellCheck={false}
              maxLength={MAX_CLAIMS_BYTES}
              placeholder='{"iss": "https://issuer.example", "sub": "alice"}'
              aria-invalid={claimsError !== undefined}
              aria-describedby={claimsError !== undefined ? `${id}-claims-error` : undefined}
            />
          </label>
          {claimsError !== undefined && (
            <span id={`${id}-claims-error`} className={styles.requestInvalid} data-claims-error>
              {claimsError}
            </span>
          )}
        </div>
      </div>
      <div aria-live="polite" className={styles.requestResult} data-outcome={answer?.kind === 'decision' ? answer.decision.outcome : answer?.kind ?? 'pending'}>
        {answer === undefined && <p>Simulating…</p>}
        {answer?.kind === 'invalid' && <p className={styles.requestInvalid}>{claimsError !== undefined ? 'No request is simulated until the JWT claims are fixed.' : addressError !== undefined ? 'No request is simulated until the client address is fixed.' : answer.message}</p>}
        {answer?.kind === 'decision' && <DecisionView answer={answer} />}
      </div>
    </details>
  );
}

/**
 * The source-workload picker: every workload of the lab with its namespace, service account and
 * data plane (lab-clients.ts); picking one fills From, which the simulator takes as `--from`.
 */
function ClientPicker({clients, from, onPick, disabled}: {clients: readonly LabClient[]; from: string; onPick: (from: string) => void; disabled: boolean}): ReactNode {
  const typed = from.trim();
  const listed = clients.some((client) => client.from === typed);
  return (
    <label className={styles.clientField}>
      <span className={styles.fieldLabel}>Client workload</span>
      <select value={listed ? typed : typed === '' ? '' : 'typed'} onChange={(event) => event.target.value !== 'typed' && onPick(event.target.value)} disabled={disabled} className={styles.clientPicker} data-client-picker>
        <option value="">{disabled ? 'outside the mesh (through the Gateway)' : 'default: a pod next to the Service'}</option>
        {!listed && typed !== '' && <option value="typed">as typed in From: {typed}</option>}
        {clients.map((client) => (
          <option key={client.from} value={client.from}>
            {client.from} ({client.dataplane}, service account {client.serviceAccount})
          </option>
        ))}
      </select>
    </label>
  );
}

/** Who the simulator took as the client: its namespace, service account and data plane. */
function ClientLine({client}: {client: Extract<RouteAnswer, {kind: 'decision'}>['client']}): ReactNode {
  if (!('workload' in client)) return <p className={styles.clientLine} data-client="">Client: {client.description}</p>;
  return (
    <p className={styles.clientLine} data-client={client.from} data-client-dataplane={client.dataplane}>
      Client: {client.workload} in namespace {client.namespace}, service account {client.serviceAccount}, data plane {client.dataplane} ({client.because})
    </p>
  );
}

/**
 * The request is an L4 connection (an ingress gateway's TCP, TLS or passthrough server, gateway-l4.ts;
 * a Linkerd port forwarded as TCP or by SNI, gatewayapi/linkerd-l4.ts; a sidecar's tcp or tls routes, sidecar-l4.ts): established or closed, no HTTP status.
 */
function ConnectionLine({connection}: {connection: NonNullable<Decision['connection']>}): ReactNode {
  const where = connection.proxy === 'gateway'
    ? `at ${connection.server.gateway ? '' : "the Gateway's "}${gatewayServerText(connection.server)}`
    : `forwarded by ${forwarderText(connection)} (${connection.because})`;
  return (
    <p className={styles.clientLine} data-connection={connection.protocol} data-sni={connection.sni ?? ''} data-connection-state={connection.state}>
      L4 connection: {connection.protocol === 'tls' ? `TLS with SNI ${connection.sni} (the Host field)` : 'plain TCP'} {where}; method, path and headers play no part.
      {' '}Connection {connection.state}{connection.reason ? `: ${connection.reason}` : ''}.
    </p>
  );
}

/** Istio's answers per destination workload (istio-authz/attach.ts), read without bundling the simulator. */
function istioAnswers(decision: Decision): NonNullable<IstioDecision['istio']> {
  return (decision as IstioDecision).istio ?? [];
}

function DecisionView({answer}: {answer: Extract<RouteAnswer, {kind: 'decision'}>}): ReactNode {
  const {decision} = answer;
  // With an upstream script the timeline decides what the client gets; routing alone assumes every pod answers 200.
  const headline = answer.timeline ? timelineHeadline(answer.timeline.requests) : undefined;
  return (
    <>
      {headline ? (
        <>
          <p className={styles.requestSummary} data-headline="timeline">
            <strong>{headline.status}</strong> {headline.text} (the timeline below decides)
          </p>
          <p className={styles.fieldLabel}>
            Routing alone, if every pod answered: {decisionAnswer(decision) || '—'} {decision.summary}
          </p>
        </>
      ) : (
        <p className={styles.requestSummary} data-headline="routing">
          <strong>{decisionAnswer(decision) || '—'}</strong> {decision.summary}
        </p>
      )}
      <ClientLine client={answer.client} />
      {decision.cors && <p className={styles.clientLine} data-cors={decision.cors.answered ? 'preflight' : 'response'}>{corsLine(decision.cors)}</p>}
      {decision.connection && <ConnectionLine connection={decision.connection} />}
      {decision.tlsTermination && (
        <p className={styles.clientLine} data-tls-termination={decision.tlsTermination.sni}>
          TLS with SNI {decision.tlsTermination.sni} (the Host field) ends at {decision.tlsTermination.by}; the request inside is routed as HTTP.
        </p>
      )}
      {decision.destinations.length > 0 && (
        <table className={styles.split}>
          <thead>
            <tr>
              <th scope="col">Destination</th>
              <th scope="col">Share</th>
              <th scope="col">Pods</th>
            </tr>
          </thead>
          <tbody>
            {decision.destinations.map((destination, index) => (
              <tr key={index} data-subset={destination.subset ?? ''} data-share={destination.share} data-status={destination.status ?? destination.connection}>
                <td>
                  {destination.host.split('.')[0]}
                  {destination.subset ? ` ${destination.subset}` : ''}
                  {!reachesPods(destination) && (
                    <span className={styles.requestInvalid}>
                      {' '}
                      {answerText(destination)}
                    </span>
                  )}
                </td>
                <td className={styles.shareCell}>
                  <span className={styles.shareBar} style={{width: `${destination.share * 100}%`}} aria-hidden="true" />
                  <span className={styles.shareText}>{percent(destination.share)}</span>
                </td>
                <td className={styles.pods}>{destination.pods.length > 0 ? describePods(destination.pods, destination.podCount) : destination.problem ?? 'none'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {decision.dataplane && <DataplaneView dataplane={decision.dataplane} />}
      {decision.destinations.some((destination) => destination.mtls?.length) && (
        <ul className={styles.authorization} aria-label="mTLS to each destination workload">
          {decision.destinations.flatMap((destination) => destination.mtls ?? []).map((connection, index) => (
            <li key={index} data-mtls={connection.result} data-workload={connection.workload}>
              {connection.workload}: {connection.result === 'failed' ? `fails (${connection.status ? `${connection.status} ${connection.flags}` : 'connection reset'})` : connection.result}, {connection.reason}
            </li>
          ))}
        </ul>
      )}
      {decision.egress && (
        <ul className={styles.authorization} aria-label="Egress">
          <li data-egress={decision.egress.verdict}>
            {decision.egress.verdict === 'allowed' ? 'Leaves the mesh' : 'Blocked'}: {decision.egress.answer}
            {decision.egress.policy ? ` (outbound traffic policy ${decision.egress.policy.mode}, from ${decision.egress.policy.from})` : ''}
          </li>
          {decision.egress.hops?.map((hop, index) => (
            <li key={index} data-egress-hop={index + 1}>
              hop {index + 1}: {hop.proxy} → {hop.to}
            </li>
          ))}
        </ul>
      )}
      {answer.timelineError && <p className={styles.requestInvalid} data-timeline-error>{answer.timelineError}</p>}
      {answer.timeline && <TimelineView timeline={answer.timeline} />}
      {answer.rateLimitError && <p className={styles.requestInvalid} data-rate-limit-error>{answer.rateLimitError}</p>}
      {answer.rateLimit && <RateLimitView plan={answer.rateLimit} />}
      {linkerdAnswers(decision).length > 0 && (
        <ul className={styles.authorization} aria-label="Linkerd's authorization">
          {linkerdAnswers(decision).map((authorization, index) => (
            <li key={index} data-linkerd-verdict={authorization.verdict} data-workload={authorization.workload.name}>
              {authorization.workload.name}: {authorization.summary}
            </li>
          ))}
        </ul>
      )}
      {linkerdAnswers(decision).length > 0 && <LinkerdAuthorizationTrace answers={linkerdAnswers(decision)} />}
      {istioAnswers(decision).length > 0 && (
        <ul className={styles.authorization} aria-label="Istio's authorization">
          {istioAnswers(decision).map((authorization, index) => (
            <li key={index} data-istio-verdict={authorization.verdict} data-workload={authorization.workload.name} data-enforcer={authorization.enforcer}>
              {authorization.workload.name} ({authorization.at.kind === 'waypoint' ? `waypoint ${authorization.at.name}` : authorization.enforcer}): {authorization.summary}
            </li>
          ))}
        </ul>
      )}
      {istioAnswers(decision).length > 0 && <AuthorizationTrace answers={istioAnswers(decision)} />}
      <details className={styles.trace}>
        <summary>How the proxy decided</summary>
        <ol>
          {decision.trace.map((step, index) => (
            <li key={index}>{step.message}</li>
          ))}
        </ol>
      </details>
    </>
  );
}
