/**
 * `--context PATH` for `meshdive validate` and `meshdive route`: the cluster a run is judged
 * against. PATH is a directory of YAML files, one YAML file, or a lab context file
 * (labs/contexts/NAME.yaml, whose `resources:` list holds the cluster's objects).
 * A context that cannot be read as resources is a usage problem (exit 2), never skipped:
 * a silently dropped Service would turn into "host not found" findings on valid input. So is
 * a context with nothing in it (a directory without YAML files, an empty file): judged
 * against an empty cluster, every reference of valid input would be reported missing.
 */
import {isRecord} from '../engine/findings';
import {parseYaml} from '../engine/yaml/index';
import {IoError, listYamlFiles, readInput} from './io';
import {holdsNoObjects} from './no-objects';

export async function loadContext(path: string, maxBytes: number): Promise<unknown[]> {
  const files = /\.(ya?ml|json)$/i.test(path) ? [path] : await listYamlFiles(path);
  if (files.length === 0) throw new IoError(`--context ${path}: no .yaml, .yml or .json files in this directory (or its subdirectories)`);
  const resources: unknown[] = [];
  let contentFound = false;
  for (const file of files) {
    const text = await readInput(file, maxBytes);
    if (holdsNoObjects(text)) continue;
    contentFound = true;
    const parsed = parseYaml(text, {maxBytes});
    const problem = [...parsed.problems, ...parsed.documents.flatMap((d) => d.problems)][0];
    if (problem) {
      const {line, column} = parsed.lines.position(problem.start);
      throw new IoError(`context file ${file}:${line}:${column}: ${problem.message}`);
    }
    for (const document of parsed.documents) {
      const {value} = document;
      if (value === null || value === undefined) continue;
      if (isRecord(value) && value.apiVersion === undefined && Array.isArray(value.resources)) {
        // A loop, not push(...list): spreading a list of 100,000s of resources overflows the stack.
        for (const resource of value.resources) resources.push(resource);
      } else if (isRecord(value) && typeof value.apiVersion === 'string' && typeof value.kind === 'string') {
        resources.push(value);
      } else {
        const {line, column} = parsed.lines.position(document.start);
        throw new IoError(`context file ${file}:${line}:${column}: document ${document.index + 1} is neither a Kubernetes object (apiVersion and kind) nor a lab context (a resources: list)`);
      }
    }
  }
  if (!contentFound) throw new IoError(`--context ${path}: no objects: ${files.length === 1 ? 'the file is empty or holds' : 'its files are empty or hold'} only comments`);
  return resources;
}
