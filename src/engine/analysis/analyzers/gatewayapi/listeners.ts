/**
 * A Gateway's listeners as the routes that name it see them (gateway-api v1.5.1 apis/v1
 * gateway_types.go Listener, AllowedRoutes; Istio's namespacesFromSelector, toNamespaceSet and
 * generateSupportedKinds in pilot/pkg/config/kube/gateway).
 */
import {asArray, asNumber, asObject, asString, type Obj} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';
import {mapUnder} from '../../../model/groups';
import {joinPointer as at} from '../../../pointer';
import type {AnalyzerContext, KindRef} from '../../analyzer';
import {labelSelectorMatches} from '../injection/labelSelector';
import {GATEWAY_GROUP} from './routes';

export class Listener {
  readonly name: string;
  /** Unset: any hostname. */
  readonly hostname?: string;
  readonly port?: number;
  readonly protocol: string;
  /** The verdicts decided for it: namespaceVerdict's by namespace, kindVerdict's by route group then kind (UNKNOWN for undefined). */
  private namespaceVerdicts = new Map<string, Verdict | typeof UNKNOWN>();
  /** The run namespaceVerdicts were decided in: they read its Namespaces' labels, which another run may change. */
  private namespaceVerdictsRun?: AnalyzerContext;
  readonly kindVerdicts = new Map<string, Map<string, Verdict | typeof UNKNOWN>>();

  constructor(readonly value: Obj, private readonly index: number) {
    this.name = asString(value.name) ?? '';
    this.hostname = asString(value.hostname) || undefined;
    this.port = asNumber(value.port);
    this.protocol = asString(value.protocol) ?? '';
  }

  /** The namespace verdicts of this run (a Gateway read in an earlier run starts afresh). */
  namespaceVerdictsIn(ctx: AnalyzerContext): Map<string, Verdict | typeof UNKNOWN> {
    if (this.namespaceVerdictsRun !== ctx) {
      this.namespaceVerdictsRun = ctx;
      this.namespaceVerdicts = new Map();
    }
    return this.namespaceVerdicts;
  }

  /** The listener's pointer (/spec/listeners/N). */
  get path(): string {
    return at('/spec/listeners', this.index);
  }
}

/** A verdict decided as undefined (the run cannot tell), kept apart from one not yet decided. */
const UNKNOWN = Symbol('unknown');

const read = new WeakMap<AnalysisResource, Listener[]>();

/** spec.listeners, read once per Gateway (many routes name one Gateway). */
export function listenersOf(gateway: AnalysisResource): Listener[] {
  let listeners = read.get(gateway);
  if (!listeners) read.set(gateway, (listeners = readListeners(gateway)));
  return listeners;
}

function readListeners(gateway: AnalysisResource): Listener[] {
  const listeners: Listener[] = [];
  asArray(asObject(gateway.value.spec)?.listeners).forEach((item, i) => {
    const value = asObject(item);
    if (value) listeners.push(new Listener(value, i));
  });
  return listeners;
}

/** NamespaceNameLabel: set on every namespace by the API server, and added by Istio when missing (toNamespaceSet). */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export type Verdict = {allowed: true} | {allowed: false; why: string};

/**
 * allowedRoutes.namespaces: Same (the default) admits the Gateway's namespace, All any, Selector
 * the namespaces whose labels the selector matches. Undefined when the run cannot tell: a
 * selector over labels of a Namespace the run does not hold. Decided once per run, listener and namespace.
 */
export function namespaceVerdict(ctx: AnalyzerContext, gateway: AnalysisResource, listener: Listener, namespace: string): Verdict | undefined {
  const verdicts = listener.namespaceVerdictsIn(ctx);
  let verdict = verdicts.get(namespace);
  if (verdict === undefined) verdicts.set(namespace, (verdict = decideNamespace(ctx, gateway, listener, namespace) ?? UNKNOWN));
  return verdict === UNKNOWN ? undefined : verdict;
}

const ALLOWED: Verdict = {allowed: true};

function decideNamespace(ctx: AnalyzerContext, gateway: AnalysisResource, listener: Listener, namespace: string): Verdict | undefined {
  const namespaces = asObject(asObject(listener.value.allowedRoutes)?.namespaces);
  const from = asString(namespaces?.from) ?? 'Same';
  if (from === 'All') return ALLOWED;
  if (from === 'Same') {
    if (namespace === gateway.namespace) return ALLOWED;
    return {allowed: false, why: `listener ${JSON.stringify(listener.name)} admits routes from namespace ${JSON.stringify(gateway.namespace)} only (allowedRoutes.namespaces.from: Same)`};
  }
  if (from !== 'Selector') return undefined;
  const selector = namespaces?.selector;
  // Istio reads a Selector without a selector as All (namespacesFromSelector: "should never happen").
  if (selector === undefined || selector === null) return ALLOWED;
  const labels = ctx.cluster.namespaces.get(namespace);
  if (!labels && !selectsOnNameOnly(selector)) return undefined;
  if (labelSelectorMatches(selector, {...labels, [NAMESPACE_NAME_LABEL]: namespace})) return ALLOWED;
  return {allowed: false, why: `listener ${JSON.stringify(listener.name)}'s allowedRoutes.namespaces.selector does not select namespace ${JSON.stringify(namespace)}`};
}

/** A selector that reads no label but the namespace's name, which every namespace carries (an empty one reads none). */
function selectsOnNameOnly(selector: unknown): boolean {
  const spec = asObject(selector) ?? {};
  const keys = [...Object.keys(asObject(spec.matchLabels) ?? {}), ...asArray(spec.matchExpressions).map((e) => asObject(e)?.key)];
  return keys.every((key) => key === NAMESPACE_NAME_LABEL);
}

/**
 * conditions.go generateSupportedKinds: the route kinds a protocol carries (a TLS listener that
 * terminates also TCPRoute; the CRD defaults a tls block's mode to Terminate, and istiod reads it
 * so). Undefined for a protocol it has no case for (UDP, or Istio's HBONE for waypoints: no kind).
 */
export function protocolRouteKinds(protocol: string, tls: Obj | undefined): readonly string[] | undefined {
  switch (protocol) {
    case 'HTTP':
    case 'HTTPS':
      return ['HTTPRoute', 'GRPCRoute'];
    case 'TCP':
      return ['TCPRoute'];
    case 'TLS':
      return tls && (asString(tls.mode) ?? 'Terminate') === 'Terminate' ? ['TLSRoute', 'TCPRoute'] : ['TLSRoute'];
    default:
      return undefined;
  }
}

/**
 * Whether the listener takes a route of this kind: the kinds its protocol carries, narrowed by
 * allowedRoutes.kinds (group gateway.networking.k8s.io by default). Undefined for a protocol this
 * check does not know.
 */
export function kindVerdict(listener: Listener, route: KindRef): Verdict | undefined {
  // Decided once per listener and route kind: every route naming a Gateway asks of each of its listeners.
  const byKind = mapUnder(listener.kindVerdicts, route.group);
  let verdict = byKind.get(route.kind);
  if (verdict === undefined) byKind.set(route.kind, (verdict = decideKind(listener, route) ?? UNKNOWN));
  return verdict === UNKNOWN ? undefined : verdict;
}

function decideKind(listener: Listener, route: KindRef): Verdict | undefined {
  // An implementation's own protocol (Istio's HBONE for waypoints) is not judged here.
  const supported = protocolRouteKinds(listener.protocol, asObject(listener.value.tls));
  const listed = asArray(asObject(listener.value.allowedRoutes)?.kinds).map((k) => asObject(k) ?? {});
  const label = () => `listener ${JSON.stringify(listener.name)}`;
  if (listed.length > 0) {
    const admitted = listed.some((k) => k.kind === route.kind && (asString(k.group) ?? GATEWAY_GROUP) === route.group);
    if (!admitted) return {allowed: false, why: `${label()} admits kinds ${listed.map((k) => String(k.kind)).join(', ')} only (allowedRoutes.kinds), not ${route.kind}`};
  } else if (!supported) return undefined;
  if (supported && !supported.includes(route.kind)) {
    return {allowed: false, why: `${label()} (protocol ${listener.protocol}) carries ${supported.join(' and ')}, not ${route.kind}`};
  }
  return ALLOWED;
}
