/**
 * The pattern pages (docs/patterns/): where they sit in the book, that every YAML block is a lab
 * valid in its cluster, that they link the exercises of their patterns, and that what their
 * sentences say a lab's request panel answers is what the simulator answers for that lab
 * (simulateLabRequest, the panel's own entry point).
 */
import {existsSync, readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {validateYaml} from '../../src/engine/index';
import {parseMeta, upgradeFor} from '../../src/labs/code-block-meta';
import {parseYaml} from '../../src/engine/yaml/index';
import {simulateLabRequest, type LabRequestInput} from '../../src/simulator/lab-request';
import {istioAnswers} from '../../src/simulator/istio-authz/attach';

const PAGES = {
  index: 'docs/patterns/index.mdx',
  resilience: 'docs/patterns/resilience.mdx',
  traffic: 'docs/patterns/traffic.mdx',
  security: 'docs/patterns/security.mdx',
} as const;
const text = (path: string): string => readFileSync(path, 'utf8');
const frontMatter = (path: string): Record<string, unknown> => parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(text(path))![1]!).documents[0]!.value as Record<string, unknown>;
const json = (path: string): Record<string, unknown> => JSON.parse(text(path)) as Record<string, unknown>;
const contextOf = (name: string): unknown[] => (parseYaml(text(`labs/contexts/${name}.yaml`)).documents[0]!.value as {resources: unknown[]}).resources;

interface Block {
  page: string;
  meta: Map<string, string | true>;
  code: string;
}

function yamlBlocks(path: string): Block[] {
  return [...text(path).matchAll(/^```yaml([^\n]*)\n([\s\S]*?)^```/gm)].map((m) => ({page: path, meta: parseMeta(m[1]!.trim()), code: m[2]!}));
}

const allBlocks = Object.values(PAGES).flatMap(yamlBlocks);
const lab = (id: string): Block => {
  const block = allBlocks.find((b) => b.meta.get('id') === id);
  if (!block) throw new Error(`no lab ${id} on the pattern pages`);
  return block;
};

/** What the lab's request panel answers for one request. */
function ask(id: string, request: string, more: Partial<LabRequestInput> = {}) {
  const block = lab(id);
  const [method, url] = request.split(' ') as [string, string];
  const {host, pathname} = new URL(url);
  const answer = simulateLabRequest(block.code, contextOf(String(block.meta.get('lab'))), {method, host, path: pathname, headers: {}, ...more});
  if (answer.kind !== 'decision') throw new Error(`${id}: ${answer.message}`);
  return answer;
}

describe('the pattern pages in the book', () => {
  it('sit after Troubleshooting and before Best Practices, as a part of their own with an index', () => {
    const category = json('docs/patterns/_category_.json');
    const troubleshooting = json('docs/troubleshooting/_category_.json');
    expect(category.position).toBeGreaterThan(troubleshooting.position as number);
    expect(category.position).toBeLessThan(frontMatter('docs/best-practices.mdx').sidebar_position as number);
    expect(category.link).toEqual({type: 'doc', id: 'patterns/index'});
    expect(frontMatter(PAGES.index)).toMatchObject({id: 'index', sidebar_position: 1});
    expect(frontMatter(PAGES.resilience)).toMatchObject({title: 'Resilience Patterns', sidebar_position: 2});
    expect(frontMatter(PAGES.traffic)).toMatchObject({title: 'Traffic Patterns', sidebar_position: 3});
    expect(frontMatter(PAGES.security)).toMatchObject({title: 'Security Patterns', sidebar_position: 4});
    for (const path of Object.values(PAGES)) expect(String(frontMatter(path).description).length, path).toBeGreaterThan(80);
  });

  it('say for each pattern when to use it and the failure it prevents, under each pattern heading', () => {
    const sections = (path: string) => text(path).split(/^## /m).slice(1).filter((section) => !/^(One request|TCP and TLS at the ingress gateway|Istio: the order|Linkerd: authorization)/.test(section));
    for (const path of [PAGES.resilience, PAGES.traffic]) {
      for (const section of sections(path)) expect(section, `${path}: ${section.split('\n')[0]}`).toMatch(/\*\*When to use (it|them)\.\*\*[\s\S]*\*\*The failure (it|they) prevents?\.\*\*/);
    }
    // The security page is one pattern, authorization, in both meshes: said once, before the first mesh's section.
    expect(text(PAGES.security).split(/^## /m)[0]).toMatch(/\*\*When to use it\.\*\*[\s\S]*\*\*The failure it prevents\.\*\*/);
  });

  it('draw at least one Mermaid diagram on each pattern page', () => {
    for (const path of [PAGES.resilience, PAGES.traffic, PAGES.security]) {
      expect(text(path).match(/^```mermaid$/gm)?.length ?? 0, path).toBeGreaterThanOrEqual(1);
    }
  });

  it('show each pattern in both meshes: every page has Istio labs and Linkerd labs', () => {
    for (const path of [PAGES.resilience, PAGES.traffic, PAGES.security]) {
      const contexts = new Set(yamlBlocks(path).flatMap((b) => (typeof b.meta.get('lab') === 'string' ? [b.meta.get('lab')] : [])));
      expect([...contexts].sort(), path).toEqual(['patterns-istio', 'patterns-linkerd']);
    }
  });

  it.each([
    [PAGES.resilience, 'ratings-bounded-wait', '#resilience-and-mirroring'],
    [PAGES.resilience, 'reviews-outlier-ejection', '#resilience-and-mirroring'],
    [PAGES.traffic, 'reviews-mirror-v3', '#resilience-and-mirroring'],
    [PAGES.security, 'istio-only-productpage-reviews', '#security'],
    [PAGES.security, 'istio-ingress-partner-range', '#security'],
    [PAGES.traffic, 'istio-ingress-tls-passthrough', '#traffic-management'],
    [PAGES.traffic, 'bookinfo-egress-allowlist', '#egress-and-rate-limiting'],
    [PAGES.traffic, 'linkerd-reviews-rate-limit', '#egress-and-rate-limiting'],
  ])('%s links the exercise %s under the exercises page heading that places it', (path, exercise, anchor) => {
    expect(existsSync(`labs/exercises/${exercise}.yaml`)).toBe(true);
    expect(text(path)).toContain(`(../exercises.mdx${anchor}) (\`${exercise}\`)`);
    // The heading the anchor names comes before the exercise on the exercises page, and no other heading between.
    const exercises = text('docs/exercises.mdx');
    const placed = exercises.indexOf(`<Exercise name="${exercise}" />`);
    const headings = [...exercises.slice(0, placed).matchAll(/^## (.+)$/gm)].map((m) => m[1]!);
    expect(`#${headings.at(-1)!.toLowerCase().replace(/\s+/g, '-')}`).toBe(anchor);
  });
});

/** Labs whose finding is their lesson, each checked by a test of its own below. */
const SHOWS_ITS_FINDING = new Set(['pattern-tcp-entries-dns-capture']);

describe('the labs of the pattern pages', () => {
  it('are all labs with a stable id and a cluster, unique across the pages', () => {
    expect(allBlocks.length).toBeGreaterThanOrEqual(20);
    const ids = allBlocks.filter((b) => b.meta.get('static') !== true && upgradeFor('yaml', [...b.meta].map(([k, v]) => (v === true ? k : `${k}=${v}`)).join(' '), b.code).kind === 'yaml-lab').map((b) => b.meta.get('id'));
    // One block is not a lab: the EnvoyFilter, a listing because istiod's webhook warns about every
    // EnvoyFilter and the book's labs show no finding. (Linkerd's annotated Service is a lab through its HTTPRoute.)
    const listings = allBlocks.filter((b) => !ids.includes(b.meta.get('id')));
    expect(listings.map((b) => /^kind: (\w+)/m.exec(b.code)![1])).toEqual(['EnvoyFilter']);
    expect(listings[0]!.meta.get('static')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(String(id)).toMatch(/^pattern-/);
  });

  it.each(allBlocks.filter((b) => !SHOWS_ITS_FINDING.has(String(b.meta.get('id')))).map((b) => [b.meta.get('id') ?? `${b.page}: ${b.code.split('\n')[0]}`, b] as const))('%s validates without an error or a warning in its cluster', (_id, block) => {
    const name = block.meta.get('lab');
    const diagnostics = validateYaml(block.code, typeof name === 'string' ? {context: contextOf(name)} : {}).diagnostics;
    const findings = diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning').map((d) => `${d.severity} ${d.code}: ${d.message}`);
    expect(findings).toEqual([]);
  });

  // istio 1.30.3 serviceentry/protocoladdresses.go: IST0134 for a TCP port of an entry without addresses or allocated
  // status.addresses, unless the mesh config's defaultConfig.proxyMetadata has ISTIO_META_DNS_CAPTURE and
  // ISTIO_META_DNS_AUTO_ALLOCATE (or PILOT_ENABLE_IP_AUTOALLOCATE) "true": a ProxyConfig is not read.
  it('include the TCP entries lab, whose only findings are istioctl analyze\'s IST0134 for each entry, which DNS capture by ProxyConfig does not silence, as the page says', () => {
    const diagnostics = validateYaml(lab('pattern-tcp-entries-dns-capture').code, {context: contextOf('patterns-istio')}).diagnostics;
    expect(diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.severity} ${d.code}`)).toEqual(['warning IST0134', 'warning IST0134']);
    expect(text(PAGES.traffic)).toContain('`IST0134`');
  });

  it('include an EnvoyFilter whose only finding is the warning istiod\'s webhook returns for every EnvoyFilter, as the page says', () => {
    const diagnostics = validateYaml(lab('pattern-reviews-local-rate-limit').code, {context: contextOf('patterns-istio')}).diagnostics;
    expect(diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('EnvoyFilter exposes internal implementation details')]);
    expect(text(PAGES.traffic)).toContain("istiod's warning that an EnvoyFilter exposes internal implementation details");
  });

  it('would report a relative EnvoyFilter patch without a priority (IST0151), which is why the page sets one', () => {
    const withoutPriority = lab('pattern-reviews-local-rate-limit').code.replace('  priority: 10\n', '');
    expect(withoutPriority).not.toContain('priority');
    const codes = validateYaml(withoutPriority, {context: contextOf('patterns-istio')}).diagnostics.map((d) => d.code);
    expect(codes).toContain('IST0151');
  });
});

describe('what the traffic page says the TCP entries lab answers', () => {
  it('with DNS capture the connection to users-db reaches users-db; with "false", orders-db owns 0.0.0.0:5432 and takes it', () => {
    const on = ask('pattern-tcp-entries-dns-capture', 'GET http://users-db.example.com:5432/', {from: 'bookinfo/reviews-v1'});
    expect(on.decision.destinations.map((d) => d.host)).toEqual(['users-db.example.com']);
    expect(on.decision.trace.map((t) => t.message).join('\n')).toMatch(/captures DNS.*\n.*allocated address/);
    const code = lab('pattern-tcp-entries-dns-capture').code.replace('ISTIO_META_DNS_CAPTURE: "true"', 'ISTIO_META_DNS_CAPTURE: "false"');
    const off = simulateLabRequest(code, contextOf('patterns-istio'), {method: 'GET', host: 'users-db.example.com:5432', path: '/', headers: {}, from: 'bookinfo/reviews-v1'});
    if (off.kind !== 'decision') throw new Error(off.message);
    expect(off.decision.destinations.map((d) => d.host)).toEqual(['orders-db.example.com']);
    expect(off.decision.trace.map((t) => t.message).join('\n')).toMatch(/orders-db\.example\.com also listens on 0\.0\.0\.0:5432 and comes first/);
  });

  it('names the lab cluster\'s ServiceCIDR as the page does', () => {
    const cidr = contextOf('patterns-istio').find((r) => (r as {kind?: string}).kind === 'ServiceCIDR') as {metadata: {name: string}; spec: {cidrs: string[]}};
    expect(cidr).toMatchObject({metadata: {name: 'kubernetes'}, spec: {cidrs: ['10.96.0.0/16']}});
    expect(text(PAGES.traffic)).toContain('`kubernetes`, `10.96.0.0/16`');
  });
});

describe('what the resilience page says the labs answer', () => {
  it('timeouts and retries: the worst case is 3 × 500 ms + 25 + 75 ms = 1.6 s, and the retries of a hanging v1 land on v2 and v3', () => {
    const {timeline} = ask('pattern-reviews-timeout-retries', 'GET http://reviews:9080/reviews/0', {from: 'bookinfo/productpage-v1', upstream: 'reviews-v1: hang'});
    expect(timeline!.worstCase.boundMs).toBe(1600);
    expect(text(PAGES.resilience)).toContain('3 × 500 ms + 25 ms + 75 ms = 1.6 s');
    const retried = timeline!.requests.filter((r) => r.attempts.length > 1);
    expect(retried.length).toBeGreaterThan(0);
    for (const request of retried) {
      expect(request.attempts[0]).toMatchObject({start: request.start, end: request.start + 500, result: 'per-try timeout'});
      expect(request.attempts.at(-1)!.pod).toMatch(/^reviews-v[23]-/);
      expect(request.status).toBe(200);
    }
  });

  it('timeouts and retries: with perTryTimeout 1s and every pod hanging, the route timeout cuts the second try at 2 s with a 504', () => {
    const block = lab('pattern-reviews-timeout-retries');
    const slower = block.code.replace('perTryTimeout: 500ms', 'perTryTimeout: 1s');
    const answer = simulateLabRequest(slower, contextOf('patterns-istio'), {method: 'GET', host: 'reviews:9080', path: '/reviews/0', headers: {}, from: 'bookinfo/productpage-v1', upstream: '*: hang'});
    if (answer.kind !== 'decision') throw new Error(answer.message);
    const first = answer.timeline!.requests[0]!;
    expect(first).toMatchObject({status: 504, end: 2000});
    expect(first.attempts).toHaveLength(2);
  });

  it('circuit breaking: in ten requests reviews-v1 fails four times and is not ejected; at three it is, and with every pod failing only one of three is', () => {
    const upstream = {from: 'bookinfo/productpage-v1', upstream: 'reviews-v1: 503'};
    const five = ask('pattern-reviews-circuit-breaker', 'GET http://reviews:9080/reviews/0', upstream).timeline!;
    expect(five.requests.filter((r) => r.status === 503)).toHaveLength(4);
    expect(five.events.filter((e) => e.kind === 'ejected')).toEqual([]);
    const code = lab('pattern-reviews-circuit-breaker').code;
    const three = (script: string) => {
      const answer = simulateLabRequest(code.replace('consecutive5xxErrors: 5', 'consecutive5xxErrors: 3'), contextOf('patterns-istio'), {method: 'GET', host: 'reviews:9080', path: '/reviews/0', headers: {}, from: 'bookinfo/productpage-v1', upstream: script});
      if (answer.kind !== 'decision') throw new Error(answer.message);
      return answer.timeline!;
    };
    const ejected = three('reviews-v1: 503');
    expect(ejected.events.filter((e) => e.kind === 'ejected').map((e) => e.pod)).toEqual([expect.stringMatching(/^reviews-v1-/)]);
    expect(ejected.requests.slice(-1)[0]!.status).toBe(200);
    const all = three('*: 503');
    expect(all.events.filter((e) => e.kind === 'ejected')).toHaveLength(1);
    expect(all.events.some((e) => e.kind === 'not-ejected' && /66\.7% of 3 hosts, over maxEjectionPercent 50/.test(e.reason ?? ''))).toBe(true);
    expect(all.requests.every((r) => r.status === 503)).toBe(true);
    expect(text(PAGES.resilience)).toContain('fails four times: one short of five');
  });

  // linkerd2-proxy v2.359.0 (Linkerd 2.20): failure accrual app/outbound/src/http/breaker/consecutive_failures.rs,
  // the balancer queue's fail-fast proxy/balance/queue/src/{worker,failfast}.rs with the 3 s
  // DEFAULT_OUTBOUND_HTTP_FAILFAST_TIMEOUT (app/src/env.rs), retries route/retry.rs (a fail-fast error is
  // retryable, a load-shed one is not), ServerRescue's 504/503 in app/outbound/src/http/server.rs; the
  // proxy's own test app/outbound/src/http/logical/tests/failure_accrual.rs asserts FailFastError then LoadShedError.
  it('circuit breaking in Linkerd: with every pod failing, five retried requests shut all three; the sixth waits 3 s, fails fast and its retry is shed; the rest are shed at once', () => {
    const all = ask('pattern-linkerd-reviews-failure-accrual', 'GET http://reviews:9080/reviews/0', {from: 'bookinfo/productpage-v1', upstream: '*: 503'}).timeline!;
    const shut = all.events.filter((e) => e.kind === 'ejected');
    expect(shut.map((e) => e.pod)).toEqual([expect.stringMatching(/^reviews-v1-/), expect.stringMatching(/^reviews-v2-/), expect.stringMatching(/^reviews-v3-/)]);
    expect(shut.at(-1)!.at).toBe(750);
    expect(all.requests.slice(0, 5).every((r) => r.status === 503 && r.attempts.length === 3 && r.attempts.every((a) => a.result === '503'))).toBe(true);
    const sixth = all.requests[5]!;
    expect(sixth).toMatchObject({start: 750, end: 3800, status: 503});
    expect(sixth.attempts.map((a) => [a.start, a.end, a.result])).toEqual([[750, 3750, 'fail-fast'], [3800, 3800, expect.stringMatching(/^shed/)]]);
    expect(all.events.filter((e) => e.kind === 'fail-fast').map((e) => e.at)).toEqual([3750]);
    for (const r of all.requests.slice(6)) expect(r).toMatchObject({start: 3800, end: 3800, status: 503, attempts: [{result: expect.stringMatching(/^shed/)}]});
    expect(all.requests.flatMap((r) => r.attempts).filter((a) => a.pod !== undefined)).toHaveLength(15);
    expect(shut[0]!.reason).toMatch(/no requests for 45000 ms/);
    expect(text(PAGES.resilience)).toContain('**503** after 3,050 ms');

    const one = ask('pattern-linkerd-reviews-failure-accrual', 'GET http://reviews:9080/reviews/0', {from: 'bookinfo/productpage-v1', upstream: 'reviews-v1: 503'}).timeline!;
    expect(one.requests.every((r) => r.status === 200)).toBe(true);
    const out = one.events.filter((e) => e.kind === 'ejected');
    expect(out.map((e) => e.pod)).toEqual([expect.stringMatching(/^reviews-v1-/)]);
    const last = one.requests.at(-1)!;
    expect(out[0]!.at).toBeLessThanOrEqual(last.start);
    expect(last.attempts.map((a) => a.pod)).not.toContainEqual(expect.stringMatching(/^reviews-v1-/));
  });

  // Istio 1.30.3 loadbalancer.go applyLocalityFailover (priorities: the client's zone, its region, the failover region),
  // cluster_traffic_policy.go applyLocalityLoadBalancer (only with outlier detection); Envoy priority levels.
  it('locality failover: curl\'s requests stay in its zone, move to the region\'s other zone when v1 is ejected, and to us-west1 when v2 is too', () => {
    const send = (upstream: string) => ask('pattern-reviews-locality-failover', 'GET http://reviews:9080/reviews/0', {from: 'bookinfo/curl', upstream}).timeline!;
    const pods = (t: ReturnType<typeof send>) => t.requests.map((r) => r.attempts.at(-1)!.pod!.replace(/-[a-z0-9]+-[a-z0-9]+$/, ''));
    const shares = (from: string) => ask('pattern-reviews-locality-failover', 'GET http://reviews:9080/reviews/0', {from}).decision.distribution.map((d) => [d.pod!.replace(/-[a-z0-9]+-[a-z0-9]+$/, ''), d.share]);
    expect(shares('bookinfo/curl')).toEqual([['reviews-v1', 1]]);
    expect(shares('bookinfo/productpage-v1')).toEqual([['reviews-v1', 1 / 3], ['reviews-v2', 1 / 3], ['reviews-v3', 1 / 3]]);
    expect(pods(send('*: 200'))).toEqual(Array(10).fill('reviews-v1'));
    const one = send('reviews-v1: 503');
    expect(pods(one)).toEqual([...Array(3).fill('reviews-v1'), ...Array(7).fill('reviews-v2')]);
    expect(one.requests.slice(3).every((r) => r.status === 200)).toBe(true);
    const two = send('reviews-v1: 503\nreviews-v2: 503');
    expect(pods(two)).toEqual([...Array(3).fill('reviews-v1'), ...Array(3).fill('reviews-v2'), ...Array(4).fill('reviews-v3')]);
    expect(two.events.filter((e) => e.kind === 'ejected').map((e) => e.pod!.replace(/-[a-z0-9]+-[a-z0-9]+$/, ''))).toEqual(['reviews-v1', 'reviews-v2']);
    expect(text(PAGES.resilience)).toContain('the last requests cross to `reviews-v3` in `us-west1`');
  });

  it('fault injection: half of tester\'s requests to ratings get 503, and nobody else\'s', () => {
    const tester = ask('pattern-ratings-fault-abort', 'GET http://ratings:9080/ratings/0', {from: 'bookinfo/reviews-v2', headers: {'end-user': 'tester'}});
    expect(tester.decision.fault?.abort).toMatchObject({status: 503, share: 0.5});
    const other = ask('pattern-ratings-fault-abort', 'GET http://ratings:9080/ratings/0', {from: 'bookinfo/reviews-v2', headers: {'end-user': 'jason'}});
    expect(other.decision.fault?.abort).toBeUndefined();
  });

  it('fault injection in Linkerd: tester goes to the error backend, everyone else 90/10', () => {
    const tester = ask('pattern-linkerd-ratings-error-split', 'GET http://ratings:9080/ratings/0', {from: 'bookinfo/reviews-v2', headers: {'end-user': 'tester'}});
    expect(tester.decision.summary).toContain('error-injector');
    const other = ask('pattern-linkerd-ratings-error-split', 'GET http://ratings:9080/ratings/0', {from: 'bookinfo/reviews-v2'});
    expect(other.decision.summary).toMatch(/90% → ratings\.bookinfo\.svc\.cluster\.local .*10% → error-injector/);
  });
});

describe('what the traffic page says the labs answer', () => {
  it('mirroring: v1 serves, 5% is copied to v2 (Host reviews-shadow) and its answers are discarded; the HTTPRoute mirrors the same', () => {
    expect(ask('pattern-reviews-mirror-v2', 'GET http://reviews:9080/reviews/0', {from: 'bookinfo/productpage-v1'}).decision.mirroring![0]!.authority).toMatch(/^reviews-shadow/);
    for (const id of ['pattern-reviews-mirror-v2', 'pattern-reviews-httproute-mirror']) {
      const {decision} = ask(id, 'GET http://reviews:9080/reviews/0', {from: 'bookinfo/productpage-v1'});
      expect(decision.status, id).toBe(200);
      expect(decision.summary, id).toMatch(/v1/);
      expect(decision.mirroring?.map((m) => [m.share, m.responsesDiscarded, m.alsoServesUsers]), id).toEqual([[0.05, true, false]]);
      expect(decision.mirroring![0]!.pods, id).toEqual([expect.stringMatching(/^reviews-v2-/)]);
    }
  });

  it('header routing: tester and a baggage test-run reach v3; a request without them reaches v1', () => {
    const id = 'pattern-reviews-test-header';
    const subset = (headers: Record<string, string>) => ask(id, 'GET http://reviews:9080/reviews/0', {from: 'bookinfo/productpage-v1', headers}).decision.summary;
    expect(subset({'end-user': 'tester'})).toContain('subset v3');
    expect(subset({baggage: 'test-run=42'})).toContain('subset v3');
    expect(subset({})).toContain('subset v1');
    expect(ask('pattern-linkerd-reviews-test-header', 'GET http://reviews:9080/reviews/0', {from: 'bookinfo/productpage-v1', headers: {'end-user': 'tester'}}).decision.summary).toContain('reviews-v3');
  });
});

describe('what the security page says the labs answer', () => {
  const istio = (id: string, request: string, more: Partial<LabRequestInput> = {}): string => {
    const {decision} = ask(id, request, more);
    return `${decision.status} ${istioAnswers(decision)[0]!.summary}`;
  };

  it('ALLOW: reviews may GET ratings; productpage, and a POST, meet the implicit deny', () => {
    const id = 'pattern-ratings-allow-reviews';
    expect(istio(id, 'GET http://ratings:9080/ratings/0', {from: 'bookinfo/reviews-v2'})).toBe('200 allowed by ALLOW bookinfo/ratings-viewer rules[0]');
    expect(istio(id, 'GET http://ratings:9080/ratings/0', {from: 'bookinfo/productpage-v1'})).toMatch(/^403 ALLOW policies exist .* none matched/);
    expect(istio(id, 'POST http://ratings:9080/ratings/0', {from: 'bookinfo/reviews-v2'})).toMatch(/^403 /);
  });

  it('a DENY shadows the ALLOW, and narrowed to /ratings/admin/* it no longer does', () => {
    const id = 'pattern-ratings-deny-shadows-allow';
    expect(istio(id, 'GET http://ratings:9080/ratings/0', {from: 'bookinfo/reviews-v2'})).toMatch(/^403 denied by DENY bookinfo\/ratings-deny-admin/);
    const narrowed = lab(id).code.replace('- /ratings/*', '- /ratings/admin/*');
    const answer = simulateLabRequest(narrowed, contextOf('patterns-istio'), {method: 'GET', host: 'ratings:9080', path: '/ratings/0', headers: {}, from: 'bookinfo/reviews-v2'});
    if (answer.kind !== 'decision') throw new Error(answer.message);
    expect(istioAnswers(answer.decision)[0]!.summary).toBe('allowed by ALLOW bookinfo/ratings-viewer rules[0]');
  });

  it('dry-run: curl is allowed, and the dry-run policy would have denied it', () => {
    const {decision} = ask('pattern-reviews-dry-run', 'GET http://reviews:9080/reviews/0', {from: 'bookinfo/curl'});
    expect(decision.status).toBe(200);
    expect(JSON.stringify(istioAnswers(decision)[0])).toMatch(/would have denied/);
  });

  it('JWT: no token 403, a reader of auth.example.com allowed, another issuer 401', () => {
    const id = 'pattern-productpage-jwt';
    const request = 'GET http://productpage:9080/productpage';
    expect(ask(id, request, {from: 'bookinfo/curl'}).decision.status).toBe(403);
    expect(ask(id, request, {from: 'bookinfo/curl', jwtClaims: '{"iss": "https://auth.example.com", "sub": "alice", "groups": ["readers"]}'}).decision.status).toBe(200);
    expect(ask(id, request, {from: 'bookinfo/curl', jwtClaims: '{"iss": "https://evil.example.com", "sub": "alice", "groups": ["readers"]}'}).decision.status).toBe(401);
    expect(ask(id, request, {from: 'bookinfo/curl', jwtClaims: '{"iss": "https://auth.example.com", "sub": "bob", "groups": ["writers"]}'}).decision.status).toBe(403);
  });

  it('Linkerd per-route authorization: productpage GET allowed, another client 403, a POST 404', () => {
    const id = 'pattern-linkerd-reviews-route-authorization';
    expect(ask(id, 'GET http://reviews:9080/reviews/0', {from: 'bookinfo/productpage-v1'}).decision.status).toBe(200);
    expect(ask(id, 'GET http://reviews:9080/reviews/0', {from: 'bookinfo/reviews-v2'}).decision.status).toBe(403);
    expect(ask(id, 'POST http://reviews:9080/reviews/0', {from: 'bookinfo/productpage-v1'}).decision.status).toBe(404);
  });
});

describe('the Gateway API lab on the Istio traffic page', () => {
  const block = yamlBlocks('docs/istio/traffic-management.mdx').find((b) => b.meta.get('id') === 'reviews-httproute')!;
  const send = (headers: Record<string, string>) => {
    const answer = simulateLabRequest(block.code, contextOf('patterns-istio'), {method: 'GET', host: 'reviews:9080', path: '/reviews/0', headers, from: 'bookinfo/productpage-v1'});
    if (answer.kind !== 'decision') throw new Error(answer.message);
    return answer.decision.summary;
  };

  it('is an HTTPRoute lab in the patterns-istio cluster, valid without a warning', () => {
    expect(block.meta.get('lab')).toBe('patterns-istio');
    const findings = validateYaml(block.code, {context: contextOf('patterns-istio')}).diagnostics.filter((d) => d.severity !== 'info');
    expect(findings).toEqual([]);
  });

  it('routes jason to reviews-v2 and everyone else evenly to v1 and v3, as the VirtualService above does', () => {
    expect(send({'end-user': 'jason'})).toMatch(/^reviews-v2\.bookinfo/);
    expect(send({})).toMatch(/50% → reviews-v1\.bookinfo.*50% → reviews-v3\.bookinfo/);
  });
});
