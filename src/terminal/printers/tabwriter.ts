/**
 * Go's text/tabwriter (format, writeLines) for text with tab-terminated cells: a column's width is
 * set per block of consecutive lines that have a cell in it, the widest cell plus the padding (at
 * least minwidth); a line's last cell is not aligned. `kubectl describe` writes through
 * tabwriter.Init(buf, 0, 8, 2, ' ', 0) (describe.go tabbedString).
 */
export function tabwrite(text: string, minwidth: number, padding: number): string {
  const lines = text.split('\n').map((line) => line.split('\t'));
  const widths: number[][] = lines.map(() => []);
  const length = (cell: string): number => [...cell].length;
  const format = (line0: number, line1: number, column: number): void => {
    for (let line = line0; line < line1; line++) {
      if (column >= lines[line]!.length - 1) continue;
      const start = line;
      let width = minwidth;
      for (; line < line1 && column < lines[line]!.length - 1; line++) width = Math.max(width, length(lines[line]![column]!) + padding);
      for (let k = start; k < line; k++) widths[k]![column] = width;
      format(start, line, column + 1);
    }
  };
  format(0, lines.length, 0);
  return lines.map((cells, i) => cells.map((cell, j) => (j < cells.length - 1 ? cell + ' '.repeat(Math.max(0, widths[i]![j]! - length(cell))) : cell)).join('')).join('\n');
}
