/** Output formats: `file:line:column: severity code: message`, or one JSON object. */
import type {Diagnostic} from '../engine/index';

export interface FileReport {
  file: string;
  diagnostics: Diagnostic[];
}

export function formatText(reports: readonly FileReport[]): string {
  const lines: string[] = [];
  for (const {file, diagnostics} of reports) {
    for (const d of diagnostics) {
      lines.push(`${file}:${d.range.start.line}:${d.range.start.column}: ${d.severity} ${d.code}: ${d.message.replace(/\n/g, ' ')}`);
    }
  }
  const counts = countBySeverity(reports);
  const summary = `${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}` +
    (counts.info ? `, ${counts.info} info` : '') + ` in ${reports.length} file${reports.length === 1 ? '' : 's'}`;
  return lines.length ? `${lines.join('\n')}\n${summary}\n` : `${summary}\n`;
}

export function formatJson(reports: readonly FileReport[]): string {
  return `${JSON.stringify({files: reports})}\n`;
}

export function countBySeverity(reports: readonly FileReport[]): Record<'error' | 'warning' | 'info', number> {
  const counts = {error: 0, warning: 0, info: 0};
  for (const {diagnostics} of reports) for (const d of diagnostics) counts[d.severity]++;
  return counts;
}
