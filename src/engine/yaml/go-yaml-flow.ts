/**
 * Plain scalars inside flow collections (`[...]`, `{...}`), read as kubectl reads them.
 *
 * kubectl decodes with go-yaml v2 (through sigs.k8s.io/yaml). Its scanner
 * (scannerc.go, yaml_parser_scan_plain_scalar) ends a plain scalar at a `:` only when a
 * blank or the end of the line follows it; inside a flow collection `,` `?` `[` `]` `{` `}`
 * end it too, but a `:` just before one of them stays in the scalar. js-yaml follows
 * YAML 1.2, which differs in two ways:
 * - a `:` before `,` `]` `}` ends the scalar there and makes it a key: js-yaml reads
 *   `[1.2.3.4, 001:db8::]` as `["1.2.3.4", {"001:db8:": null}]`, go-yaml as the strings
 *   `1.2.3.4` and `001:db8::`. This pass turns js-yaml's events back into go-yaml's reading:
 *   in a flow sequence the single-pair mapping `key:` without a value becomes the scalar
 *   `key:`; in a flow mapping the key `key:` without a value keeps its `:`. Positions stay
 *   exact: the scalar's text grows by the `:` after it.
 * - a `?` after a scalar's first character, or a `:` before `[` or `{`, ends go-yaml's scalar
 *   where the next token cannot follow it, so kubectl fails to parse the document
 *   (`did not find expected ',' or ']'`), where js-yaml reads one string or a pair: that is
 *   reported as the syntax error it is.
 */
import {COLLECTION_STYLE, EVENT_ID, SCALAR_STYLE, type Event, type ScalarEvent} from 'js-yaml';

/** Texts this pass can change or reject: a `:` before a flow indicator, or any `?`. */
const MAY_DIFFER = /:[,[\]{}]|\?/;

export function mayReadDifferently(source: string): boolean {
  return MAY_DIFFER.test(source);
}

export interface GoYamlFlowProblem {
  /** Offsets in the source given. */
  start: number;
  end: number;
  message: string;
}

const isScalar = (event: Event | undefined): event is ScalarEvent => event?.type === EVENT_ID.SCALAR;

const isPlainUntagged = (event: ScalarEvent): boolean =>
  event.style === SCALAR_STYLE.PLAIN && event.valueStart >= 0 && event.anchorStart < 0 && event.tagStart < 0;

/** The character after a `:` that directly follows the scalar, or undefined when no `:` follows it. */
function afterColon(source: string, event: ScalarEvent): string | undefined {
  return source.charCodeAt(event.valueEnd) === 0x3a ? (source[event.valueEnd + 1] ?? '') : undefined;
}

/** A plain scalar directly followed by `:` and a flow indicator that ends the entry. */
function endsBeforeFlowColon(source: string, event: Event | undefined): event is ScalarEvent {
  if (!isScalar(event) || !isPlainUntagged(event)) return false;
  const next = afterColon(source, event);
  return next === ',' || next === ']' || next === '}';
}

const isEmptyValue = (event: Event | undefined): boolean =>
  isScalar(event) && event.valueStart < 0 && event.anchorStart < 0 && event.tagStart < 0;

interface Frame {
  flow: boolean;
  mapping: boolean;
  /** The closer go-yaml wanted when it failed: the innermost written collection's. */
  closer: ']' | '}';
  /** Nodes seen so far in this collection: in a mapping, odd counts are keys. */
  children: number;
}

/** Where go-yaml v2 fails inside this flow scalar, if it does. */
function goYamlRejection(source: string, event: ScalarEvent, closer: string): GoYamlFlowProblem | undefined {
  const expected = `did not find expected ',' or '${closer}'`;
  const question = source.indexOf('?', event.valueStart + 1);
  if (question !== -1 && question < event.valueEnd) {
    return {start: question, end: question + 1,
      message: `YAML syntax error: ${expected}: kubectl's YAML reader (go-yaml v2) ends an unquoted value at "?" inside [...] or {...}; quote the value`};
  }
  const next = afterColon(source, event);
  if (next === '[' || next === '{') {
    return {start: event.valueEnd, end: event.valueEnd + 2,
      message: `YAML syntax error: ${expected}: kubectl's YAML reader (go-yaml v2) keeps this ":" in the unquoted value before it, and a value cannot be followed by "${next}"; put a space after the ":"`};
  }
  return undefined;
}

/** The events of one parse, read as go-yaml v2 reads them, or the problem go-yaml v2 fails with. */
export function readFlowScalarsAsGoYaml(source: string, events: readonly Event[]): {events: Event[]} | {problem: GoYamlFlowProblem} {
  const out: Event[] = [];
  const stack: Frame[] = [];
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    if (event.type === EVENT_ID.POP) {
      stack.pop();
      out.push(event);
      continue;
    }
    if (event.type === EVENT_ID.DOCUMENT) {
      stack.length = 0;
      out.push(event);
      continue;
    }
    const parent = stack[stack.length - 1];
    if (parent) parent.children++;
    if (event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE) {
      const flow = event.style === COLLECTION_STYLE.FLOW;
      const written = source[event.start] === '{' || source[event.start] === '[';
      if (event.type === EVENT_ID.MAPPING && flow && !written && event.anchorStart < 0 && event.tagStart < 0) {
        // js-yaml's implicit pair in a flow sequence (it starts at its key, not at a `{`).
        const key = events[i + 1];
        if (endsBeforeFlowColon(source, key) && isEmptyValue(events[i + 2]) && events[i + 3]?.type === EVENT_ID.POP) {
          out.push({...key, valueEnd: key.valueEnd + 1});
          i += 3;
          continue;
        }
      }
      const closer = written ? (event.type === EVENT_ID.MAPPING ? '}' : ']') : (parent?.closer ?? ']');
      stack.push({flow, mapping: event.type === EVENT_ID.MAPPING, closer, children: 0});
    } else if (isScalar(event) && parent?.flow && isPlainUntagged(event)) {
      const problem = goYamlRejection(source, event, parent.closer);
      if (problem) return {problem};
      if (parent.mapping && parent.children % 2 === 1 && endsBeforeFlowColon(source, event) && isEmptyValue(events[i + 1])) {
        out.push({...event, valueEnd: event.valueEnd + 1});
        continue;
      }
    }
    out.push(event);
  }
  return {events: out};
}
