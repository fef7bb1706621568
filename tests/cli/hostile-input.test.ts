/**
 * `meshdive validate` runs in CI on manifests nobody here wrote (issue 9): whatever it is fed,
 * it answers with a clear message in bounded time and memory, never hangs, never crashes, and
 * never writes the input's control characters into a terminal.
 */
import {spawn, spawnSync, type StdioOptions} from 'node:child_process';
import {closeSync, mkdirSync, mkdtempSync, openSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {beforeAll, describe, expect, it} from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin/meshdive.js');
/** Loose: a hang, or reading without end, is what these bounds catch; none of it takes near this long. */
const HANG = 120_000;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function meshdive(args: string[], options: {input?: string; stdin?: number} = {}): Run {
  const stdio: StdioOptions = [options.stdin ?? 'pipe', 'pipe', 'pipe'];
  const result = spawnSync(process.execPath, [bin, ...args], {cwd: root, input: options.input, stdio, encoding: 'utf8', timeout: HANG, maxBuffer: 1 << 28});
  return {status: result.status, stdout: result.stdout, stderr: result.stderr};
}

/** Through a shell, for redirections node cannot set up (a closed stdin). */
function meshdiveInShell(script: string): Run {
  const result = spawnSync('sh', ['-c', script, 'sh', process.execPath, bin], {cwd: root, encoding: 'utf8', timeout: HANG});
  return {status: result.status, stdout: result.stdout, stderr: result.stderr};
}

function temporaryDirectory(): string {
  return mkdtempSync(join(tmpdir(), 'meshdive-hostile-'));
}

const virtualService = (name: string, host = 'reviews') =>
  `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: ${name}}\nspec:\n  hosts: [${host}]\n  http:\n  - route:\n    - destination: {host: ${host}}\n`;

beforeAll(() => {
  const build = spawnSync(process.execPath, [join(root, 'scripts/cli/build.mjs')], {cwd: root, encoding: 'utf8'});
  expect(build.status, build.stderr).toBe(0);
}, 60_000);

describe('many resources in conflict', () => {
  it('names the first 10 of 8,000 VirtualServices for one host and counts the rest, in istioctl\'s words, in every IST0109', () => {
    // Listing all of them in each of the 8,000 messages came to 64 million names: the CLI died (Invalid string length).
    const dir = temporaryDirectory();
    const file = join(dir, 'conflict.yaml');
    writeFileSync(file, Array.from({length: 8000}, (_, i) => virtualService(`vs-${i}`)).join('---\n'));
    const result = meshdive(['validate', file]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(8001);
    // istioctl names them sorted: vs-0, vs-1, vs-10, vs-100, vs-1000…
    const first10 = Array.from({length: 8000}, (_, i) => `default/vs-${i}`).sort().slice(0, 10).join(',');
    expect(lines[0]).toBe(`${file}:3:18: error IST0109: The VirtualServices ${first10} and 7,990 more associated with mesh gateway ` +
      'define the same host */reviews.default.svc.cluster.local which can lead to undefined behavior. ' +
      'This can be fixed by merging the conflicting VirtualServices into a single resource.');
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThan(500);
    expect(lines.at(-1)).toBe('8000 errors, 0 warnings in 1 file');
  }, HANG);
});

describe('output to a reader that leaves early', () => {
  it('stops writing quietly when `| head` has read enough (no EPIPE crash), with the exit status of the findings', () => {
    const dir = temporaryDirectory();
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, Array.from({length: 3000}, (_, i) => `apiVersion: v1\nkind: Service\nmetadata: {name: Bad${i}}\n`).join('---\n'));
    const result = spawnSync('bash', ['-c', '"$1" "$2" validate "$3" | head -c 100 > /dev/null; exit "${PIPESTATUS[0]}"', 'sh', process.execPath, bin, file],
      {cwd: root, encoding: 'utf8', timeout: HANG});
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
  }, HANG);
});

describe('reading input', () => {
  it('stops reading /dev/zero on standard input at the default limit: exit 2, with the limit named', () => {
    const zero = openSync('/dev/zero', 'r');
    try {
      const result = meshdive(['validate', '-'], {stdin: zero});
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe('meshdive: <stdin>: input is larger than the limit of 67,108,864 bytes (--max-bytes raises it); reading stopped there\n');
    } finally {
      closeSync(zero);
    }
  }, HANG);

  it('stops reading a character device given as a file at --max-bytes', () => {
    const result = meshdive(['validate', '--max-bytes', '1M', '/dev/zero']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('meshdive: /dev/zero: input is larger than the limit of 1,048,576 bytes (--max-bytes raises it); reading stopped there\n');
  }, HANG);

  it('stops reading a FIFO whose writer never ends at --max-bytes', async () => {
    const dir = temporaryDirectory();
    const fifo = join(dir, 'endless.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    // `yes` writes until its reader goes away.
    const writer = spawn('sh', ['-c', 'exec yes "a: 1" > "$1"', 'sh', fifo], {stdio: 'ignore'});
    try {
      const child = spawn(process.execPath, [bin, 'validate', '--max-bytes', '100K', fifo], {cwd: root});
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(status).toBe(2);
      expect(stderr).toBe(`meshdive: ${fifo}: input is larger than the limit of 102,400 bytes (--max-bytes raises it); reading stopped there\n`);
    } finally {
      writer.kill();
    }
  }, HANG);

  it('refuses a file over the limit unread, with its size, and a context file alike', () => {
    const dir = temporaryDirectory();
    const file = join(dir, 'big.yaml');
    writeFileSync(file, `${'# padding\n'.repeat(200)}apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n`);
    const result = meshdive(['validate', '--max-bytes', '1K', file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`meshdive: ${file}: input is 2,051 bytes, over the limit of 1,024 bytes (--max-bytes raises it)\n`);
    const small = join(dir, 'small.yaml');
    writeFileSync(small, 'apiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n');
    const context = meshdive(['validate', '--max-bytes', '1K', '--context', file, small]);
    expect(context.status).toBe(2);
    expect(context.stderr).toContain(`${file}: input is 2,051 bytes, over the limit of 1,024 bytes`);
  });

  describe('a run without objects is an error, as kubectl apply\'s "no objects passed to apply"', () => {
    const noObjects = 'error no-objects: no objects to validate: the input is empty or holds only comments and document markers';

    it('empty standard input (`cat missing.yaml | meshdive validate -` must not pass CI)', () => {
      const result = meshdive(['validate', '-'], {input: ''});
      expect(result.status).toBe(1);
      expect(result.stdout).toContain(`<stdin>:1:1: ${noObjects}`);
      expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('1 error, 0 warnings in 1 file');
    });

    it('closed standard input', () => {
      const result = meshdiveInShell('"$1" "$2" validate - <&-');
      expect(result.status).toBe(1);
      expect(result.stdout).toContain(`<stdin>:1:1: ${noObjects}`);
    });

    it('files of comments, blank lines and document markers only, reported in JSON like any error', () => {
      const dir = temporaryDirectory();
      const empty = join(dir, 'empty.yaml');
      writeFileSync(empty, '\uFEFF# generated: nothing to deploy\n\n---\n--- # still nothing\n...\n');
      const comments = join(dir, 'comments.yaml');
      writeFileSync(comments, '# nothing here either\n');
      const result = meshdive(['validate', '--format', 'json', empty, comments]);
      expect(result.status).toBe(1);
      const {files} = JSON.parse(result.stdout);
      expect(files).toEqual([
        {file: empty, diagnostics: [expect.objectContaining({severity: 'error', code: 'no-objects', document: 0})]},
        {file: comments, diagnostics: [expect.objectContaining({severity: 'error', code: 'no-objects', document: 0})]},
      ]);
    });

    it('but an empty file applied beside one with objects is fine, as kubectl applies the objects there are', () => {
      const dir = temporaryDirectory();
      const empty = join(dir, 'empty.yaml');
      writeFileSync(empty, '# generated: nothing to deploy\n');
      const valid = join(dir, 'valid.yaml');
      writeFileSync(valid, 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n');
      const result = meshdive(['validate', '--format', 'json', empty, valid]);
      expect(result.status).toBe(0);
      const {files} = JSON.parse(result.stdout);
      expect(files.flatMap((file: {diagnostics: Array<{code: string}>}) => file.diagnostics).filter((d: {code: string}) => d.code === 'no-objects')).toEqual([]);
    });

    it('100,000 document markers and nothing else', () => {
      const dir = temporaryDirectory();
      const file = join(dir, 'markers.yaml');
      writeFileSync(file, '---\n'.repeat(100_000));
      const result = meshdive(['validate', file]);
      expect(result.status).toBe(1);
      expect(result.stdout).toContain(`${file}:1:1: ${noObjects}`);
    }, HANG);

    it('is said in --help', () => {
      const help = meshdive(['--help']).stdout;
      expect(help).toContain('A run whose inputs hold no object (empty, or only comments and ---) is an error,');
      expect(help).toContain('"no objects passed to apply"');
    });
  });
});

describe('--context directories', () => {
  const service = 'apiVersion: v1\nkind: Service\nmetadata: {name: reviews}\nspec:\n  ports: [{port: 9080, name: http}]\n';
  const rule = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: reviews}\nspec:\n  host: reviews\n  subsets: [{name: v1, labels: {version: v1}}]\n';
  const routeToV1 = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: r}\nspec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews, subset: v1}\n';

  /** A VirtualService valid against the Service and DestinationRule: an IST0101 means one of them was not read. */
  function validateAgainst(context: string): Run {
    const file = join(temporaryDirectory(), 'vs.yaml');
    writeFileSync(file, routeToV1);
    return meshdive(['validate', '--context', context, file]);
  }

  it('follows symbolic links to YAML files and to directories', () => {
    const shared = temporaryDirectory();
    writeFileSync(join(shared, 'service.yaml'), service);
    mkdirSync(join(shared, 'rules'));
    writeFileSync(join(shared, 'rules', 'reviews.yaml'), rule);
    const context = temporaryDirectory();
    symlinkSync(join(shared, 'service.yaml'), join(context, 'service.yaml'));
    symlinkSync(join(shared, 'rules'), join(context, 'rules'));
    expect(validateAgainst(context)).toEqual({status: 0, stdout: '0 errors, 0 warnings in 1 file\n', stderr: ''});
  });

  it('ends on a symbolic link cycle, reading each file once', () => {
    const context = temporaryDirectory();
    mkdirSync(join(context, 'cluster'));
    writeFileSync(join(context, 'cluster', 'service.yaml'), service);
    writeFileSync(join(context, 'rule.yaml'), rule);
    // cluster/loop -> .. and cluster/self -> . : walking them naively never ends.
    symlinkSync('..', join(context, 'cluster', 'loop'));
    symlinkSync('.', join(context, 'cluster', 'self'));
    symlinkSync(join(context, 'rule.yaml'), join(context, 'cluster', 'rule-link.yaml'));
    const result = validateAgainst(join(context, 'cluster'));
    expect(result).toEqual({status: 0, stdout: '0 errors, 0 warnings in 1 file\n', stderr: ''});
  }, HANG);

  it('refuses a broken link to a YAML file instead of skipping it', () => {
    const context = temporaryDirectory();
    writeFileSync(join(context, 'service.yaml'), service);
    symlinkSync(join(context, 'gone.yaml'), join(context, 'rule.yaml'));
    const result = validateAgainst(context);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`meshdive: --context ${join(context, 'rule.yaml')}: no such file or directory (a symbolic link to a missing file)\n`);
  });

  it('refuses a directory without YAML files, and one whose files hold no objects (exit 2)', () => {
    const empty = temporaryDirectory();
    writeFileSync(join(empty, 'README.md'), '# not a manifest\n');
    const none = validateAgainst(empty);
    expect(none.status).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toBe(`meshdive: --context ${empty}: no .yaml, .yml or .json files in this directory (or its subdirectories)\n`);

    const comments = temporaryDirectory();
    writeFileSync(join(comments, 'a.yaml'), '# nothing yet\n');
    writeFileSync(join(comments, 'b.yaml'), '---\n');
    const hollow = validateAgainst(comments);
    expect(hollow.status).toBe(2);
    expect(hollow.stderr).toBe(`meshdive: --context ${comments}: no objects: its files are empty or hold only comments\n`);
  });
});

describe('control characters from the input in text output', () => {
  // A host written with YAML escapes: ESC ] 0 ; ... BEL retitles a terminal window, CR
  // rewrites the line, U+202E reverses what follows. IST0132 repeats the hosts as written.
  const manifest = 'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: g}\nspec:\n  selector: {istio: ingressgateway}\n' +
    '  servers:\n  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: [a.example.com]\n---\n' +
    'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: v}\nspec:\n  gateways: [g]\n' +
    '  hosts: ["b\\e]0;owned\\a\\r\\u202e\\x9b.example.com"]\n  http:\n  - route:\n    - destination: {host: a.example.com}\n';
  const controls = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

  it('are shown escaped in text, as \\x1b, \\a, \\r, \\u202e', () => {
    const result = meshdive(['validate', '-'], {input: manifest});
    expect(result.stdout).not.toMatch(controls);
    expect(result.stdout).toContain('warning IST0132: one or more host [b\\x1b]0;owned\\a\\r\\u202e\\x9b.example.com] defined in VirtualService default/v not found in Gateway default/g.');
  });

  it('stay as they are inside JSON strings, which a terminal does not interpret', () => {
    const result = meshdive(['validate', '--format', 'json', '-'], {input: manifest});
    const messages: string[] = JSON.parse(result.stdout).files[0].diagnostics.map((d: {message: string}) => d.message);
    expect(messages).toContain('one or more host [b\u001b]0;owned\u0007\r\u202e\u009b.example.com] defined in VirtualService default/v not found in Gateway default/g.');
    expect(result.stdout.trimEnd()).not.toMatch(/[\u0000-\u001F]/);
  });

  it('in file names, on stdout and in error messages', () => {
    const dir = temporaryDirectory();
    const file = join(dir, 'a\u001b[2J\nb.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: Namespace\nmetadata: {name: Bad}\n');
    const result = meshdive(['validate', file]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`${dir}/a\\x1b[2J\\nb.yaml:3:18: error invalid-metadata`);
    expect(result.stdout).not.toMatch(controls);
    const missing = meshdive(['validate', join(dir, 'gone\u0007.yaml')]);
    expect(missing).toMatchObject({status: 2, stderr: `meshdive: ${dir}/gone\\a.yaml: no such file or directory\n`});
  });
});

describe('hostile YAML answered in bounded time and memory', () => {
  function validateText(name: string, text: string): Run {
    const file = join(temporaryDirectory(), name);
    writeFileSync(file, text);
    return meshdive(['validate', file]);
  }

  it('100,000 nested [ is too deep', () => {
    const result = validateText('deep.yaml', '['.repeat(100_000));
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('error yaml-too-deep: document nests deeper than 100 levels');
  }, HANG);

  it('a billion laughs is excessive aliasing', () => {
    let anchors = '  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    for (let i = 1; i < 10; i++) anchors += `  a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    const result = validateText('laughs.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n${anchors}`);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('error yaml-excessive-aliasing: document contains excessive aliasing');
  }, HANG);

  it('a 20 MB line and a 5 MB key get a report, like any value', () => {
    const configMap = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n${data}\n`;
    for (const [name, text] of [['line.yaml', configMap(`  k: ${'x'.repeat(20_000_000)}`)], ['key.yaml', configMap(`  ${'k'.repeat(5_000_000)}: v`)]]) {
      const result = validateText(name!, text!);
      expect(result.stderr).toBe('');
      expect([0, 1]).toContain(result.status);
      expect(result.stdout).toMatch(/\d+ errors?, \d+ warnings? in 1 file\n$/);
    }
  }, HANG);
});
