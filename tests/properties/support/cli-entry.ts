/** `meshdive` from the sources, for the hostile-invocation tests (bundled by cli.test.ts, as scripts/cli/build.mjs bundles the CLI). */
import {main} from '../../../src/cli/main';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
}, (error: unknown) => {
  process.stderr.write(`unhandled: ${String(error)}\n`);
  process.exitCode = 70;
});
