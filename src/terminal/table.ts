/**
 * kubectl's tables as its printer lays them out (text/tabwriter: cells padded
 * by 3 spaces, at least 6 wide, the last column unpadded), so that a recorded
 * `kubectl get TYPE` table can answer `kubectl get TYPE NAME`.
 */
const PADDING = 3;
const MIN_WIDTH = 6;

/** Cuts a table into cells at its header's column starts; undefined if it is not a NAME-first table. */
export function readTable(text: string): string[][] | undefined {
  const lines = text.replace(/\n$/, '').split('\n');
  const header = lines[0] ?? '';
  if (!/^NAME {3,}\S/.test(header) && header.trim() !== 'NAME') return undefined;
  // Header cells are separated by at least the padding; a single space stays inside a heading ("NOMINATED NODE").
  const starts = [...header.matchAll(/(?:^| {2,})(\S)/g)].map((match) => match.index! + match[0].length - 1);
  return lines.map((line) => starts.map((start, i) => line.slice(start, starts[i + 1] ?? line.length).trim()));
}

export function writeTable(rows: string[][]): string {
  const columns = rows[0]?.length ?? 0;
  const widths = Array.from({length: columns}, (_, i) => Math.max(MIN_WIDTH, ...rows.map((row) => [...row[i]!].length + PADDING)));
  return rows.map((row) => row.map((cell, i) => (i === columns - 1 ? cell : cell.padEnd(widths[i]! - ([...cell].length - cell.length)))).join('').trimEnd()).join('\n') + '\n';
}

/** The table with only the rows of these names, in the order asked (as kubectl prints them); undefined if one is missing. */
export function rowsNamed(text: string, names: string[]): string | undefined {
  const table = readTable(text);
  if (!table || names.length === 0) return undefined;
  const [header, ...rows] = table;
  const picked = names.map((name) => rows.find((row) => row[0] === name));
  if (picked.some((row) => row === undefined)) return undefined;
  return writeTable([header!, ...(picked as string[][])]);
}
