/**
 * Shared metrics of the server-rendered fallback and the editor, so that swapping
 * one for the other does not move the page.
 */
export const LINE_HEIGHT = 20;
export const FONT_SIZE = 14;
export const VERTICAL_PADDING = 12;
/** Labs grow with their content up to this many lines, then scroll. */
export const MAX_LINES = 40;

export function lineCount(text: string): number {
  return text.replace(/\n$/, '').split('\n').length;
}

export function editorHeight(lines: number): number {
  return Math.min(lines, MAX_LINES) * LINE_HEIGHT + 2 * VERTICAL_PADDING;
}
