/**
 * npm run schemas:import -- <crd file> [output dir]
 *
 * Writes one JSON Schema per served group/version/kind to
 * schemas/<group>/<version>/<kind lowercased>.json and the list of them to schemas/index.json.
 * Output is deterministic so the regenerated files diff cleanly.
 */
import {mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {dirname, join, relative, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {loadAll} from 'js-yaml';
import {servedVersionSchemas, stableJson} from './crd-to-schema';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Files in the output directory that the importer does not own and must never delete. */
const HAND_WRITTEN = new Set(['field-help.json', 'README.md']);

function main(argv: string[]): void {
  const [crdFile, outDirArg] = argv;
  if (!crdFile) {
    console.error('usage: npm run schemas:import -- <crd file> [output dir]');
    process.exit(2);
  }
  const outDir = resolve(outDirArg ?? join(projectRoot, 'schemas'));
  const documents = loadAll(readFileSync(crdFile, 'utf8'));
  const served = servedVersionSchemas(documents);
  if (served.length === 0) throw new Error(`${crdFile}: no served CustomResourceDefinition versions found`);

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
