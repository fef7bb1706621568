/**
 * Label selectors and label lists as kubectl reads and prints them
 * (k8s.io/apimachinery/pkg/labels: selector.go's Parse, labels.go's FormatLabels).
 */
import {byteOrder} from './jsonpath';

type Requirement =
  | {key: string; op: 'in' | 'notin'; values: string[]}
  | {key: string; op: 'exists' | '!'};

export class SelectorError extends Error {
  override name = 'SelectorError';
}

/** Parse: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, separated by commas. */
export function parseSelector(text: string): Requirement[] {
  const requirements: Requirement[] = [];
  const source = text.trim();
  let at = 0;
  const skip = (): void => {
    while (source[at] === ' ' || source[at] === '\t') at++;
  };
  const word = (): string => {
    skip();
    const match = /^[^\s,=!()]+/.exec(source.slice(at));
    at += match?.[0].length ?? 0;
    return match?.[0] ?? '';
  };
  while (at < source.length) {
    skip();
    if (source[at] === '!') {
      at++;
      const key = word();
      if (!key) throw new SelectorError(`found '${source[at] ?? 'EOS'}', expected: identifier`);
      requirements.push({key, op: '!'});
    } else {
      const key = word();
      if (!key) throw new SelectorError(`found '${source[at] ?? 'EOS'}', expected: !, identifier, or 'end of string'`);
      skip();
      const rest = source.slice(at);
      const operator = /^(==|=|!=)/.exec(rest)?.[1] ?? /^(in|notin)(?=[\s(])/.exec(rest)?.[1];
      if (operator === undefined) requirements.push({key, op: 'exists'});
      else if (operator === 'in' || operator === 'notin') {
        at += operator.length;
        skip();
        if (source[at] !== '(') throw new SelectorError(`found '${source[at] ?? 'EOS'}', expected: '('`);
        const close = source.indexOf(')', at);
        if (close < 0) throw new SelectorError(`found 'EOS', expected: ')'`);
        const values = source.slice(at + 1, close).split(',').map((value) => value.trim());
        at = close + 1;
        requirements.push({key, op: operator, values});
      } else {
        at += operator.length;
        const value = word();
        requirements.push({key, op: operator === '!=' ? 'notin' : 'in', values: [value]});
      }
    }
    skip();
    if (at < source.length) {
      if (source[at] !== ',') throw new SelectorError(`found '${source[at]}', expected: ',' or 'end of string'`);
      at++;
    }
  }
  return requirements;
}

/** Requirement.Matches: `!=` and `notin` also match an object without the key. */
export function selects(requirements: readonly Requirement[], labels: Readonly<Record<string, string>>): boolean {
  return requirements.every((requirement) => {
    const has = Object.hasOwn(labels, requirement.key);
    switch (requirement.op) {
      case 'exists':
        return has;
      case '!':
        return !has;
      case 'in':
        return has && requirement.values.includes(labels[requirement.key]!);
      case 'notin':
        return !has || !requirement.values.includes(labels[requirement.key]!);
    }
  });
}

/** FormatLabels: `k=v` sorted by key, joined by commas; `<none>` when there is none. */
export function formatLabels(labels: Readonly<Record<string, string>>): string {
  const keys = Object.keys(labels).sort(byteOrder);
  return keys.length === 0 ? '<none>' : keys.map((key) => `${key}=${labels[key]}`).join(',');
}
