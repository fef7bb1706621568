import {describe, expect, it} from 'vitest';
import {validateYaml} from '../../src/engine/index';
import {diagnose, problems, yaml} from './helpers';

describe('validateYaml: the whole pipeline', () => {
  it('reports `exact: yes` as a type error at the value', () => {
    const text = yaml`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - match:
    - uri:
        exact: yes
    route:
    - destination: {host: reviews}
`;
    expect(problems(text)).toEqual([expect.objectContaining({
      at: '10:16', end: '10:19', severity: 'error', code: 'type', path: '/spec/http/0/match/0/uri/exact', document: 0,
    })]);
  });

  it('numbers documents and sorts diagnostics by document, line and column', () => {
    const text = yaml`
apiVersion: v1
kind: Service
metadata:
  name: Bad
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
spec:
  servers: []
---
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  extra: 1
`;
    const found = problems(text);
    expect(found.map((d) => [d.document, d.at, d.code])).toEqual([
      [0, '4:9', 'invalid-metadata'],
      [1, '11:3', 'istio-validation'],
      [2, '17:3', 'unknown-metadata-field'],
    ]);
  });

  it('accepts Kubernetes built-in kinds as context without schema errors', () => {
    const text = yaml`
apiVersion: apps/v1
kind: Deployment
metadata:
  name: reviews-v1
spec:
  whatever: [1, 2]
---
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {istio-injection: enabled}
`;
    const result = validateYaml(text);
    expect(result.diagnostics).toEqual([]);
    expect(result.documents.map((d) => [d.index, d.kind, d.name, d.namespace])).toEqual([[0, 'Deployment', 'reviews-v1', 'default'], [1, 'Namespace', 'shop', 'default']]);
  });

  it('leaves out the document summaries on request, with the same diagnostics', () => {
    const text = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: r}\nspec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews, subset: v9}\n---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: r}\nspec:\n  host: reviews\n  subsets: [{name: v1, labels: {version: v1}}]\n';
    const full = validateYaml(text);
    const lean = validateYaml(text, {documents: false});
    expect(full.documents).toHaveLength(2);
    expect(lean.documents).toEqual([]);
    expect(full.diagnostics.map((d) => d.code)).toContain('IST0101');
    expect(lean.diagnostics).toEqual(full.diagnostics);
  });

  it('names the known kinds for a misspelled Istio kind', () => {
    const [found] = problems('apiVersion: networking.istio.io/v1\nkind: VirtualSevice\nmetadata: {name: x}\n');
    expect(found).toMatchObject({at: '2:7', end: '2:20', code: 'unknown-istio-kind'});
    expect(found!.message).toMatch(/^no matches for kind "VirtualSevice" in version "networking\.istio\.io\/v1" \(did you mean "VirtualService"\?\); known kinds in networking\.istio\.io: DestinationRule, /);
  });

  it('says which apiVersion serves a kind asked for in the wrong version', () => {
    const [found] = problems('apiVersion: security.istio.io/v1alpha9\nkind: PeerAuthentication\nmetadata: {name: x}\n');
    expect(found).toMatchObject({at: '1:13', code: 'unknown-istio-kind', message: expect.stringMatching(/PeerAuthentication is served as security\.istio\.io\/v1/)});
  });

  it('requires apiVersion and kind', () => {
    expect(problems('metadata: {name: x}\n').map((d) => d.code)).toEqual(['missing-api-version', 'missing-kind']);
  });

  it('rejects documents that are not mappings', () => {
    expect(problems('- apiVersion: v1\n---\njust text\n---\n42\n').map((d) => [d.document, d.at, d.message.slice(0, 30)])).toEqual([
      [0, '1:1', 'document is a list, not a Kube'],
      [1, '3:1', 'document is a string, not a Ku'],
      [2, '5:1', 'document is a number, not a Ku'],
    ]);
  });

  it('skips empty documents silently, as kubectl does', () => {
    expect(diagnose('---\n# only a comment\n---\n')).toEqual([]);
  });

  it('reports a duplicate key at the second key as an error', () => {
    const found = problems('apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  name: b\n');
    expect(found).toEqual([expect.objectContaining({at: '5:3', end: '5:7', code: 'yaml-duplicate-key', severity: 'error'})]);
  });

  it('keeps going after a syntax error in one document', () => {
    const found = problems('apiVersion: v1\nkind: Service\nmetadata: {name: Bad}\n---\nkey: [\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: Bad}\n');
    expect(found.map((d) => [d.document, d.code])).toEqual([[0, 'invalid-metadata'], [1, 'yaml-unclosed-bracket'], [2, 'invalid-metadata']]);
  });

  it('enforces the size limit and reports binary data', () => {
    expect(problems('a: 1\n'.repeat(1000), {maxBytes: 1024})[0]).toMatchObject({code: 'input-too-large', at: '1:1'});
    expect(problems('\u0089PNG\r\n\u001a\n\u0000\u0000')[0]).toMatchObject({code: 'input-not-text'});
  });

  // Not a speed test (bench:validate measures speed): the bound only catches an expansion that would hang.
  it('survives an alias bomb without hanging', () => {
    let text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 30; i++) text += `  a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    const started = performance.now();
    const found = problems(text);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(found).toEqual([expect.objectContaining({code: 'yaml-excessive-aliasing', at: '1:1'})]);
  });
});

describe('order of checks', () => {
  it('runs the istiod webhook rules only on resources the API server would accept', () => {
    const text = yaml`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: Reviews
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews}
      weight: -1
`;
    expect(diagnose(text).map((d) => [d.at, d.severity, d.code])).toEqual([
      ['1:1', 'info', 'istio-rules-skipped'],
      ['4:9', 'error', 'invalid-metadata'],
    ]);
    expect(problems(text.replace('Reviews', 'reviews')).map((d) => d.message)).toEqual(['weight -1 < 0']);
  });
});

describe('kind: List', () => {
  it('checks each item as a resource, with positions inside the list', () => {
    const text = yaml`
apiVersion: v1
kind: List
items:
- apiVersion: networking.istio.io/v1
  kind: DestinationRule
  metadata: {name: reviews}
  spec:
    host: reviews
    subsets: [{name: v1, labels: {version: v1}}]
- apiVersion: networking.istio.io/v1
  kind: VirtualService
  metadata: {name: Reviews}
  spec:
    hosts: [reviews]
    http:
    - route:
      - destination: {host: reviews, subset: v2}
`;
    expect(problems(text).map((d) => [d.at, d.code, d.path])).toEqual([
      ['12:20', 'invalid-metadata', '/items/1/metadata/name'],
      ['17:46', 'IST0101', '/items/1/spec/http/0/route/0/destination/subset'],
    ]);
  });
});

describe('built-in kinds', () => {
  it('rejects misspelled built-in kinds and removed versions like kubectl', () => {
    expect(problems('apiVersion: v1\nkind: Servce\nmetadata: {name: x}\n')[0]).toMatchObject({
      at: '2:7', code: 'unknown-kind', message: 'no matches for kind "Servce" in version "v1" (did you mean "Service"?)',
    });
    expect(problems('apiVersion: apps/v1beta1\nkind: Deployment\nmetadata: {name: x}\n')[0]).toMatchObject({
      at: '1:13', message: 'no matches for kind "Deployment" in version "apps/v1beta1": Deployment is served as apps/v1',
    });
  });

  it('passes other API groups through with a note', () => {
    expect(diagnose('apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: x}\n')).toEqual([
      expect.objectContaining({severity: 'info', code: 'unknown-kind'}),
    ]);
  });
});

describe('closed world', () => {
  it('reports unresolved references without a context when asked to, as istioctl analyze offline does', () => {
    const text = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: r}\nspec:\n  hosts: [r.example.com]\n  gateways: [shop-gateway]\n  http:\n  - route:\n    - destination: {host: reviews, subset: v1}\n';
    expect(problems(text)).toEqual([]);
    expect(problems(text, {closedWorld: true}).map((d) => d.message)).toEqual([
      'Referenced gateway not found: "shop-gateway"',
      'one or more host [r.example.com] defined in VirtualService default/r not found in Gateway default/shop-gateway.',
      'Referenced host not found: "reviews"',
      'Referenced host+subset in destinationrule not found: "reviews+v1"',
    ]);
  });
});

describe('valid manifests from the Istio documentation', () => {
  it('produce no errors or warnings', async () => {
    const {readFileSync, readdirSync} = await import('node:fs');
    const dir = new URL('../fixtures/valid/', import.meta.url);
    const files = readdirSync(dir);
    expect(files, 'fixtures/valid/ is empty: this test would prove nothing').toContain('bookinfo.yaml');
    for (const file of files) {
      const found = problems(readFileSync(new URL(file, dir), 'utf8'));
      // The docs' reviews-lua EnvoyFilter inserts relative to the router without a priority:
      // istioctl analyze warns IST0151 on exactly that (its own test data has the case).
      const relativeWithoutPriority = found.filter((problem) => problem.code === 'IST0151');
      expect(relativeWithoutPriority.length, file).toBe(file === 'bookinfo.yaml' ? 1 : 0);
      expect(found.filter((problem) => problem.code !== 'IST0151'), file).toEqual([]);
    }
  });
});
