import {existsSync} from 'node:fs';
import {execFileSync} from 'node:child_process';
import {chromium, type Browser} from 'playwright-core';

/**
 * Finds Debian's Chromium (playwright's own browser downloads cannot work offline),
 * installing it with apt when running as root. Never skips: without a browser the
 * end-to-end suite fails with instructions.
 */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return CANDIDATES.find((path) => existsSync(path));
}

export function ensureChromium(): string {
  const found = findChromium();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('Chromium not found: installing Debian\'s chromium package with apt-get…');
    execFileSync('apt-get', ['update'], {stdio: 'inherit'});
    execFileSync('apt-get', ['install', '-y', 'chromium'], {stdio: 'inherit', env: {...process.env, DEBIAN_FRONTEND: 'noninteractive'}});
    const installed = findChromium();
    if (installed) return installed;
  }
  throw new Error(
    'No Chromium found for the end-to-end tests. Install it with `sudo apt-get install -y chromium` ' +
      '(Debian/Ubuntu) or point CHROMIUM_PATH at a Chromium or Chrome binary.',
  );
}

/** Flags that keep a headless Chromium quiet on a machine with no network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({executablePath: ensureChromium(), args: CHROMIUM_ARGS, headless: true});
}
