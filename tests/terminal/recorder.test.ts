import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {load} from 'js-yaml';
import {checkSession} from '../../src/terminal/check-session';
import {readCast} from '../../src/terminal/asciicast/format';
import {runRecord} from '../../src/terminal/recorder/cli';
import {findSensitive, Redactor} from '../../src/terminal/recorder/redact';
import {runInShell} from '../../src/terminal/recorder/run-command';
import {ScenarioSession} from '../../src/terminal/session';
import type {Scenario} from '../../src/terminal/scenario';

let dir: string;
const quiet = {out: (): void => undefined, err: (): void => undefined};
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshdive-record-'));
});
afterEach(() => rmSync(dir, {recursive: true, force: true}));

const files = (name: string): {cast: string; scenario: string} => ({
  cast: readFileSync(join(dir, name, 'session.cast'), 'utf8'),
  scenario: readFileSync(join(dir, name, 'scenario.yaml'), 'utf8'),
});

describe('runInShell', () => {
  it('runs a real command through a real shell, stdout and stderr interleaved', async () => {
    const run = await runInShell(`printf 'a\\nb\\n'; echo oops >&2; exit 3`, {shell: '/bin/sh'});
    expect(run.output).toContain('a\nb\n');
    expect(run.output).toContain('oops');
    expect(run.exitCode).toBe(3);
  });
});

describe('meshdive record', () => {
  it('records real commands into a session that passes the build checks and replays in Try it', async () => {
    writeFileSync(join(dir, 'hello.txt'), 'hi\n');
    expect(await runRecord(['record', '--session', 'demo', '--dir', dir, '--shell', '/bin/sh', '--mesh', 'istio', '--', `echo "hello  world"`], quiet)).toBe(0);
    expect(await runRecord(['record', '--session', 'demo', '--dir', dir, '--shell', '/bin/sh', '--', `ls ${dir}`], quiet)).toBe(0);
    expect(await runRecord(['record', '--session', 'demo', '--dir', dir, '--shell', '/bin/sh', '--moves-to', 'changed', '--', `printf 'x=%s\\n' 1`], quiet)).toBe(0);
    expect(await runRecord(['record', '--session', 'demo', '--dir', dir, '--shell', '/bin/sh', '--', `echo "hello  world"`], quiet)).toBe(0);

    const {cast, scenario} = files('demo');
    const checked = checkSession(join(dir, 'demo'), cast, scenario);
    expect(checked.cast.events.filter((e) => e[1] === 'm').map((e) => e[2])).toEqual(['echo "hello  world"', `ls ${dir}`, `printf 'x=%s\\n' 1`, 'echo "hello  world"']);
    const parsed = load(scenario) as Scenario;
    expect(parsed.mesh).toBe('istio');
    expect(parsed.states.map((s) => s.id)).toEqual(['initial', 'changed']);
    // The same command recorded in two states keeps one entry with two outputs.
    expect(parsed.commands.find((c) => c.run.startsWith('echo'))!.outputs).toEqual({initial: 'hello  world\n', changed: 'hello  world\n'});

    const session = new ScenarioSession(checked.scenario);
    expect(session.run(`ls ${dir}`)).toMatchObject({kind: 'output', text: 'demo\nhello.txt\n'});
    expect(session.run(`printf   'x=%s\\n'   1`)).toMatchObject({kind: 'output', text: 'x=1\n', movedTo: 'changed'});
  });

  it('accepts the command as separate words', async () => {
    expect(await runRecord(['--session', 'words', '--mesh', 'linkerd', '--dir', dir, '--shell', '/bin/sh', '--', 'echo', 'two words'], quiet)).toBe(0);
    const cast = readCast(files('words').cast);
    expect(cast.events[0]).toEqual([expect.any(Number), 'm', `echo 'two words'`]);
    expect(cast.events.map((e) => e[2]).join('')).toContain('two words\r\n');
  });

  it('redacts tokens, IPs and cluster names when asked, and warns when not', async () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW0ifQ.c2lnbmF0dXJlc2lnbmF0dXJl';
    const command = `echo "token: ${jwt} from 34.118.2.7 on gke_acme_europe-west1_prod-1 and 34.118.2.7"`;
    const errors: string[] = [];
    await runRecord(['--session', 'raw', '--mesh', 'istio', '--dir', dir, '--shell', '/bin/sh', '--', command], {out: () => undefined, err: (t) => errors.push(t)});
    expect(errors.join('')).toMatch(/possibly sensitive.*--redact all --cluster-name NAME/s);

    await runRecord(['--session', 'clean', '--mesh', 'istio', '--dir', dir, '--shell', '/bin/sh', '--redact', 'all', '--cluster-name', 'prod-1', '--', command], quiet);
    const output = (load(files('clean').scenario) as Scenario).commands[0]!.outputs.initial!;
    expect(output).toBe('token: <redacted-token> from 192.0.2.1 on my-cluster and 192.0.2.1\n');
    expect(findSensitive(output, ['prod-1'])).toEqual([{kind: 'ip', text: '192.0.2.1'}, {kind: 'ip', text: '192.0.2.1'}]);
  });

  it('maps each address to the same replacement across outputs', () => {
    const redactor = new Redactor({ips: true});
    expect(redactor.redact('10.244.1.5 10.244.1.6')).toBe('192.0.2.1 192.0.2.2');
    expect(redactor.redact('10.244.1.6')).toBe('192.0.2.2');
  });

  it('starts a session only with its mesh, and keeps it', async () => {
    const errors: string[] = [];
    const err = {out: (): void => undefined, err: (text: string): void => void errors.push(text)};
    expect(await runRecord(['--session', 'm', '--dir', dir, '--shell', '/bin/sh', '--', 'echo x'], err)).toBe(2);
    expect(errors.join('')).toMatch(/--mesh istio\|linkerd is required: session m names no mesh yet/);
    expect(await runRecord(['--session', 'm', '--dir', dir, '--mesh', 'consul', '--', 'echo x'], err)).toBe(2);
    expect(errors.join('')).toMatch(/--mesh accepts istio, linkerd; got "consul"/);

    expect(await runRecord(['--session', 'm', '--dir', dir, '--shell', '/bin/sh', '--mesh', 'linkerd', '--', 'echo x'], quiet)).toBe(0);
    // Later commands need no --mesh; one that contradicts the session's is refused before it runs.
    expect(await runRecord(['--session', 'm', '--dir', dir, '--shell', '/bin/sh', '--', 'echo y'], quiet)).toBe(0);
    expect(await runRecord(['--session', 'm', '--dir', dir, '--shell', '/bin/sh', '--mesh', 'istio', '--', 'echo z'], err)).toBe(2);
    expect(errors.join('')).toMatch(/--mesh istio: session m was recorded with linkerd/);
    const parsed = load(files('m').scenario) as Scenario;
    expect(parsed.mesh).toBe('linkerd');
    expect(parsed.walkthrough).toEqual(['echo x', 'echo y']);
  });

  it('rejects a call without a session or a command', async () => {
    expect(await runRecord(['--', 'echo', 'x'], quiet)).toBe(2);
    expect(await runRecord(['--session', 'x'], quiet)).toBe(2);
  });
});
