/**
 * Rebuilds each session's session.cast from its scenario.yaml walkthrough, for authors
 * who edit recorded outputs by hand (sessions recorded on a real cluster with
 * `meshdive record` already have their cast). First it writes into scenario.yaml the
 * outputs the engine computes from the session's cluster model (`istioctl analyze`), so
 * that nobody writes those by hand. The build checks that all of them agree.
 * Run: npm run labs:compose-casts [-- NAME...]
 */
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {composeCast} from '../../src/terminal/asciicast/compose';
import {readCast, writeCast} from '../../src/terminal/asciicast/format';
import {checkScenario} from '../../src/terminal/check-session';
import {computedOutputs} from '../../src/terminal/cluster-state';
import {writeOutputs} from '../../src/terminal/write-outputs';

const sessionsDir = join('labs', 'sessions');
const requested = process.argv.slice(2);
const names = requested.length > 0 ? requested : readdirSync(sessionsDir, {withFileTypes: true}).filter((entry) => entry.isDirectory()).map((entry) => entry.name);

for (const name of names) {
  const dir = join(sessionsDir, name);
  const file = join(dir, 'scenario.yaml');
  const readFile = (relative: string): string => readFileSync(join(dir, relative), 'utf8');
  const text = readFileSync(file, 'utf8');
  const computed = computedOutputs(checkScenario(file, text, {computed: 'skip', readFile}), readFile);
  const written = computed.length > 0 ? writeOutputs(file, text, computed) : text;
  if (written !== text) {
    writeFileSync(file, written);
    console.log(`wrote ${file} (${computed.length} computed outputs)`);
  }
  const scenario = checkScenario(file, written, {readFile});
  const castFile = join(dir, 'session.cast');
  // Keep the recording's screen size and date: only the events are rebuilt.
  const previous = existsSync(castFile) ? readCast(readFileSync(castFile, 'utf8')).header : undefined;
  const cast = composeCast(scenario, {width: previous?.width, height: previous?.height});
  if (previous?.timestamp !== undefined) cast.header.timestamp = previous.timestamp;
  writeFileSync(castFile, writeCast(cast));
  console.log(`wrote ${castFile}`);
}
