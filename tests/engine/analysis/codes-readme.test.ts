/**
 * The engine README's table of analysis codes (src/engine/README.md, "Analysis codes") lists
 * exactly the codes the analysis reports: istioctl's messages that some module of the engine
 * reports (its name written as a literal, as `ctx.report(resource, 'Name', …)` writes it), and
 * every message of the project's table, each with its level and name as the tables give them.
 */
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {MESSAGE_TABLE} from '../../../src/engine/analysis/messages.generated';
import {PROJECT_MESSAGE_TABLE} from '../../../src/engine/analysis/messages.project';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const engine = join(root, 'src/engine');
const TABLES = new Set(['messages.generated.ts', 'messages.project.ts']);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') && !TABLES.has(name) ? [path] : [];
  });
}

/** Message names written as string literals anywhere in the engine but the tables themselves. */
function reportedNames(): Set<string> {
  const names = new Set<string>();
  for (const file of sources(engine)) for (const [, name] of readFileSync(file, 'utf8').matchAll(/'([A-Za-z]\w*)'/g)) names.add(name!);
  return names;
}

interface Row {
  code: string;
  level: string;
  name: string;
}

/** The rows of the table under "### Analysis codes": `| \`code\` | level | name | files |`. */
function readmeRows(): Row[] {
  const text = readFileSync(join(engine, 'README.md'), 'utf8');
  const section = text.split(/^### Analysis codes$/m)[1]?.split(/^#{1,3} /m)[0] ?? '';
  return [...section.matchAll(/^\| `([^`]+)` \| (\w+) \| (\w+) \|/gm)].map(([, code, level, name]) => ({code: code!, level: level!, name: name!}));
}

/** A row as its README line begins, so that a missing one reads as the line to add. */
const line = (row: Row) => `| \`${row.code}\` | ${row.level} | ${row.name} |`;

describe("the engine README's analysis codes", () => {
  const rows = readmeRows();

  it('has a table to read', () => {
    expect(rows.length).toBeGreaterThan(0);
  });

  it('lists every code an analyzer reports, and no other, with its level and message name', () => {
    const used = reportedNames();
    const expected: Row[] = [
      ...Object.entries(MESSAGE_TABLE).filter(([name]) => used.has(name)).map(([name, m]) => ({code: m.code, level: m.level, name})),
      ...Object.entries(PROJECT_MESSAGE_TABLE).map(([name, m]) => ({code: m.code, level: m.level, name})),
    ];
    // A line marked as expected but not received is missing from the README's table (then the files that report it).
    expect(rows.map(line).sort()).toEqual(expected.map(line).sort());
  });

  it('lists each code once', () => {
    expect(rows.length).toBe(new Set(rows.map((row) => row.code)).size);
  });
});
