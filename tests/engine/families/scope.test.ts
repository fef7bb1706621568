import {describe, expect, it} from 'vitest';
import {FAMILY_KINDS} from '../../../src/engine/families/catalog';
import {checkMetadata} from '../../../src/engine/metadata';

const listed = FAMILY_KINDS.flatMap((family) => family.kinds).filter((spec) => spec.plural !== '');

describe('a kind\'s scope in the families agrees with the metadata check', () => {
  it.each(listed.map((spec) => [`${spec.group || 'core'}/${spec.kind}`, spec] as const))('%s', (_, spec) => {
    const apiVersion = spec.group ? `${spec.group}/${spec.versions[0]}` : spec.versions[0]!;
    const findings = checkMetadata({apiVersion, kind: spec.kind, metadata: {name: 'x', namespace: 'team'}}, apiVersion, spec.kind);
    const dropsNamespace = findings.some((f) => f.message.includes('is cluster-scoped; the namespace is ignored'));
    expect(dropsNamespace).toBe(!spec.namespaced);
  });
});
