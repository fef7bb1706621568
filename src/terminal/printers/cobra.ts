/**
 * What a Go CLI built on spf13/cobra v1.10.2 and spf13/pflag v1.0.10 prints when a command line is
 * wrong, for the printers that answer such CLIs with their own errors:
 * - pflag's parse (flag.go parseLongArg, parseSingleShortArg; errors.go): `--name=value`,
 *   `--name value`, `-x value`, `-xvalue`, `-x=value`, bool shorthands run together (`-Ao`),
 *   `--` ending the flags, flags anywhere among the arguments (interspersed);
 * - cobra's usage (command.go defaultUsageFunc): `Usage:` with the use line, `Examples:`, `Flags:`
 *   (the command's own and `-h, --help`) and `Global Flags:` (its parents' persistent flags, the
 *   nearest parent's winning a name both define, as updateParentsPflags adds them), each list as
 *   pflag's FlagUsages sorts and aligns it;
 * - ExecuteC's failure: `Error: MESSAGE` then the usage and an empty line, all on stderr;
 * - the help -h/--help asks for (defaultHelpFunc): Long, then the usage, on stdout.
 */
import {goQuote} from '../../engine/analysis/messages';
import {parseGoBool, parseGoBoolError} from '../../engine/go/strconv-bool';

export interface CobraFlag {
  name: string;
  shorthand?: string;
  /** pflag's Value.Type(): `int` for an int64 and `strings` for a stringSlice, as UnquoteUsage names them. */
  type: 'string' | 'bool' | 'stringArray' | 'strings' | 'uint' | 'int' | 'duration';
  usage: string;
  /** The default's text (pflag's DefValue); absent for the zero value. */
  defaultValue?: string;
}

export interface CobraCommand {
  /** The command path and its Use after the name, e.g. `linkerd viz stat [flags] (RESOURCES)`. */
  useLine: string;
  /** Long (or, without one, Short): what the help prints above the usage. */
  long?: string;
  example?: string;
  /** The command's own flags, without cobra's help flag. */
  flags: readonly CobraFlag[];
  /** The parents' persistent flags, nearest parent first. */
  parentFlags: readonly (readonly CobraFlag[])[];
  /** The command's name, for the help flag's usage. */
  name: string;
}

/** The flags pflag parses for the command: its own, cobra's help, then the parents' not shadowed. */
function allFlags(command: CobraCommand): CobraFlag[] {
  const flags = [...command.flags, {name: 'help', shorthand: 'h', type: 'bool', usage: `help for ${command.name}`} satisfies CobraFlag];
  for (const set of command.parentFlags) {
    for (const flag of set) if (!flags.some((f) => f.name === flag.name)) flags.push(flag);
  }
  return flags;
}

export interface ParsedLine {
  positionals: string[];
  /** Values by flag name, in the order given (a string flag set twice keeps the last). */
  values: Map<string, string>;
}

/** pflag's parse of a command's arguments: the line, or the error it fails with ('help' for -h/--help true, which prints the help instead). */
export function parseCobraArgs(command: CobraCommand, args: readonly string[]): ParsedLine | {error: string} | 'help' {
  const flags = allFlags(command);
  const parsed: ParsedLine = {positionals: [], values: new Map()};
  const set = (flag: CobraFlag, value: string): string | undefined => {
    if (flag.type === 'bool') {
      const name = flag.shorthand ? `-${flag.shorthand}, --${flag.name}` : `--${flag.name}`;
      const invalid = parseGoBoolError(value);
      if (invalid !== undefined) return `invalid argument ${goQuote(value)} for ${goQuote(name)} flag: ${invalid}`;
      value = String(parseGoBool(value));
    }
    parsed.values.set(flag.name, value);
    return undefined;
  };
  // Everything after `--` is an argument, however it looks.
  const end = args.indexOf('--');
  const flagged = end < 0 ? args : args.slice(0, end);
  /** parseLongArg: the error, or undefined; `next` hands over the following argument as a value. */
  const long = (arg: string, next: () => string | undefined): string | undefined => {
    const body = arg.slice(2);
    if (body === '' || body.startsWith('-') || body.startsWith('=')) return `bad flag syntax: ${arg}`;
    const equals = body.indexOf('=');
    const name = equals < 0 ? body : body.slice(0, equals);
    const flag = flags.find((f) => f.name === name);
    if (!flag) return `unknown flag: --${name}`;
    const value = equals >= 0 ? body.slice(equals + 1) : flag.type === 'bool' ? 'true' : next();
    return value === undefined ? `flag needs an argument: --${name}` : set(flag, value);
  };
  /** parseShortArg over a run of shorthands: each bool takes none, the first valued one the rest or the next argument. */
  const short = (arg: string, next: () => string | undefined): string | undefined => {
    for (let shorts = arg.slice(1); shorts.length > 0;) {
      const c = shorts[0]!;
      const flag = flags.find((f) => f.shorthand === c);
      if (!flag) return `unknown shorthand flag: '${c}' in -${shorts}`;
      const rest = shorts;
      let value: string | undefined;
      if (shorts.length > 2 && shorts[1] === '=') [value, shorts] = [shorts.slice(2), ''];
      else if (flag.type === 'bool') [value, shorts] = ['true', shorts.slice(1)];
      else if (shorts.length > 1) [value, shorts] = [shorts.slice(1), ''];
      else [value, shorts] = [next(), ''];
      const failed = value === undefined ? `flag needs an argument: '${c}' in -${rest}` : set(flag, value);
      if (failed) return failed;
    }
    return undefined;
  };
  for (let i = 0; i < flagged.length; i++) {
    const arg = flagged[i]!;
    if (!arg.startsWith('-') || arg === '-') {
      parsed.positionals.push(arg);
      continue;
    }
    const next = (): string | undefined => (i + 1 < flagged.length ? flagged[++i] : undefined);
    const failed = arg.startsWith('--') ? long(arg, next) : short(arg, next);
    if (failed) return {error: failed};
  }
  if (end >= 0) parsed.positionals.push(...args.slice(end + 1));
  // execute: help is asked once the whole line parsed (a bad flag after -h is still an error), before the Args check.
  const help = parsed.values.get('help') === 'true';
  parsed.values.delete('help');
  return help ? 'help' : parsed;
}

/** pflag's UnquoteUsage type name: none for a bool. */
const typeName = (flag: CobraFlag): string => (flag.type === 'bool' ? '' : flag.type);

/** pflag's FlagUsages: sorted by name, usages aligned one space past the longest flag column. */
function flagUsages(flags: readonly CobraFlag[]): string {
  const sorted = [...flags].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const heads = sorted.map((flag) => {
    const head = flag.shorthand ? `  -${flag.shorthand}, --${flag.name}` : `      --${flag.name}`;
    const type = typeName(flag);
    return type ? `${head} ${type}` : head;
  });
  const width = Math.max(...heads.map((head) => head.length));
  return sorted.map((flag, i) => {
    const fallback = flag.defaultValue === undefined ? '' : flag.type === 'string' ? ` (default ${goQuote(flag.defaultValue)})` : ` (default ${flag.defaultValue})`;
    // The padding reaches one past the longest column (its \x00 marker), with Println's space on either side.
    return `${heads[i]} ${' '.repeat(width + 1 - heads[i]!.length)} ${flag.usage}${fallback}`;
  }).join('\n').trimEnd();
}

/** cobra's UsageString for a runnable command without subcommands or aliases. */
export function cobraUsage(command: CobraCommand): string {
  const own = allFlags(command).slice(0, command.flags.length + 1);
  const inherited = allFlags(command).slice(command.flags.length + 1);
  let text = `Usage:\n  ${command.useLine}`;
  if (command.example) text += `\n\nExamples:\n${command.example}`;
  text += `\n\nFlags:\n${flagUsages(own)}`;
  if (inherited.length > 0) text += `\n\nGlobal Flags:\n${flagUsages(inherited)}`;
  return `${text}\n`;
}

/** defaultHelpFunc (what -h/--help prints, on stdout): Long right-trimmed and an empty line, then the usage. */
export function cobraHelp(command: CobraCommand): string {
  const long = command.long?.trimEnd() ?? '';
  return `${long === '' ? '' : `${long}\n\n`}${cobraUsage(command)}`;
}

/** ExecuteC's output for a command that returned an error: the error, then the usage and Println's newline. */
export function cobraFailure(command: CobraCommand, message: string): string {
  return `Error: ${message}\n${cobraUsage(command)}\n`;
}
