import {describe, expect, it} from 'vitest';
import {firstHost} from '../../src/components/YamlLab/first-host';

describe('the request panel\'s default host', () => {
  it('is the first host of a block list, quoted or not, blank lines allowed', () => {
    expect(firstHost('kind: VirtualService\nspec:\n  hosts:\n  - ratings\n  - reviews\n')).toBe('ratings');
    expect(firstHost('spec:\n  hosts:\n\n    - "productpage.default.svc.cluster.local" # the page\n')).toBe('productpage.default.svc.cluster.local');
  });

  it('is the first host of a flow list', () => {
    expect(firstHost('spec:\n  hosts: [ \'details\', reviews]\n')).toBe('details');
  });

  it('falls back to reviews when the text names no host', () => {
    expect(firstHost('kind: VirtualService\nspec:\n  http: []\n')).toBe('reviews');
    expect(firstHost('spec:\n  hosts:\n  http: []\n')).toBe('reviews');
  });

  it('reads a large blank text in linear time (a shared or saved edit is any text)', () => {
    // 400 KB of blank lines took minutes with a multiline regex that backtracked over them.
    const started = performance.now();
    expect(firstHost(' \n'.repeat(200_000))).toBe('reviews');
    expect(firstHost(`hosts:${' \n'.repeat(200_000)}`)).toBe('reviews');
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
