/**
 * No import cycles through the command line or the simulator (issue 11: the simulator's command
 * and the CLI's entry imported each other). The graph is read from the sources: static imports,
 * re-exports and dynamic import() of relative paths, type-only imports included.
 */
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import {dirname, join, relative, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

function resolveImport(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  return [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')].find((path) => existsSync(path) && statSync(path).isFile());
}

/** Each module's imports, for every module reachable from `starts`. */
function importGraph(starts: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const pending = [...starts];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (graph.has(file)) continue;
    const imports = [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => resolveImport(file, m[1]!)).filter((path): path is string => path !== undefined);
    graph.set(file, imports);
    pending.push(...imports);
  }
  return graph;
}

/** The strongly connected components with more than one module, or a module importing itself (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || graph.get(node)!.includes(node)) found.push(component.map((path) => relative(root, path)).sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe('imports', () => {
  const starts = [...sourceFiles(join(root, 'src/cli')), ...sourceFiles(join(root, 'src/simulator'))];
  const graph = importGraph(starts);

  it('are read from the sources (the dispatcher reaches every command)', () => {
    const main = graph.get(join(root, 'src/cli/main.ts'))!.map((path) => relative(root, path));
    expect(main).toEqual(expect.arrayContaining(['src/cli/commands/validate.ts', 'src/cli/commands/analyze.ts', 'src/cli/commands/route.ts', 'src/cli/commands/record.ts']));
  });

  it('are searched for cycles by a search that finds one (a → b → a, and a module importing itself)', () => {
    const [a, b, c] = ['a.ts', 'b.ts', 'c.ts'].map((name) => join(root, name));
    expect(cycles(new Map([[a!, [b!]], [b!, [a!, c!]], [c!, [c!]]]))).toEqual([['c.ts'], ['a.ts', 'b.ts']]);
  });

  it('form no cycle through the CLI or the simulator', () => {
    const throughOurs = cycles(graph).filter((component) => component.some((path) => path.startsWith('src/cli/') || path.startsWith('src/simulator/')));
    expect(throughOurs).toEqual([]);
  });

  it('never lead from the simulator into the CLI (the simulator is pure code)', () => {
    const simulatorToCli = [...graph].filter(([from]) => relative(root, from).startsWith('src/simulator/'))
      .flatMap(([from, imports]) => imports.filter((to) => relative(root, to).startsWith('src/cli/')).map((to) => `${relative(root, from)} → ${relative(root, to)}`));
    expect(simulatorToCli).toEqual([]);
  });
});
