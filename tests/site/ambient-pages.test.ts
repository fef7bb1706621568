/**
 * The ambient pages (docs/istio/ambient.mdx, ambient-operations.mdx, troubleshooting/waypoint-not-used.mdx):
 * where they sit in the book, that their labs are valid in their cluster, and that what their sentences
 * say about a command's output is what the recorded sessions (composed from their cluster models) print.
 */
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {validateYaml} from '../../src/engine/index';
import {parseMeta} from '../../src/labs/code-block-meta';
import {parseYaml} from '../../src/engine/yaml/index';
import {ScenarioSession} from '../../src/terminal/session';
import {loadSession} from '../terminal/scenarios';

const PAGES = {
  ambient: 'docs/istio/ambient.mdx',
  operations: 'docs/istio/ambient-operations.mdx',
  troubleshooting: 'docs/troubleshooting/waypoint-not-used.mdx',
} as const;
const text = (path: string): string => readFileSync(path, 'utf8');
const frontMatter = (path: string): Record<string, unknown> => parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(text(path))![1]!).documents[0]!.value as Record<string, unknown>;

/** The fenced YAML blocks of a page, with their meta. */
function yamlBlocks(path: string): Array<{meta: string; code: string}> {
  return [...text(path).matchAll(/^```yaml([^\n]*)\n([\s\S]*?)^```/gm)].map((m) => ({meta: m[1]!.trim(), code: m[2]!}));
}

/** What a session prints for a command in a state, replayed through the session from its first state. */
function replay(name: string, commands: string[]): string[] {
  const session = new ScenarioSession(loadSession(name).scenario);
  return commands.map((command) => {
    const reply = session.run(command);
    if (reply.kind !== 'output') throw new Error(`${name}: ${command}: ${JSON.stringify(reply)}`);
    return reply.text;
  });
}

describe('the ambient pages in the book', () => {
  it('sit in the Istio part after Security, and in Troubleshooting after Traffic Not Routing', () => {
    expect(frontMatter(PAGES.ambient)).toMatchObject({title: 'Ambient Mode', sidebar_position: 5});
    expect(frontMatter(PAGES.operations)).toMatchObject({title: 'Ambient in Practice', sidebar_position: 6});
    expect(frontMatter(PAGES.troubleshooting)).toMatchObject({title: 'Waypoint Not Used', sidebar_position: 4});
    expect(frontMatter('docs/istio/security.mdx').sidebar_position).toBe(4);
    expect(frontMatter('docs/troubleshooting/traffic-not-routing.mdx').sidebar_position).toBe(3);
    for (const path of Object.values(PAGES)) expect(String(frontMatter(path).description).length, path).toBeGreaterThan(80);
  });

  it('draws the sidecar path beside the ambient path', () => {
    const diagrams = [...text(PAGES.ambient).matchAll(/^```mermaid\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
    expect(diagrams).toHaveLength(2);
    expect(diagrams[0]).toContain('sidecar');
    expect(diagrams[1]).toMatch(/ztunnel[\s\S]*waypoint[\s\S]*15008/);
  });
});

describe('the labs of Ambient in Practice', () => {
  const context = (parseYaml(text('labs/contexts/ambient-pages.yaml')).documents[0]!.value as {resources: unknown[]}).resources as never;
  const blocks = yamlBlocks(PAGES.operations);

  it('are the HTTPRoute canary, the Gateway API ingress and both policies, in the ambient-pages cluster', () => {
    const labs = blocks.filter((b) => parseMeta(b.meta).get('lab') === 'ambient-pages');
    expect(labs.map((b) => parseMeta(b.meta).get('id'))).toEqual(['ambient-reviews-httproute', 'ambient-ingress', 'ambient-l4-policy', 'ambient-l7-policy']);
    for (const lab of labs) {
      const errors = validateYaml(lab.code, {context}).diagnostics.filter((d) => d.severity === 'error');
      expect(errors.map((d) => `${d.code}: ${d.message}`), String(parseMeta(lab.meta).get('id'))).toEqual([]);
    }
  });

  it('shows the sidecar-era forms and strict.yaml as listings, valid Istio all the same', () => {
    const listings = blocks.filter((b) => parseMeta(b.meta).get('static') === true);
    expect(listings.length).toBe(4);
    expect(listings.filter((b) => /kind: PeerAuthentication\n[\s\S]*mode: STRICT/.test(b.code))).toHaveLength(1);
    for (const listing of listings) {
      const errors = validateYaml(listing.code).diagnostics.filter((d) => d.severity === 'error' && !/^IST/.test(d.code));
      expect(errors.map((d) => `${d.code}: ${d.message}`)).toEqual([]);
    }
  });
});

describe('what the pages say about the sessions\' output', () => {
  it('ambient-install: pods keep their READY 1/1 and ages across the label, and PROTOCOL turns from TCP to HBONE', () => {
    const [podsBefore, workloadsBefore, , podsAfter, workloadsAfter] = replay('ambient-install', [
      'istioctl install --set profile=ambient --skip-confirmation',
      'kubectl get pods', 'istioctl ztunnel-config workloads --workload-namespace default',
      'kubectl label namespace default istio.io/dataplane-mode=ambient',
      'kubectl get pods', 'istioctl ztunnel-config workloads --workload-namespace default',
    ]).slice(1);
    const names = (table: string): string[] => table.trim().split('\n').slice(1).map((row) => row.split(/ +/)[0]!);
    expect(names(podsAfter!)).toEqual(names(podsBefore!));
    expect(podsAfter).not.toMatch(/2\/2/);
    expect(workloadsBefore).toMatch(/ TCP\n/);
    expect(workloadsBefore).not.toContain('HBONE');
    // Every pod turns to HBONE; the one row that stays TCP is the API server's endpoint, which is no pod (and has no node).
    expect(workloadsAfter!.split('\n').filter((row) => / TCP$/.test(row))).toEqual([expect.stringMatching(/^default +kubernetes +172\.18\.0\.4 +None +TCP$/)]);
    expect(text(PAGES.operations)).toContain('before the label, each pod\'s PROTOCOL is `TCP`');
    expect(text(PAGES.operations)).toContain('One row is no pod: `kubernetes` in `default`, with no node and `TCP` even after the label');
  });

  it('ambient-install: after the waypoint, Services show it and workloads do not (traffic type service), and list says none', () => {
    const [, , , list, services, workloads] = replay('ambient-install', [
      'istioctl install --set profile=ambient --skip-confirmation',
      'kubectl label namespace default istio.io/dataplane-mode=ambient',
      'istioctl waypoint apply -n default --enroll-namespace --wait',
      'istioctl waypoint list',
      'istioctl ztunnel-config services --service-namespace default',
      'istioctl ztunnel-config workloads --workload-namespace default',
    ]);
    expect(list).toMatch(/^waypoint +default +none +True$/m);
    expect(services).toMatch(/^default +reviews +\S+ +waypoint +3\/3$/m);
    expect(workloads).toMatch(/^default +reviews-v1\S+ +\S+ +\S+ +None +HBONE$/m);
  });

  it('ambient-install: STRICT gives ztunnel one Deny policy in istio-system, attached to productpage by name, and changes no workload row', () => {
    const [before, , after, workload, workloads] = replay('ambient-install', [
      'istioctl install --set profile=ambient --skip-confirmation',
      'kubectl label namespace default istio.io/dataplane-mode=ambient',
      'istioctl waypoint apply -n default --enroll-namespace --wait',
      'istioctl ztunnel-config policies',
      'kubectl apply -f strict.yaml',
      'istioctl ztunnel-config policies',
      'istioctl ztunnel-config workloads productpage-v1-6c58956f7d-q9fkt.default -o yaml',
      'istioctl ztunnel-config workloads --workload-namespace default',
    ]).slice(3);
    expect(before).toBe('NAMESPACE POLICY NAME ACTION SCOPE\n');
    expect(after!.trim().split('\n').slice(1)).toEqual([expect.stringMatching(/^istio-system +istio_converted_static_strict +Deny +WorkloadSelector$/)]);
    expect(workload).toContain('authorizationPolicies:\n  - istio-system/istio_converted_static_strict\n');
    expect(workloads).toMatch(/^default +productpage-v1-6c58956f7d-q9fkt +\S+ +ambient-worker +None +HBONE$/m);
    const page = text(PAGES.operations);
    for (const claim of ['`istio_converted_static_strict` in `istio-system`', 'a `Deny` policy', 'Its SCOPE is `WorkloadSelector`', 'lists `istio-system/istio_converted_static_strict` under `authorizationPolicies`']) expect(page).toContain(claim);
  });

  it('waypoint-not-used: 200 before the fix, 403 after; reviews WAYPOINT None, then waypoint; IST0171 gone', () => {
    const curl = 'kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\\n" http://reviews:9080/reviews/1';
    const [before, analyzeBefore, servicesBefore, , servicesAfter, after, analyzeAfter] = replay('waypoint-not-used', [
      curl, 'istioctl analyze', 'istioctl ztunnel-config services --service-namespace default',
      'kubectl label namespace default istio.io/use-waypoint=waypoint',
      'istioctl ztunnel-config services --service-namespace default', curl, 'istioctl analyze',
    ]);
    expect([before, after]).toEqual(['200\n', '403\n']);
    expect(analyzeBefore).toContain('Warning [IST0171] (AuthorizationPolicy default/reviews-viewer)');
    expect(analyzeBefore).toContain('reason=AncestorNotBound, message=Service default/reviews is not bound to a waypoint');
    expect(text(PAGES.troubleshooting)).toContain('"Service default/reviews is not bound to a waypoint"');
    expect(servicesBefore).toMatch(/^default +reviews +\S+ +None /m);
    expect(servicesAfter).toMatch(/^default +reviews +\S+ +waypoint /m);
    expect(analyzeAfter).toContain('No validation issues found');
  });

  it('waypoint-not-used: a policy with targetRefs is not among ztunnel\'s policies, as the page says', () => {
    const [policies] = replay('waypoint-not-used', ['istioctl ztunnel-config policies']);
    expect(policies).toBe('NAMESPACE POLICY NAME ACTION SCOPE\n');
    expect(text(PAGES.troubleshooting)).toContain('A `targetRefs` policy is never listed there.');
  });
});
