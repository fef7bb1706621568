/**
 * The Gateway API's own example checks (kubernetes-sigs/gateway-api v1.5.1,
 * hack/test-crds-validation.sh), judged as that script judges them, for each channel:
 * - standard: with the standard CRDs installed, every manifest of examples/standard applies,
 *   and every one of hack/invalid-examples/standard is refused as invalid;
 * - experimental: with the experimental CRDs installed, the same, plus
 *   hack/invalid-examples/experimental refused (the script skips those in the standard channel).
 * The script counts a refusal only when kubectl says "is invalid", "missing required field",
 * "denied the request" or "Invalid value": a strict-decoding "unknown field" error does not count,
 * so neither does an engine error that is only an unknown field.
 *
 * The standard channel is the engine's own catalog (validateYaml, as users get it). The
 * experimental channel is judged here against experimental-install.yaml's CRDs, compiled by
 * the project's importer and compiler code and run through the engine's validation steps.
 */
import {execFileSync} from 'node:child_process';
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join, relative} from 'node:path';
import {loadAll} from 'js-yaml';
import {afterAll, describe, expect, it} from 'vitest';
import {collectFormats, createAjv} from '../../../scripts/schemas/create-ajv';
import {servedVersionSchemas} from '../../../scripts/schemas/crd-to-schema';
import {validateYaml} from '../../../src/engine/index';
import type {GeneratedValidator} from '../../../src/engine/schema/ajv-error';
import {validateAgainst, type SchemaTarget} from '../../../src/engine/schema/index';
import type {SchemaNode} from '../../../src/engine/schema/schema-node';
import {sharedFile} from '../../support/shared';

// Each piece located on its own, so that CI fails on a missing one instead of reading an empty suite.
const pieces = [
  sharedFile('reference/gateway-api-v1.5.1/examples/standard', 'the Gateway API v1.5.1 examples that must be accepted'),
  sharedFile('reference/gateway-api-v1.5.1/invalid-examples/standard', 'the Gateway API v1.5.1 invalid examples (standard channel)'),
  sharedFile('reference/gateway-api-v1.5.1/invalid-examples/experimental', 'the Gateway API v1.5.1 invalid examples (experimental channel)'),
  sharedFile('reference/gateway-api-v1.5.1/experimental-install.yaml', 'the Gateway API v1.5.1 experimental CRDs'),
];
const reference = {available: pieces.every((piece) => piece.available)};
const root = sharedFile('reference/gateway-api-v1.5.1', 'the Gateway API v1.5.1 reference').path;

function yamlFiles(dir: string): string[] {
  if (!reference.available) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return name.endsWith('.yaml') ? [path] : [];
  }).sort();
}

const examples = yamlFiles(join(root, 'examples/standard'));
const invalidStandard = yamlFiles(join(root, 'invalid-examples/standard'));
const invalidExperimental = yamlFiles(join(root, 'invalid-examples/experimental'));
const name = (path: string) => relative(root, path);

/** What the script's grep would accept as "refused as invalid": any error but a lone unknown field. */
const REFUSAL = (code: string) => code !== 'unknown-field';

/** The experimental channel's schemas, by group/version/kind, compiled in-process. */
function experimentalChannel(): Map<string, SchemaTarget> {
  const served = servedVersionSchemas(loadAll(readFileSync(join(root, 'experimental-install.yaml'), 'utf8')));
  const ajv = createAjv(collectFormats(served.map((entry) => entry.schema), new Set()), {standalone: false});
  return new Map(served.map((entry) => [`${entry.group}/${entry.version}/${entry.kind}`, {
    schema: entry.schema as SchemaNode,
    validate: ajv.compile(entry.schema) as unknown as GeneratedValidator,
    statusSubresource: entry.statusSubresource,
    deprecationWarning: entry.deprecationWarning,
  }]));
}

/** Each document's errors (codes), judged against the experimental CRDs; other kinds (a Service) pass. */
function experimentalErrors(channel: Map<string, SchemaTarget>, file: string): string[] {
  return loadAll(readFileSync(file, 'utf8')).flatMap((document) => {
    const resource = document as {apiVersion?: string; kind?: string} | null;
    const target = resource?.apiVersion && channel.get(`${resource.apiVersion}/${resource.kind}`);
    if (!target) return [];
    return validateAgainst(target, resource).filter((issue) => issue.severity === 'error').map((issue) => `${issue.code}: ${issue.message}`);
  });
}

const score = {passed: 0, total: 0};
function record(passed: boolean): void {
  score.total++;
  if (passed) score.passed++;
}

afterAll(() => {
  if (reference.available) console.log(`Gateway API v1.5.1 examples: ${score.passed}/${score.total} verdicts as upstream's (standard and experimental channels)`);
});

describe.skipIf(!reference.available)('Gateway API v1.5.1 examples, standard channel (the engine)', () => {
  it('finds the suite', () => {
    expect(examples.length).toBeGreaterThan(60);
    expect(invalidStandard.length).toBeGreaterThan(30);
    expect(invalidExperimental.length).toBeGreaterThan(0);
  });

  it.each(examples.map((file) => [name(file), file]))('accepts %s with no error', (_name, file) => {
    const errors = validateYaml(readFileSync(file, 'utf8')).diagnostics.filter((d) => d.severity === 'error');
    record(errors.length === 0);
    expect(errors.map((d) => `${d.code}: ${d.message}`)).toEqual([]);
  });

  it.each(invalidStandard.map((file) => [name(file), file]))('refuses %s as invalid', (_name, file) => {
    const errors = validateYaml(readFileSync(file, 'utf8')).diagnostics.filter((d) => d.severity === 'error' && REFUSAL(d.code));
    record(errors.length > 0);
    expect(errors.length).toBeGreaterThan(0);
  });
});

describe.skipIf(!reference.available)('Gateway API v1.5.1 examples, experimental channel (its CRDs)', () => {
  const channel = reference.available ? experimentalChannel() : new Map<string, SchemaTarget>();

  it.each(examples.map((file) => [name(file), file]))('accepts %s with no error', (_name, file) => {
    const errors = experimentalErrors(channel, file);
    record(errors.length === 0);
    expect(errors).toEqual([]);
  });

  it.each([...invalidStandard, ...invalidExperimental].map((file) => [name(file), file]))('refuses %s as invalid', (_name, file) => {
    const errors = experimentalErrors(channel, file).filter((error) => REFUSAL(error.split(':')[0]!));
    record(errors.length > 0);
    expect(errors.length).toBeGreaterThan(0);
  });
});
