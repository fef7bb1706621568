/**
 * istioctl analyze, injection/injection.go: a namespace's sidecar injection labels (IST0102, IST0123).
 */
import {describe, expect, it} from 'vitest';
import {findings} from '../support/findings';

const namespace = (labels: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: ${labels}\n`;

describe('the injection labels of a namespace', () => {
  it('warns about both istio-injection and istio.io/rev (IST0123)', () => {
    expect(findings(namespace('{istio-injection: enabled, istio.io/rev: canary}'))).toEqual([expect.objectContaining({
      severity: 'warning', code: 'IST0123',
      message: 'The namespace has more than one type of injection labels [istio-injection=enabled istio.io/rev=canary], which may lead to undefined behavior. Make sure only one injection label exists.',
    })]);
  });

  it('treats an empty istio-injection label as no label (IST0102)', () => {
    expect(findings(namespace('{istio-injection: ""}')).map((f) => f.code)).toEqual(['IST0102']);
  });

  it('says nothing for an injected or explicitly disabled namespace', () => {
    expect(findings(namespace('{istio-injection: enabled}'))).toEqual([]);
    expect(findings(namespace('{istio-injection: disabled}'))).toEqual([]);
    expect(findings(namespace('{istio.io/rev: canary}'))).toEqual([]);
  });
});
