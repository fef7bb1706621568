/**
 * The commands of a fenced terminal block: one per non-comment line, as the seed lists them.
 * Its own module because every page with a terminal renders them before anything loads: it must
 * not pull the session engine (session.ts and its printers) into the page's first chunk.
 */
export function commandsOfBlock(code: string): string[] {
  return code.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
}
