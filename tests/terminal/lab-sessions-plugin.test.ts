import {cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {LoadContext} from '@docusaurus/types';
import labSessions from '../../src/plugins/lab-sessions';

let site: string | undefined;
afterEach(() => {
  if (site) rmSync(site, {recursive: true, force: true});
});

function siteWith(name: string, edit?: (dir: string) => void): string {
  site = mkdtempSync(join(tmpdir(), 'meshdive-site-'));
  // All the sessions: a session's cluster model may name another's files (../installation/cluster/…).
  cpSync(join('labs', 'sessions'), join(site, 'labs', 'sessions'), {recursive: true});
  const dir = join(site, 'labs', 'sessions', name);
  if (name !== 'traffic-not-routing') cpSync(join('labs', 'sessions', 'traffic-not-routing'), dir, {recursive: true});
  edit?.(dir);
  return site;
}

const load = async (siteDir: string): Promise<unknown> => await labSessions({siteDir} as LoadContext).loadContent!();

describe('lab-sessions plugin', () => {
  it('loads the recorded sessions', async () => {
    await expect(load(siteWith('traffic-not-routing'))).resolves.toHaveProperty(['traffic-not-routing', 'scenario', 'session'], 'traffic-not-routing');
  });

  it('fails the build on a malformed event, naming the .cast file and the line', async () => {
    const siteDir = siteWith('traffic-not-routing', (dir) => {
      const lines = readFileSync(join(dir, 'session.cast'), 'utf8').split('\n');
      lines[4] = '[1.5, "o"]';
      writeFileSync(join(dir, 'session.cast'), lines.join('\n'));
    });
    await expect(load(siteDir)).rejects.toThrow(/labs\/sessions\/traffic-not-routing\/session\.cast:5: event/);
  });

  it('fails the build on a scenario error, naming the YAML file and line', async () => {
    const siteDir = siteWith('traffic-not-routing', (dir) => {
      const text = readFileSync(join(dir, 'scenario.yaml'), 'utf8').replace('moves: {broken: fixed, logging: fixed-logging}', 'moves: {broken: repaired, logging: fixed-logging}');
      writeFileSync(join(dir, 'scenario.yaml'), text);
    });
    await expect(load(siteDir)).rejects.toThrow(/labs\/sessions\/traffic-not-routing\/scenario\.yaml:\d+:\d+: move broken → repaired names an unknown state/);
  });

  it('reads the cluster files a scenario names from the site, and fails the build on one missing', async () => {
    const siteDir = siteWith('traffic-not-routing', (dir) => rmSync(join(dir, 'cluster', 'reviews-destinationrule.yaml')));
    await expect(load(siteDir)).rejects.toThrow(/labs\/sessions\/traffic-not-routing\/scenario\.yaml:\d+:\d+: cluster file cluster\/reviews-destinationrule\.yaml cannot be read/);
  });

  it('requires the directory name to match the session', async () => {
    await expect(load(siteWith('renamed'))).rejects.toThrow(/must match the directory name "renamed"/);
  });
});
