/**
 * `meshdive analyze`'s flags and their defaults, as istioctl 1.30.3's analyze command declares
 * and reads them (istioctl/pkg/analyze/analyze.go, istioctl/pkg/util/formatting).
 */
import {describe, expect, it} from 'vitest';
import {parseAnalyzeArgs, type AnalyzeOptions} from '../../src/cli/commands/analyze';
import {UsageError} from '../../src/cli/options';

const pipe: {stdoutIsTerminal: boolean; term: string | undefined} = {stdoutIsTerminal: false, term: 'xterm'};
const parse = (args: string[], environment = pipe) => parseAnalyzeArgs(args, environment) as AnalyzeOptions;

describe('meshdive analyze flags', () => {
  it('default to istioctl\'s: log output, failure at Error, output from Info, namespace default', () => {
    expect(parse(['a.yaml'])).toMatchObject({
      format: 'log', failureThreshold: 'Error', outputThreshold: 'Info', namespace: 'default', suppress: [], analyzers: [],
      ignoreUnknown: false, recursive: false, args: ['a.yaml'],
    });
  });

  it('take no file at all (istioctl then analyzes its default resources alone)', () => {
    expect(parse([]).args).toEqual([]);
  });

  it('select a namespace with -n, and all of them with -A whatever -n says', () => {
    expect(parse(['-n', 'shop']).namespace).toBe('shop');
    expect(parse(['--namespace=shop', '-A']).namespace).toBeUndefined();
    expect(parse(['--all-namespaces=false', '-n', 'shop']).namespace).toBe('shop');
  });

  it('read the format and the levels in any case', () => {
    expect(parse(['-o', 'JSON']).format).toBe('json');
    expect(parse(['--failure-threshold', 'warning', '--output-threshold=ERROR'])).toMatchObject({failureThreshold: 'Warning', outputThreshold: 'Error'});
  });

  it('colour on a terminal unless TERM is dumb (any case), and as --color says', () => {
    expect(parse([], {stdoutIsTerminal: true, term: 'xterm'}).colour).toBe(true);
    expect(parse([], {stdoutIsTerminal: true, term: 'DUMB'}).colour).toBe(false);
    expect(parse([], {stdoutIsTerminal: true, term: undefined}).colour).toBe(true);
    expect(parse([]).colour).toBe(false);
    expect(parse(['--color']).colour).toBe(true);
    expect(parse(['--color=false'], {stdoutIsTerminal: true, term: 'xterm'}).colour).toBe(false);
  });

  it('repeat -S and --analyzer', () => {
    expect(parse(['-S', 'IST0101=*', '--suppress=IST0102=Namespace *', '--analyzer', 'a.A', '--analyzer=b.B'])).toMatchObject({
      suppress: ['IST0101=*', 'IST0102=Namespace *'], analyzers: ['a.A', 'b.B'],
    });
  });

  it('accept --use-kube=false and --timeout, refuse a cluster', () => {
    expect(parse(['-k=false', '--timeout', '1m30s']).args).toEqual([]);
    expect(() => parse(['--use-kube'])).toThrow(UsageError);
    expect(() => parse(['--timeout', 'soon'])).toThrow(UsageError);
  });

  it('is help with -h', () => {
    expect(parseAnalyzeArgs(['-h', 'a.yaml'], pipe)).toBe('help');
  });
});
