/**
 * The routing of a lab's VirtualServices, HTTPRoutes and GRPCRoutes as a Mermaid flowchart:
 * hosts (or a route's parents) → rules (their match conditions, in order) → destinations
 * with their share of the rule's traffic → the pods each subset or backend selects. Pure: the editor's worker draws it from the edited YAML.
 */
import {asArray, asNumber, asObject, asString, type Obj} from '../engine/istio/access';
import {validateYaml} from '../engine/index';
import {destinationRuleFor, endpointsOf, resolveBackend, resolveSubset} from './destinations';
import {drawPods, failureLabel} from './diagram-pods';
import {fqdn} from '../engine/model/hosts';
import {drawGatewayRoute} from './gatewayapi/diagram';
import {gatewayRoutes, l4Routes} from './gatewayapi/resources';
import {World, type WorldResource} from './world';
import {ambientNote, drawAmbientNote, servicesOfHosts} from './ambient/diagram';

export type RoutingDiagram = {kind: 'diagram'; source: string} | {kind: 'invalid'; message: string} | {kind: 'none'};

/** Longest label drawn, in characters: a long value must not make a node a page wide. */
export const MAX_LABEL_CHARS = 100;

/**
 * Characters a label writes as themselves. Every other is written as a Mermaid entity
 * code (`#60;`), which Mermaid draws as that character, as text. So no label can end its
 * string (`"`), open a directive (`%%{init: …}%%`, read anywhere in the source, even
 * inside a string) or a markdown string (a backtick), write markup (`<`, `&`) or an
 * entity of its own (`#`), or trip Mermaid's `style…:…#…;` rewriting (`:`). Statements
 * such as `click … href` or `:::class` need a line of their own or an unquoted id: a
 * label has neither, since line breaks are spaces and labels are always quoted.
 */
const PLAIN = /^[A-Za-z0-9 .,=*~/_+@!?'^$-]$/;
/** Control characters and line or paragraph separators: drawn as a space. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
/** Bidi and zero-width format characters: they would make a label read as something it is not. */
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** A quoted Mermaid label's text: what the reader wrote, drawn as text and never acted on, at most MAX_LABEL_CHARS long. */
export function label(text: string): string {
  const chars = [...text.replace(CONTROL, ' ').replace(INVISIBLE, '')];
  const shown = chars.length > MAX_LABEL_CHARS ? [...chars.slice(0, MAX_LABEL_CHARS - 1), '…'] : chars;
  return shown.map((char) => (PLAIN.test(char) ? char : `#${char.codePointAt(0)};`)).join('');
}

function stringMatch(value: unknown): string {
  const match = asObject(value);
  if (!match) return 'any';
  for (const kind of ['exact', 'prefix', 'regex'] as const) {
    const text = asString(match[kind]);
    if (text !== undefined) return kind === 'exact' ? `= ${text}` : kind === 'prefix' ? `${text}*` : `~ ${text}`;
  }
  return 'present';
}

/** One match block, its conditions ANDed, e.g. `header end-user = jason`. */
function describeMatch(match: Obj): string {
  const parts: string[] = [];
  if (match.uri) parts.push(`uri ${stringMatch(match.uri)}`);
  if (match.method) parts.push(`method ${stringMatch(match.method)}`);
  for (const [name, value] of Object.entries(asObject(match.headers) ?? {})) parts.push(`header ${name} ${stringMatch(value)}`);
  for (const [name, value] of Object.entries(asObject(match.queryParams) ?? {})) parts.push(`query ${name} ${stringMatch(value)}`);
  for (const name of Object.keys(asObject(match.withoutHeaders) ?? {})) parts.push(`without header ${name}`);
  if (match.port !== undefined) parts.push(`port ${String(match.port)}`);
  if (match.sourceLabels) parts.push(`from ${Object.entries(asObject(match.sourceLabels) ?? {}).map(([k, v]) => `${k}=${String(v)}`).join(',')}`);
  return parts.length > 0 ? parts.join(' and ') : 'any request';
}

/** One `tcp` or `tls` match: its SNI hosts and port (what an ingress gateway reads of it, gateway-l4.ts). */
function describeL4Match(match: Obj): string {
  const parts: string[] = [];
  const sni = asArray(match.sniHosts).filter((h): h is string => typeof h === 'string');
  if (sni.length > 0) parts.push(`SNI ${sni.join(', ')}`);
  if (match.port !== undefined) parts.push(`port ${String(match.port)}`);
  return parts.length > 0 ? parts.join(' and ') : 'any connection';
}

/** The VirtualService sections drawn: HTTP rules, then TCP and TLS rules (node ids `r`, `tcp`, `tls`). */
const SECTIONS = [
  {key: 'http', node: 'r', name: 'rule', any: 'any request', describe: describeMatch},
  {key: 'tcp', node: 'tcp', name: 'TCP rule', any: 'any connection', describe: describeL4Match},
  {key: 'tls', node: 'tls', name: 'TLS rule', any: 'any connection', describe: describeL4Match},
] as const;

function describeRule(rule: Obj, index: number, section: (typeof SECTIONS)[number]): string {
  const matches = asArray(rule.match).map((match) => asObject(match)).filter((match): match is Obj => match !== undefined);
  const condition = matches.length === 0 ? section.any : matches.map(section.describe).join(' or ');
  return `${section.name} ${index + 1}: ${condition}`;
}

/** Host node ids of the drawn VirtualServices, by `namespace/name`, so delegating rules can point at their delegate. */
type DrawnNodes = ReadonlyMap<string, string>;

function drawVirtualService(world: World, vs: WorldResource, prefix: string, lines: string[], drawn: DrawnNodes): void {
  const hosts = asArray(vs.spec.hosts).filter((host): host is string => typeof host === 'string');
  const hostNode = `${prefix}h`;
  // A VirtualService without hosts is a delegate: reached only through a root's `delegate`.
  lines.push(`  ${hostNode}(["${label(hosts.join(', ') || `delegate ${vs.name}`)}"])`);
  drawAmbientNote(lines, hostNode, ambientNote(world, servicesOfHosts(world, hosts, vs.namespace)), label);
  for (const section of SECTIONS) asArray(vs.spec[section.key]).forEach((entry, ruleIndex) => {
    const http = asObject(entry);
    if (!http) return;
    const ruleNode = `${prefix}${section.node}${ruleIndex}`;
    lines.push(`  ${ruleNode}{"${label(describeRule(http, ruleIndex, section))}"}`);
    lines.push(`  ${hostNode} --> ${ruleNode}`);
    const delegate = asObject(http.delegate);
    if (delegate) {
      const key = `${asString(delegate.namespace) || vs.namespace}/${asString(delegate.name) ?? ''}`;
      const target = drawn.get(key);
      if (target) {
        lines.push(`  ${ruleNode} -->|"delegate"| ${target}`);
      } else {
        const exists = world.virtualServices.some((other) => `${other.namespace}/${other.name}` === key && asArray(other.spec.hosts).length === 0);
        lines.push(`  ${ruleNode}_delegate["${label(exists ? `delegate ${key}` : `delegate ${key} not found: rule dropped`)}"]${exists ? '' : ':::problem'}`);
        lines.push(`  ${ruleNode} --> ${ruleNode}_delegate`);
      }
    }
    const direct = asObject(http.directResponse);
    if (direct) {
      lines.push(`  ${ruleNode}_direct["${label(`direct response ${asNumber(direct.status) ?? ''}`.trim())}"]`);
      lines.push(`  ${ruleNode} --> ${ruleNode}_direct`);
    }
    const redirect = asObject(http.redirect);
    if (redirect) {
      lines.push(`  ${ruleNode}_redirect["${label(`redirect ${asString(redirect.uri) ?? ''} ${asString(redirect.authority) ?? ''}`.trim())}"]`);
      lines.push(`  ${ruleNode} --> ${ruleNode}_redirect`);
    }
    const routes = asArray(http.route).map((route) => asObject(route)).filter((route): route is Obj => route !== undefined);
    const weights = routes.map((route) => (routes.length === 1 ? 1 : Math.max(asNumber(route.weight) ?? 0, 0)));
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    routes.forEach((route, destinationIndex) => {
      const destination = asObject(route.destination) ?? {};
      const host = fqdn(asString(destination.host) ?? '', vs.namespace);
      const subset = asString(destination.subset);
      const node = `${ruleNode}d${destinationIndex}`;
      const share = total > 0 ? Math.round((weights[destinationIndex]! / total) * 1000) / 10 : 0;
      const backend = resolveBackend(world, host);
      const resolution = resolveSubset(destinationRuleFor(world, host, vs.namespace, backend.resource?.namespace), subset);
      const shortHost = host.split('.')[0] ?? host;
      lines.push(`  ${node}["${label(subset ? `${shortHost} ${subset}` : shortHost)}"]`);
      lines.push(`  ${ruleNode} -->|"${label(`${share}%`)}"| ${node}`);
      if (subset && !resolution.defined) {
        lines.push(`  ${node}_x["${label(failureLabel(section.key !== 'http', {status: 503, flags: 'NC'}, `no subset ${subset}`))}"]:::problem`);
        lines.push(`  ${node} --> ${node}_x`);
        return;
      }
      const workloads = backend.kind === 'unknown' ? [] : endpointsOf(world, backend, resolution.labels);
      drawPods(lines, node, workloads, label, backend.kind === 'unknown' ? undefined : failureLabel(section.key !== 'http', {status: 503, flags: 'UH'}, 'no pods selected'));
    });
  });
}

export function routingDiagram(text: string, context: readonly unknown[]): RoutingDiagram {
  const validation = validateYaml(text, {context: [...context], analysis: false});
  const error = validation.diagnostics.find((diagnostic) => diagnostic.severity === 'error');
  if (error) return {kind: 'invalid', message: `line ${error.range.start.line}: ${error.message}`};
  const world = new World(context, [validation.documents.map((document) => document.value)]);
  // A workload the API server would refuse is an error in the edit, like a schema error.
  const refused = world.refusedWorkloads.find((workload) => workload.at?.file === 0);
  if (refused) return {kind: 'invalid', message: `${refused.kind} ${refused.namespace}/${refused.name}: ${refused.message}`};
  const edited = world.virtualServices.filter((vs) => vs.at?.file === 0);
  const routes = [...gatewayRoutes(world), ...l4Routes(world)].filter((route) => route.resource.at?.file === 0);
  if (edited.length === 0 && routes.length === 0) return {kind: 'none'};
  const lines = ['flowchart LR', '  classDef problem stroke:#c62828,stroke-width:2px'];
  const drawn: DrawnNodes = new Map(edited.map((vs, index) => [`${vs.namespace}/${vs.name}`, `v${index}h`]));
  edited.forEach((vs, index) => drawVirtualService(world, vs, `v${index}`, lines, drawn));
  routes.forEach((route, index) => drawGatewayRoute(world, route, `g${index}`, lines, label));
  return {kind: 'diagram', source: lines.join('\n')};
}
