/**
 * `kubectl label` answered from the labels a recording shows, as kubectl 1.33 decides
 * (k8s.io/kubectl pkg/cmd/label/label.go):
 * - every KEY=VALUE asked is already set: the object is unchanged, kubectl prints
 *   `<kind>/<name> not labeled` and exits 0 (updateDataChangeMsg), --overwrite or not;
 * - without --overwrite, a KEY set to another VALUE is refused:
 *   `error: 'KEY' already has a value (CURRENT), and --overwrite is false` (validateNoOverwrites:
 *   `found && currValue != value`; the same value is no error).
 * A label that would change is not decided here: the cluster's next state is the recording's.
 */
import {readTable} from './table';

export interface LabelRequest {
  /** Canonical resource (`namespaces`) and the one object named. */
  type: string;
  name: string;
  labels: Record<string, string>;
  overwrite: boolean;
  /** The other flags (`--namespace=…`), which a `kubectl get` showing the labels must share. */
  scope: string[];
}

/** Flags of `kubectl label` that only change the scope, not the operation. */
const SCOPE_FLAG = /^--namespace=/;

/** `kubectl label TYPE NAME KEY=VALUE... [--overwrite]` in canonical form; undefined for anything else (removals, selectors, --all, --list, output flags). */
export function labelRequest(canonical: string): LabelRequest | undefined {
  const [program, verb, type, name, ...rest] = canonical.split(' ');
  if (program !== 'kubectl' || verb !== 'label' || type === undefined || name === undefined || type.includes('/') || name.includes('=') || name.startsWith('-')) return undefined;
  const labels: Record<string, string> = {};
  const scope: string[] = [];
  let overwrite = false;
  for (const word of rest) {
    if (word === '--overwrite=true' || word === '--overwrite=false') overwrite = word === '--overwrite=true';
    else if (SCOPE_FLAG.test(word)) scope.push(word);
    else if (/^[^=\s-][^=\s]*=[^=\s]*$/.test(word) && !(word.slice(0, word.indexOf('=')) in labels)) labels[word.slice(0, word.indexOf('='))] = word.slice(word.indexOf('=') + 1);
    else return undefined;
  }
  return Object.keys(labels).length === 0 ? undefined : {type, name, labels, overwrite, scope};
}

/**
 * The labels of the request's object that a recorded `kubectl get` output shows: `-o
 * jsonpath={.metadata.labels}` (a JSON map) or a `--show-labels` table's LABELS cell.
 * Undefined when that output does not show them.
 */
export function labelsShown(getCanonical: string, output: string, request: LabelRequest): Record<string, string> | undefined {
  const [program, verb, type, ...rest] = getCanonical.split(' ');
  if (program !== 'kubectl' || verb !== 'get' || type !== request.type) return undefined;
  const names = rest.filter((word) => !word.startsWith('--'));
  const flags = rest.filter((word) => word.startsWith('--'));
  const scope = flags.filter((flag) => SCOPE_FLAG.test(flag));
  const shape = flags.filter((flag) => !SCOPE_FLAG.test(flag));
  if (scope.join(' ') !== request.scope.join(' ')) return undefined;
  if (shape.length === 1 && shape[0] === '--output=jsonpath={.metadata.labels}' && names.length === 1 && names[0] === request.name) {
    try {
      const value: unknown = JSON.parse(output);
      if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string')) return value as Record<string, string>;
    } catch {
      return undefined;
    }
    return undefined;
  }
  if (shape.length === 1 && shape[0] === '--show-labels=true' && (names.length === 0 || names.includes(request.name))) {
    const table = readTable(output);
    const column = table?.[0]!.indexOf('LABELS') ?? -1;
    const row = table?.slice(1).find((cells) => cells[0] === request.name);
    if (column < 0 || !row) return undefined;
    const cell = row[column]!;
    if (cell === '<none>') return {};
    return Object.fromEntries(cell.split(',').map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
  }
  return undefined;
}

/**
 * What kubectl prints for the request against these current labels, given the object as
 * kubectl's name printer writes it (`namespace/default`); undefined when the label would change.
 */
export function relabelOutput(request: LabelRequest, current: Readonly<Record<string, string>>, printedName: string): string | undefined {
  const differing = Object.entries(request.labels).filter(([key, value]) => current[key] !== value);
  if (differing.length === 0) return `${printedName} not labeled\n`;
  const refused = differing.filter(([key]) => current[key] !== undefined);
  // kubectl aggregates several refusals in map order, which Go randomises: only one is told.
  if (!request.overwrite && refused.length === 1) return `error: '${refused[0]![0]}' already has a value (${current[refused[0]![0]]}), and --overwrite is false\n`;
  return undefined;
}
