/**
 * `--context PATH` for `meshdive validate` and `meshdive route`: the cluster a run is judged
 * against. PATH is a directory of YAML files, one YAML file, or a lab context file
 * (labs/contexts/NAME.yaml, whose `resources:` list holds the cluster's objects).
 * A context that cannot be read as resources is a usage problem (exit 2), never skipped:
 * a silently dropped Service would turn into "host not found" findings on valid input.
 */
import {isRecord} from '../engine/findings';
import {parseYaml} from '../engine/yaml/index';
import {IoError, listYamlFiles, readInput} from './io';

export async function loadContext(path: string, maxBytes: number): Promise<unknown[]> {
  const files = /\.(ya?ml|json)$/i.test(path) ? [path] : await listYamlFiles(path);
  const resources: unknown[] = [];
  for (const file of files) {
    const parsed = parseYaml(await readInput(file), {maxBytes});
    const problem = [...parsed.problems, ...parsed.documents.flatMap((d) => d.problems)][0];
    if (problem) {
      const {line, column} = parsed.lines.position(problem.start);
      throw new IoError(`context file ${file}:${line}:${column}: ${problem.message}`);
    }
    for (const document of parsed.documents) {
      const {value} = document;
      if (value === null || value === undefined) continue;
      if (isRecord(value) && value.apiVersion === undefined && Array.isArray(value.resources)) {
        resources.push(...value.resources);
      } else if (isRecord(value) && typeof value.apiVersion === 'string' && typeof value.kind === 'string') {
        resources.push(value);
      } else {
        const {line, column} = parsed.lines.position(document.start);
        throw new IoError(`context file ${file}:${line}:${column}: document ${document.index + 1} is neither a Kubernetes object (apiVersion and kind) nor a lab context (a resources: list)`);
      }
    }
  }
  return resources;
}
