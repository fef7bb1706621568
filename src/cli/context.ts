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
import {parseYamlStream, type StreamedDocument} from '../engine/yaml/index';
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
    // Streamed: each document's tree and parse state can go as soon as its value is taken (a
    // context of 10,000 documents kept them all until the last was read, through the GC's copies).
    const parsed = parseYamlStream(text, {maxBytes});
    // A YAML problem anywhere in the file is reported before a document that is not an object.
    let problem = parsed.problems[0];
    let notAnObject: StreamedDocument | undefined;
    for (const document of parsed.documents) {
      if (problem) break;
      problem = document.problems[0];
      const {value} = document;
      if (notAnObject || problem || value === null || value === undefined) continue;
      if (isRecord(value) && value.apiVersion === undefined && Array.isArray(value.resources)) {
        // A loop, not push(...list): spreading a list of 100,000s of resources overflows the stack.
        for (const resource of value.resources) resources.push(resource);
      } else if (isRecord(value) && typeof value.apiVersion === 'string' && typeof value.kind === 'string') {
        resources.push(value);
      } else {
        notAnObject = document;
      }
    }
    if (problem) {
      const {line, column} = parsed.lines.position(problem.start);
      throw new IoError(`context file ${file}:${line}:${column}: ${problem.message}`);
    }
    if (notAnObject) {
      const {line, column} = parsed.lines.position(notAnObject.start);
      throw new IoError(`context file ${file}:${line}:${column}: document ${notAnObject.index + 1} is neither a Kubernetes object (apiVersion and kind) nor a lab context (a resources: list)`);
    }
  }
  if (!contentFound) throw new IoError(`--context ${path}: no objects: ${files.length === 1 ? 'the file is empty or holds' : 'its files are empty or hold'} only comments`);
  return resources;
}
