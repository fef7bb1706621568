import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {linkerdAnswers} from '../../src/simulator/linkerd/attach';
import {simulateLabRequest} from '../../src/simulator/lab-request';
import {labContext} from '../support/labs';

/** The Linkerd security page's authorization lab, as the book writes it. */
function authorizationLab(): string {
  const page = readFileSync('docs/linkerd/security.mdx', 'utf8');
  const block = /```yaml lab=linkerd-reviews id=linkerd-reviews-authorization\n([\s\S]*?)```/.exec(page);
  if (!block) throw new Error('docs/linkerd/security.mdx has no linkerd-reviews-authorization lab');
  return block[1]!;
}

const cluster = labContext('linkerd-reviews').resources;
const get = (from?: string) => ({method: 'GET', host: 'reviews', path: '/', headers: {}, from});

function verdicts(answer: ReturnType<typeof simulateLabRequest>): string[] {
  if (answer.kind !== 'decision') throw new Error(answer.message);
  return linkerdAnswers(answer.decision).map((authorization) => `${authorization.workload.name}=${authorization.verdict}`);
}

describe('a request sent from a Linkerd policy lab', () => {
  it('is allowed from the workload the AuthorizationPolicy names (productpage runs as bookinfo-productpage)', () => {
    expect(verdicts(simulateLabRequest(authorizationLab(), cluster, get('bookinfo/productpage-v1')))).toEqual([
      'reviews-v1=allowed',
      'reviews-v2=allowed',
      'reviews-v3=allowed',
    ]);
  });

  it('is refused with 403 from any other client, including a pod next to reviews with the default service account', () => {
    for (const from of ['bookinfo/reviews-v2', undefined]) {
      const answer = simulateLabRequest(authorizationLab(), cluster, get(from));
      expect(verdicts(answer)).toEqual(['reviews-v1=forbidden', 'reviews-v2=forbidden', 'reviews-v3=forbidden']);
      if (answer.kind === 'decision') expect(answer.decision.status).toBe(403);
    }
  });

  it('is refused when the policy names a MeshTLSAuthentication that does not exist, as the policy controller drops the policy', () => {
    const typo = authorizationLab().replace(/name: productpage\n(?![\s\S]*name: productpage\n)/, 'name: productpgae\n');
    expect(typo).toContain('productpgae');
    expect(verdicts(simulateLabRequest(typo, cluster, get('bookinfo/productpage-v1')))).toEqual([
      'reviews-v1=forbidden',
      'reviews-v2=forbidden',
      'reviews-v3=forbidden',
    ]);
  });

  it('says so when the From field names a workload the lab does not run', () => {
    expect(simulateLabRequest(authorizationLab(), cluster, get('bookinfo/productpage-v9'))).toMatchObject({kind: 'invalid', message: expect.stringContaining('no workload bookinfo/productpage-v9')});
  });
});
