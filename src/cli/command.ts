/**
 * What the dispatcher (main.ts) knows of a command, and the one path every command's errors take:
 * a UsageError prints the message and the command's usage (exit 2), an IoError its message
 * (exit 2, unless the command answers it itself), anything else an internal error (exit 2).
 */
import {escapeControls} from './escape';
import {IoError} from './io';
import {usageErrorReport, UsageError} from './options';

export interface CliCommand {
  /** Prefix of its messages on stderr (`meshdive route: …`). */
  readonly prefix: string;
  readonly usage: string;
  /** The exit status. Usage problems are thrown as UsageError, unreadable input as IoError. */
  run(argv: readonly string[]): Promise<number>;
}

export async function runCommand(command: CliCommand, argv: readonly string[]): Promise<number> {
  try {
    return await command.run(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(usageErrorReport(command.prefix, error.message, command.usage));
      return 2;
    }
    if (error instanceof IoError) {
      process.stderr.write(`${command.prefix}: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`${command.prefix}: internal error: ${escapeControls(error instanceof Error ? error.stack ?? error.message : String(error))}\n`);
    return 2;
  }
}
