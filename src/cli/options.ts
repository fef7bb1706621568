/**
 * Option parsing for every meshdive command, on node:util's parseArgs. parseArgs runs in its
 * lenient mode and its tokens are checked here, so that each problem becomes one UsageError
 * in the CLI's own words (exit 2 with the command's usage): an unknown option, a missing value,
 * a value given to a switch.
 *
 * Switches marked `goBool` also take `--name=false`, as Go's pflag booleans do (istioctl's
 * `--use-kube=false`, `--color=false`); `--name false` stays a switch and a positional, as in pflag.
 */
import {parseArgs} from 'node:util';
import {escapeLine} from './escape';
import {parseGoBool} from '../engine/go/strconv-bool';

export class UsageError extends Error {}

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Repeatable: every value is kept, in order (otherwise the last one wins). */
  multiple?: boolean;
  /** A switch that also accepts `=true`/`=false` (and Go's other ParseBool spellings). */
  goBool?: boolean;
}

type OptionValue<S extends OptionSpec> = S['type'] extends 'string' ? (S['multiple'] extends true ? string[] : string | undefined) : boolean | undefined;

export interface ParsedOptions<T extends Record<string, OptionSpec>> {
  values: {[K in keyof T]: OptionValue<T[K]>};
  /** Arguments that are not options, `--` excluded, in order. */
  positionals: string[];
  /** Of those, the ones after `--` (a command line for `meshdive record`). */
  afterTerminator: string[];
}

/** pflag reads `-o=json` and `-k=false` as the value of `-o` and `-k`; parseArgs would read `=json`. Before `--` only. */
function expandShortEquals(argv: readonly string[], spec: Record<string, OptionSpec>): string[] {
  const longOf = new Map(Object.entries(spec).filter(([, option]) => option.short).map(([name, option]) => [option.short!, name]));
  const end = argv.indexOf('--');
  return argv.map((arg, i) => {
    const match = (end < 0 || i < end) && /^-([^-])=(.*)$/s.exec(arg);
    const long = match ? longOf.get(match[1]!) : undefined;
    return match && long ? `--${long}=${match[2]}` : arg;
  });
}

export function parseOptions<T extends Record<string, OptionSpec>>(argv: readonly string[], spec: T): ParsedOptions<T> {
  const {tokens} = parseArgs({args: expandShortEquals(argv, spec), options: spec, strict: false, allowPositionals: true, tokens: true});
  const values: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(spec)) if (option.multiple) values[name] = [];
  const positionals: string[] = [];
  const afterTerminator: string[] = [];
  let terminated = false;
  for (const token of tokens) {
    if (token.kind === 'option-terminator') {
      terminated = true;
    } else if (token.kind === 'positional') {
      positionals.push(token.value);
      if (terminated) afterTerminator.push(token.value);
    } else {
      const option = Object.prototype.hasOwnProperty.call(spec, token.name) ? spec[token.name] : undefined;
      const written = token.value === undefined ? token.rawName : `${token.rawName}=${token.value}`;
      if (option === undefined) throw new UsageError(`unknown option ${JSON.stringify(written)}`);
      let value: string | boolean;
      if (option.type === 'string') {
        if (token.value === undefined) throw new UsageError(`${token.rawName} needs a value`);
        value = token.value;
      } else if (token.value === undefined) {
        value = true;
      } else {
        const parsed = option.goBool ? parseGoBool(token.value) : undefined;
        if (parsed === undefined) {
          throw new UsageError(option.goBool ? `${token.rawName} takes true or false, got ${JSON.stringify(token.value)}` : `${token.rawName} takes no value`);
        }
        value = parsed;
      }
      if (option.multiple) (values[token.name] as unknown[]).push(value);
      else values[token.name] = value;
    }
  }
  return {values: values as ParsedOptions<T>['values'], positionals, afterTerminator};
}

/** A size in bytes with an optional K, M or G suffix (binary units), as --max-bytes takes it. */
export function parseSize(flag: string, text: string): number {
  const match = /^([0-9]+)([kmg]i?b?)?$/i.exec(text.trim());
  if (!match) throw new UsageError(`${flag} expects a positive number of bytes (e.g. 262144 or 256K), got ${JSON.stringify(text)}`);
  const unit = (match[2] ?? '').toLowerCase()[0];
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  const bytes = Number(match[1]) * factor;
  if (!Number.isSafeInteger(bytes) || bytes <= 0) throw new UsageError(`${flag} must be a positive number, got ${JSON.stringify(text)}`);
  return bytes;
}

/** A whole number (`--requests`, `--seed`). */
export function parseCount(flag: string, text: string): number {
  const n = Number(text);
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(n)) throw new UsageError(`${flag} expects a whole number, got ${JSON.stringify(text)}`);
  return n;
}

/**
 * What the one usage-error path writes on stderr (and the command exits 2): the message, then the
 * command's usage. Messages repeat what was typed, so control characters in them are escaped.
 */
export function usageErrorReport(prefix: string, message: string, usage: string): string {
  return `${prefix}: ${escapeLine(message)}\n\n${usage}`;
}
