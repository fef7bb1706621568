/**
 * Plain scalars with a `:` before a flow indicator, read as kubectl reads them.
 *
 * kubectl decodes with go-yaml v2 (through sigs.k8s.io/yaml), whose scanner ends a plain
 * scalar at a `:` only when a blank or the end of the line follows it; in a flow
 * collection `,` `[` `]` `{` `}` end it too, but a `:` just before one of them stays in the
 * scalar (scannerc.go, yaml_parser_scan_plain_scalar). So `[1.2.3.4, 001:db8::]` holds the
 * string `001:db8::`. js-yaml follows YAML 1.2, where such a `:` ends the scalar and makes
 * it a key: `[{"001:db8:": null}]`. This pass turns js-yaml's events back into go-yaml's
 * reading for the two shapes that differ and that go-yaml accepts:
 * - in a flow sequence, the single-pair mapping `key:` with no value (`[a:, b]`, `[a:]`)
 *   becomes the scalar `key:`;
 * - in a flow mapping, the key `key:` followed by no value (`{a:, b: c}`) keeps its `:`.
 * Positions stay exact: the scalar's text just grows by the `:` that follows it.
 */
import {COLLECTION_STYLE, EVENT_ID, SCALAR_STYLE, type Event, type ScalarEvent} from 'js-yaml';

/** A `:` right before `,` `]` or `}`: the only texts this pass can change. */
const COLON_BEFORE_FLOW_END = /:[,\]}]/;

export function mayHaveFlowColons(source: string): boolean {
  return COLON_BEFORE_FLOW_END.test(source);
}

const isScalar = (event: Event | undefined): event is ScalarEvent => event?.type === EVENT_ID.SCALAR;

/** A plain scalar, without anchor or tag, directly followed by `:` and a flow indicator ending the entry. */
function endsBeforeFlowColon(source: string, event: Event | undefined): event is ScalarEvent {
  if (!isScalar(event) || event.style !== SCALAR_STYLE.PLAIN || event.valueStart < 0 || event.anchorStart >= 0 || event.tagStart >= 0) return false;
  if (source.charCodeAt(event.valueEnd) !== 0x3a) return false;
  const next = source[event.valueEnd + 1];
  return next === ',' || next === ']' || next === '}';
}

const isEmptyValue = (event: Event | undefined): boolean =>
  isScalar(event) && event.valueStart < 0 && event.anchorStart < 0 && event.tagStart < 0;

interface Frame {
  flowMapping: boolean;
  /** Nodes seen so far in this collection: in a mapping, even counts are keys. */
  children: number;
}

/** The events of one parse, with go-yaml v2's reading of `key:` before a flow indicator. */
export function readFlowColonsAsGoYaml(source: string, events: readonly Event[]): Event[] {
  const out: Event[] = [];
  const stack: Frame[] = [];
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    const parent = stack[stack.length - 1];
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
    if (parent) parent.children++;
    if (event.type === EVENT_ID.MAPPING) {
      // js-yaml's implicit pair in a flow sequence starts at its key, not at a `{`.
      const implicitPair = event.style === COLLECTION_STYLE.FLOW && source[event.start] !== '{' && event.anchorStart < 0 && event.tagStart < 0;
      const key = events[i + 1];
      if (implicitPair && endsBeforeFlowColon(source, key) && isEmptyValue(events[i + 2]) && events[i + 3]?.type === EVENT_ID.POP) {
        out.push({...key, valueEnd: key.valueEnd + 1});
        i += 3;
        continue;
      }
      stack.push({flowMapping: event.style === COLLECTION_STYLE.FLOW, children: 0});
    } else if (event.type === EVENT_ID.SEQUENCE) {
      stack.push({flowMapping: false, children: 0});
    } else if (parent?.flowMapping && parent.children % 2 === 1 && endsBeforeFlowColon(source, event) && isEmptyValue(events[i + 1])) {
      out.push({...event, valueEnd: event.valueEnd + 1});
      continue;
    }
    out.push(event);
  }
  return out;
}
