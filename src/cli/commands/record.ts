/**
 * `meshdive record`, for authors with a cluster. Its options, usage and usage errors live with
 * the recorder (src/terminal/recorder/cli.ts, on the shared parser); it is loaded only when
 * used: the recorder brings Ajv, which `meshdive validate` must not pay for at start-up.
 */
import type {CliCommand} from '../command';

export const recordCommand: CliCommand = {
  prefix: 'meshdive record',
  usage: 'Usage: meshdive record --session NAME [options] -- COMMAND...   (see meshdive record --help)\n',
  async run(argv) {
    return (await import('../../terminal/recorder/cli')).runRecord([...argv]);
  },
};
