/**
 * The importer on the Gateway API's and Linkerd's CRDs (../shared): every served version of
 * each source in scripts/schemas/sources.ts in the committed schemas, each with all its CEL
 * rules and no description prose, and the API server's deprecation warnings.
 */
import {readFileSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {loadAll} from 'js-yaml';
import {describe, expect, it} from 'vitest';
import {compareKubeAwareVersions, servedVersionSchemas, stableJson} from '../../../scripts/schemas/crd-to-schema';
import {sharedFile} from '../../support/shared';

const root = resolve(__dirname, '../../..');
const standard = sharedFile('reference/gateway-api-v1.5.1/standard-install.yaml', 'the Gateway API v1.5.1 standard CRDs');
const experimental = sharedFile('reference/gateway-api-v1.5.1/experimental-install.yaml', 'the Gateway API v1.5.1 experimental CRDs');
const linkerd = sharedFile('reference/linkerd-2.20/crds.yaml', 'the Linkerd 2.20 CRDs');

const served = (file: string) => servedVersionSchemas(loadAll(readFileSync(file, 'utf8')));
const rulesIn = (node: unknown): number => {
  if (Array.isArray(node)) return node.reduce<number>((sum, child) => sum + rulesIn(child), 0);
  if (!node || typeof node !== 'object') return 0;
  return Object.entries(node).reduce((sum, [key, value]) => sum + (key === 'x-kubernetes-validations' ? (value as unknown[]).length : rulesIn(value)), 0);
};
const committed = (entry: {group: string; version: string; kind: string}) =>
  readFileSync(join(root, 'schemas', entry.group, entry.version, `${entry.kind.toLowerCase()}.json`), 'utf8');

describe('Kubernetes version order (the default deprecation warning names the newest)', () => {
  it('puts every GA version above every beta, and betas above alphas', () => {
    const sorted = ['v1alpha1', 'v11alpha2', 'v1beta1', 'v1', 'v2', 'v10beta3', 'foo1', 'v1beta2'].sort((a, b) => compareKubeAwareVersions(b, a));
    expect(sorted).toEqual(['v2', 'v1', 'v10beta3', 'v1beta2', 'v1beta1', 'v11alpha2', 'v1alpha1', 'foo1']);
  });
});

describe.skipIf(!standard.available || !experimental.available)('the Gateway API v1.5.1 CRDs', () => {
  it('are imported at every served version of the standard channel, byte for byte', () => {
    const versions = served(standard.path);
    expect(versions.map((v) => `${v.kind}/${v.version}`).sort()).toEqual([
      'BackendTLSPolicy/v1', 'GRPCRoute/v1', 'Gateway/v1', 'Gateway/v1beta1', 'GatewayClass/v1', 'GatewayClass/v1beta1',
      'HTTPRoute/v1', 'HTTPRoute/v1beta1', 'ListenerSet/v1', 'ReferenceGrant/v1', 'ReferenceGrant/v1beta1', 'TLSRoute/v1',
    ]);
    for (const entry of versions) expect(committed(entry), `${entry.kind}/${entry.version}`).toBe(stableJson(entry.schema));
  });

  it('carry all 89 CEL rules of HTTPRoute at each version, and no prose', () => {
    for (const entry of served(standard.path).filter((v) => v.kind === 'HTTPRoute')) {
      expect(rulesIn(JSON.parse(committed(entry)))).toBe(89);
      expect(committed(entry)).not.toContain('"description"');
    }
  });

  it('take only TCPRoute and TLSRoute v1alpha2 from the experimental channel, TLSRoute with its deprecation warning', () => {
    const index = JSON.parse(readFileSync(join(root, 'schemas/index.json'), 'utf8')) as {kinds: Array<{group: string; kind: string; version: string; deprecationWarning?: string}>};
    const alphas = index.kinds.filter((k) => k.group === 'gateway.networking.k8s.io' && k.version.includes('alpha'));
    expect(alphas.map((k) => `${k.kind}/${k.version}`)).toEqual(['TCPRoute/v1alpha2', 'TLSRoute/v1alpha2']);
    expect(alphas[1]!.deprecationWarning).toMatch(/TLSRoute/);
    for (const entry of served(experimental.path).filter((v) => v.kind === 'TCPRoute' || (v.kind === 'TLSRoute' && v.version === 'v1alpha2'))) {
      expect(committed(entry)).toBe(stableJson(entry.schema));
    }
  });
});

describe.skipIf(!linkerd.available)('the Linkerd 2.20 CRDs', () => {
  it('are imported at every served version, byte for byte, deprecated ones with their warning', () => {
    const versions = served(linkerd.path);
    expect(versions).toHaveLength(19);
    for (const entry of versions) expect(committed(entry), `${entry.kind}/${entry.version}`).toBe(stableJson(entry.schema));
    expect(versions.filter((v) => v.deprecated).map((v) => v.deprecationWarning)).toEqual([
      'policy.linkerd.io/v1alpha1 ServerAuthorization is deprecated; use policy.linkerd.io/v1beta1 ServerAuthorization',
      'policy.linkerd.io/v1alpha1 Server is deprecated; use policy.linkerd.io/v1beta1 Server',
      'policy.linkerd.io/v1beta1 Server is deprecated; use policy.linkerd.io/v1beta3 Server',
    ]);
  });
});
