/**
 * Indentation inside flow collections and quoted scalars, as kubectl reads it.
 *
 * go-yaml v2 (kubectl's YAML reader, through sigs.k8s.io/yaml) checks indentation in block
 * context only: inside `[...]`/`{...}` it does nothing (scannerc.go,
 * yaml_parser_unroll_indent: "In the flow context, do nothing") and the lines of a quoted
 * scalar may start anywhere. js-yaml follows YAML 1.2 and throws "deficient indentation" at
 * such a line, so the common
 *
 *     hosts: [
 *       "a.example.com",
 *     ]
 *
 * (the `]` no deeper than `hosts`) would be a syntax error that kubectl never reports. Here
 * each line js-yaml finds deficient gets spaces in front of it, which changes no value
 * (white space between flow entries is separation, and a scalar's continuation lines lose
 * their leading white space), and the parse is retried; the events are then mapped back to
 * the offsets of the text as written.
 */
import {parseEvents, type Event} from 'js-yaml';
import {lineStartOf} from './lines';

/** Deficient lines fixed per document before giving up: each costs a parse of the document. */
const MAX_LINES = 64;
/** Characters parsed again at most per document, so that a huge one cannot cost 64 parses. */
const MAX_REPARSED = 4_000_000;
/** Spaces put in front of a line at most; a node starting further right keeps its error. */
const MAX_DEPTH = 1024;

interface Insertion {
  /** Offset in the original text (a line start). */
  at: number;
  count: number;
}

/** Offsets of the padded text → offsets of the original one (spaces added map to the line start). */
function originalOffset(insertions: readonly Insertion[], offset: number): number {
  let added = 0;
  for (const {at, count} of insertions) {
    const inserted = at + added;
    if (offset < inserted) break;
    if (offset < inserted + count) return at;
    added += count;
  }
  return offset - added;
}

function pad(source: string, insertions: readonly Insertion[]): string {
  let out = '';
  let from = 0;
  for (const {at, count} of insertions) {
    out += source.slice(from, at) + ' '.repeat(count);
    from = at;
  }
  return out + source.slice(from);
}

type Offsets = 'start' | 'valueStart' | 'valueEnd' | 'anchorStart' | 'anchorEnd' | 'tagStart' | 'tagEnd';
const OFFSET_FIELDS: readonly Offsets[] = ['start', 'valueStart', 'valueEnd', 'anchorStart', 'anchorEnd', 'tagStart', 'tagEnd'];

function remap(events: Event[], insertions: readonly Insertion[]): Event[] {
  return events.map((event) => {
    const copy = {...event} as Record<string, unknown>;
    for (const field of OFFSET_FIELDS) {
      const value = copy[field];
      if (typeof value === 'number' && value >= 0) copy[field] = originalOffset(insertions, value);
    }
    return copy as unknown as Event;
  });
}

const isDeficientIndentation = (error: unknown): error is {reason: string; mark: {position: number}} =>
  (error as {reason?: unknown})?.reason === 'deficient indentation' && typeof (error as {mark?: {position?: unknown}}).mark?.position === 'number';

/**
 * Parses `source` as js-yaml does, except that lines js-yaml finds deficiently indented
 * inside flow collections and quoted scalars are read as go-yaml v2 reads them. Throws the
 * error of the text as written when that does not help (its position is the original one).
 */
export function parseEventsLikeGoYaml(source: string, maxDepth: number, firstError: unknown): Event[] {
  if (!isDeficientIndentation(firstError)) throw firstError;
  // Deeper than any enclosing node can start (the longest line bounds every column), within reason.
  const depth = Math.min(MAX_DEPTH, source.split(/\r\n|\r|\n/).reduce((longest, line) => Math.max(longest, line.length), 0) + 1);
  const insertions: Insertion[] = [];
  let error: unknown = firstError;
  const rounds = Math.min(MAX_LINES, Math.max(1, Math.floor(MAX_REPARSED / Math.max(1, source.length))));
  for (let fixed = 0; fixed < rounds && isDeficientIndentation(error); fixed++) {
    const lineStart = lineStartOf(source, originalOffset(insertions, error.mark.position));
    if (insertions.some((insertion) => insertion.at === lineStart)) break;
    insertions.push({at: lineStart, count: depth});
    insertions.sort((a, b) => a.at - b.at);
    try {
      return remap(parseEvents(pad(source, insertions), {maxDepth}), insertions);
    } catch (next) {
      error = next;
    }
  }
  // Another mistake past the re-indented lines is the document's real one: report it where it is written.
  const mark = (error as {mark?: {position?: unknown}}).mark;
  if (error === firstError || isDeficientIndentation(error) || typeof mark?.position !== 'number') throw firstError;
  throw Object.assign(Object.create(Object.getPrototypeOf(error) as object) as object, error, {mark: {...mark, position: originalOffset(insertions, mark.position)}});
}
