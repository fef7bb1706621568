/**
 * Rebuilds each session's session.cast from its scenario.yaml walkthrough, for authors
 * who edit recorded outputs by hand (sessions recorded on a real cluster with
 * `meshdive record` already have their cast). The build checks that both agree.
 * Run: npm run labs:compose-casts [-- NAME...]
 */
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {composeCast} from '../../src/terminal/asciicast/compose';
import {readCast, writeCast} from '../../src/terminal/asciicast/format';
import {checkScenario} from '../../src/terminal/check-session';

const sessionsDir = join('labs', 'sessions');
const requested = process.argv.slice(2);
const names = requested.length > 0 ? requested : readdirSync(sessionsDir, {withFileTypes: true}).filter((entry) => entry.isDirectory()).map((entry) => entry.name);

for (const name of names) {
  const file = join(sessionsDir, name, 'scenario.yaml');
  const scenario = checkScenario(file, readFileSync(file, 'utf8'));
  const castFile = join(sessionsDir, name, 'session.cast');
  // Keep the recording's screen size and date: only the events are rebuilt.
  const previous = existsSync(castFile) ? readCast(readFileSync(castFile, 'utf8')).header : undefined;
  const cast = composeCast(scenario, {width: previous?.width, height: previous?.height});
  if (previous?.timestamp !== undefined) cast.header.timestamp = previous.timestamp;
  writeFileSync(castFile, writeCast(cast));
  console.log(`wrote ${castFile}`);
}
