/**
 * Every x-kubernetes-validations rule of every served Istio kind, at every location it
 * appears (362 occurrences): one document that satisfies it and one that violates it.
 * Driven by the committed schemas, so it runs without ../shared; importer.test.ts checks
 * that those schemas carry exactly the CRD's rules.
 */
import {describe, expect, it} from 'vitest';
import {schemas, catalog} from '../../../src/engine/generated/schema-data.mjs';
import {validateResource} from '../../../src/engine/schema/index';
import {FIXTURE_COUNT, documentWith, fixtureFor, ruleLocations} from './rule-fixtures';

const BLOCKING = new Set(['type', 'required', 'enum', 'max-length', 'max-items', 'max-properties']);

const cases = catalog.filter((entry) => entry.group.endsWith('istio.io')).flatMap((entry) =>
  ruleLocations(schemas[entry.schemaId]!).flatMap((location) =>
    location.node['x-kubernetes-validations']!.map((rule) => ({entry, location, rule})),
  ),
);

describe('Istio CEL rules', () => {
  it('covers all 362 rule occurrences of the 33 served kinds, with a fixture for each of the distinct rules', () => {
    expect(cases).toHaveLength(362);
    const distinct = new Set(cases.map(({rule}) => `${rule.message}\u0000${rule.rule}`));
    expect(distinct.size).toBe(37);
    expect(cases.filter(({rule}) => !fixtureFor(rule)).map(({rule}) => rule.rule)).toEqual([]);
    expect(FIXTURE_COUNT).toBe(36);
  });

  const named = cases.map((c) => {
    const where = c.location.steps.map((s) => (s.kind === 'property' ? s.name : s.kind === 'items' ? '[]' : '{}')).join('.');
    return [`${c.entry.kind} ${c.entry.version} ${where}: ${c.rule.message}`, c] as const;
  });

  it.each(named)('%s', (_name, {entry, location, rule}) => {
    const fixture = fixtureFor(rule)!;
    const envelope = {apiVersion: `${entry.group}/${entry.version}`, kind: entry.kind};
    const root = schemas[entry.schemaId]!;
    const matching = (value: unknown) => {
      const {doc, pointer} = documentWith(root, location, value, envelope);
      const issues = validateResource(envelope.apiVersion, envelope.kind, doc)!;
      // A blocking schema error would silently skip CEL and make the test meaningless.
      expect(issues.filter((issue) => BLOCKING.has(issue.code))).toEqual([]);
      return issues.filter((issue) => issue.code === 'cel' && issue.path === pointer && issue.message.endsWith(`: ${rule.message}`));
    };
    expect(matching(fixture.pass)).toEqual([]);
    const failures = matching(fixture.fail);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.severity).toBe('error');
  });
});
