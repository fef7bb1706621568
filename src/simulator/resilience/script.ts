/**
 * The upstream behaviour script: how the pods behind a route answer, one rule per line
 * (or separated by `;`), the first rule that applies to an attempt decides:
 *
 *     TARGET: ANSWER [after DURATION] [from t=DURATION] [until t=DURATION]
 *
 * - TARGET: `*` (every pod), a pod name, a workload name (all its pods), or `pod N` (the
 *   N-th pod, from 1, in the order the timeline lists the destination's pods).
 * - ANSWER: an HTTP status (`200`, `503`), `hang` (accepts the request, never answers),
 *   `reset` (the connection is reset before a response) or `refuse` (the connection is
 *   refused: a connect failure).
 * - `after`: how long the answer takes (default 0). `from`/`until`: when the rule applies,
 *   by the attempt's start on the timeline (`t=` is optional), `until` excluded.
 * - `#` starts a comment. A pod no rule applies to answers 200 at once.
 *
 * Bounded: at most MAX_SCRIPT_CHARS characters and MAX_RULES rules; a mistake is refused
 * with its line and what was expected.
 */
import {parseGoDuration} from '../../engine/istio/durations';

export const MAX_SCRIPT_CHARS = 4096;
export const MAX_RULES = 64;

export type Answer = {kind: 'status'; status: number} | {kind: 'hang'} | {kind: 'reset'} | {kind: 'refuse'};
export type Target = {kind: 'any'} | {kind: 'name'; name: string} | {kind: 'index'; index: number};

export interface ScriptRule {
  line: number;
  text: string;
  target: Target;
  answer: Answer;
  /** Milliseconds. */
  after: number;
  from: number;
  until: number;
}

export class ScriptError extends Error {
  override name = 'ScriptError';
}

export function parseScript(text: string): ScriptRule[] {
  if (text.length > MAX_SCRIPT_CHARS) throw new ScriptError(`the upstream script has ${text.length} characters; at most ${MAX_SCRIPT_CHARS} are read`);
  const rules: ScriptRule[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    for (const part of lines[i]!.replace(/#.*$/, '').split(';')) {
      const rule = part.trim();
      if (rule === '') continue;
      if (rules.length === MAX_RULES) throw new ScriptError(`the upstream script has more than ${MAX_RULES} rules`);
      rules.push(parseRule(rule, i + 1));
    }
  }
  return rules;
}

function parseRule(text: string, line: number): ScriptRule {
  const fail = (what: string): never => {
    throw new ScriptError(`upstream script line ${line}: ${what} in ${JSON.stringify(text.slice(0, 80))}; a rule reads "TARGET: ANSWER [after DURATION] [from t=DURATION] [until t=DURATION]", e.g. "ratings-v1: 503 from t=0" or "pod 2: hang"`);
  };
  const colon = text.indexOf(':');
  if (colon < 0) fail('no ":" after the target');
  const targetText = text.slice(0, colon).trim();
  let target: Target;
  const index = /^pod\s+(\d{1,4})$/.exec(targetText);
  if (targetText === '*') target = {kind: 'any'};
  else if (index) {
    const n = Number(index[1]);
    if (n < 1) fail('pods are counted from 1');
    target = {kind: 'index', index: n};
  } else if (/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(targetText)) target = {kind: 'name', name: targetText};
  else return fail(`the target ${JSON.stringify(targetText)} is not "*", "pod N" or a pod or workload name`);
  const words = text.slice(colon + 1).trim().split(/\s+/).filter(Boolean);
  const first = words.shift();
  let answer: Answer;
  if (first === undefined) return fail('no answer');
  if (/^[1-5]\d\d$/.test(first)) answer = {kind: 'status', status: Number(first)};
  else if (first === 'hang' || first === 'reset' || first === 'refuse') answer = {kind: first};
  else return fail(`the answer ${JSON.stringify(first)} is not an HTTP status (100-599), "hang", "reset" or "refuse"`);
  const rule: ScriptRule = {line, text, target, answer, after: 0, from: 0, until: Infinity};
  const seen = new Set<string>();
  while (words.length > 0) {
    const keyword = words.shift()!;
    if (keyword !== 'after' && keyword !== 'from' && keyword !== 'until') fail(`unexpected ${JSON.stringify(keyword)} (expected after, from or until)`);
    if (seen.has(keyword)) fail(`"${keyword}" is given twice`);
    seen.add(keyword);
    const value = words.shift();
    if (value === undefined) fail(`"${keyword}" needs a duration`);
    const duration = (value as string).replace(/^t=/, '');
    const nanos = duration === '0' ? 0 : parseGoDuration(duration);
    if (nanos === undefined || nanos < 0 || !Number.isFinite(nanos) || nanos > 86_400e9) fail(`${JSON.stringify(value)} is not a duration such as 100ms, 2s or t=30s (at most 24h)`);
    const ms = nanos! / 1e6;
    if (keyword === 'after') rule.after = ms;
    else if (keyword === 'from') rule.from = ms;
    else rule.until = ms;
  }
  if (rule.until <= rule.from) fail('"until" must come after "from"');
  return rule;
}

/** The rule that decides an attempt on a pod (its name, its workload, its place from 1) starting at `t` ms. */
export function ruleFor(rules: readonly ScriptRule[], pod: {name: string; workload: string; position: number}, t: number): ScriptRule | undefined {
  return rules.find((r) => t >= r.from && t < r.until && (r.target.kind === 'any'
    || (r.target.kind === 'index' && r.target.index === pod.position)
    || (r.target.kind === 'name' && (r.target.name === pod.name || r.target.name === pod.workload))));
}
