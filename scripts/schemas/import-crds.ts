/**
 * npm run schemas:import                                    every source of sources.ts
 * npm run schemas:import -- <crd file>[=Kind/version,...]... [output dir]
 *
 * Writes one JSON Schema per served group/version/kind of the CRD files (narrowed to the
 * listed kinds and versions where a file is followed by `=`) to
 * schemas/<group>/<version>/<kind lowercased>.json and the list of them to schemas/index.json.
 * Output is deterministic so the regenerated files diff cleanly.
 */
import {mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {dirname, join, relative, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {loadAll} from 'js-yaml';
import {servedVersionSchemas, stableJson, type ServedVersionSchema} from './crd-to-schema';
import {CRD_SOURCES, type CrdSource} from './sources';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Files in the output directory that the importer does not own and must never delete. */
const HAND_WRITTEN = new Set(['field-help.json', 'README.md']);

const CRD_FILE = /\.ya?ml(?:=.*)?$/;

/** `file.yaml` or `file.yaml=Kind/version,Kind/version`. */
function parseSource(arg: string): CrdSource {
  const [file, only] = arg.split('=', 2) as [string, string | undefined];
  return only === undefined ? {file} : {file, only: only.split(',')};
}

function importSource(source: CrdSource, base: string): ServedVersionSchema[] {
  const path = resolve(base, source.file);
  const served = servedVersionSchemas(loadAll(readFileSync(path, 'utf8')));
  if (served.length === 0) throw new Error(`${source.file}: no served CustomResourceDefinition versions found`);
  if (!source.only) return served;
  const taken = served.filter((entry) => source.only!.includes(`${entry.kind}/${entry.version}`));
  const missing = source.only.filter((want) => !taken.some((entry) => `${entry.kind}/${entry.version}` === want));
  if (missing.length) throw new Error(`${source.file}: serves no ${missing.join(', ')}`);
  return taken;
}

function main(argv: string[]): void {
  const files = argv.filter((arg) => CRD_FILE.test(arg));
  const outDirArg = argv.find((arg) => !CRD_FILE.test(arg));
  const sources = files.length ? files.map(parseSource) : CRD_SOURCES;
  const outDir = resolve(outDirArg ?? join(projectRoot, 'schemas'));
  const served = sources.flatMap((source) => importSource(source, files.length ? process.cwd() : projectRoot));
  const seen = new Set<string>();
  for (const entry of served) {
    const key = `${entry.group}/${entry.version}/${entry.kind}`;
    if (seen.has(key)) throw new Error(`${key} is imported twice: narrow one source with =Kind/version`);
    seen.add(key);
  }

  removeGeneratedGroups(outDir);
  const kinds = served.map((entry) => {
    const file = `${entry.group}/${entry.version}/${entry.kind.toLowerCase()}.json`;
    const target = join(outDir, file);
    mkdirSync(dirname(target), {recursive: true});
    writeFileSync(target, stableJson(entry.schema));
    return {
      group: entry.group,
      version: entry.version,
      kind: entry.kind,
      plural: entry.plural,
      storage: entry.storage,
      deprecated: entry.deprecated,
      ...(entry.deprecationWarning ? {deprecationWarning: entry.deprecationWarning} : {}),
      statusSubresource: entry.statusSubresource,
      file,
    };
  });
  kinds.sort((a, b) => a.group.localeCompare(b.group) || a.kind.localeCompare(b.kind) || a.version.localeCompare(b.version));
  writeFileSync(join(outDir, 'index.json'), stableJson({kinds}));
  console.log(`wrote ${kinds.length} schemas and index.json to ${relative(process.cwd(), outDir) || '.'}`);
}

/** Group directories are fully owned by the importer: stale versions from an older CRD file go away. */
function removeGeneratedGroups(outDir: string): void {
  mkdirSync(outDir, {recursive: true});
  for (const name of readdirSync(outDir)) {
    if (HAND_WRITTEN.has(name)) continue;
    const path = join(outDir, name);
    if (statSync(path).isDirectory() && name.includes('.')) rmSync(path, {recursive: true});
  }
}

main(process.argv.slice(2));
