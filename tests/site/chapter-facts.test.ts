/**
 * Sentences of the chapter that state upstream facts, held to those facts: Envoy's response
 * flags, the PeerAuthentication CRD's CEL rule, the API server's schema checks before istiod's
 * webhook, and what Bookinfo's productpage does when it calls reviews (samples/bookinfo at 1.30.3).
 */
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {validateYaml} from '../../src/engine/index';
import {sharedFile} from '../support/shared';

const page = (path: string): string => readFileSync(path, 'utf8');
/** The Markdown paragraph or list item holding `needle`. */
const passage = (text: string, needle: string): string => text.split(/\n(?=- |\n)/).find((part) => part.includes(needle)) ?? '';

describe('troubleshooting: response flags', () => {
  it('gives a plaintext request to a STRICT server UC (the server closes the connection it accepted), not UF', () => {
    const item = passage(page('docs/troubleshooting/traffic-not-routing.mdx'), '`mode: DISABLE`');
    expect(item).toMatch(/`503` with flag `UC`/);
    expect(item).not.toMatch(/`503` with flag `UF`/);
    expect(item).toContain('reset reason: connection termination');
  });

  it('lists UC beside UF in the access log flags', () => {
    expect(passage(page('docs/troubleshooting/index.mdx'), "**4. Envoy's access log**")).toMatch(/`UC` \(upstream connection termination/);
  });
});

describe('security: portLevelMtls without a selector', () => {
  const crd = sharedFile('reference/istio-1.30.3/crd-all.gen.yaml', "Istio 1.30.3's CRDs");

  it('is refused at admission by the CRD rule the page quotes', () => {
    const text = passage(page('docs/istio/security.mdx'), '`portLevelMtls` sets a different mode');
    expect(text).toMatch(/refuses one without at admission \(`portLevelMtls requires selector`\)/);
    expect(text).not.toMatch(/only take effect/);
    const {diagnostics} = validateYaml('apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: legacy\nspec:\n  portLevelMtls:\n    9090:\n      mode: DISABLE\n');
    expect(diagnostics.map((d) => d.message).join('\n')).toContain('portLevelMtls requires selector');
  });

  it.skipIf(!crd.available)('quotes the message of the CEL rule in Istio 1.30.3\'s CRD', () => {
    expect(readFileSync(crd.path, 'utf8')).toContain('- message: portLevelMtls requires selector\n');
  });
});

describe('architecture: who rejects an invalid Istio resource', () => {
  it('credits the API server\'s CRD schema with the misspelled field and the mTLS mode, the webhook with what a schema cannot express', () => {
    const item = passage(page('docs/architecture.mdx'), '**Validation webhook.**');
    const schema = item.indexOf('CustomResourceDefinition');
    expect(schema).toBeGreaterThan(-1);
    expect(item.indexOf('misspelled field')).toBeGreaterThan(schema);
    expect(item.indexOf('mTLS mode')).toBeLessThan(item.indexOf("istiod's validating admission webhook"));
    expect(item).not.toMatch(/serves a validating admission webhook, so `kubectl apply` rejects an Istio resource with an invalid schema/);
  });
});

describe('exercise: reviews timeout and retries', () => {
  it('says productpage gives reviews a 3 s timeout and one retry (productpage.py getProductReviews), not unbounded waiting', () => {
    const task = page('labs/exercises/reviews-timeout-retries.yaml');
    expect(task).not.toContain('as long as it takes');
    expect(task).toMatch(/3-second timeout and tries once more/);
  });
});
