import type {SchemaIssue, Severity} from './types';
import {pointerToFieldPath} from './pointer';

/** A problem located by JSON pointer inside one resource; positions are added later. */
export type Finding = SchemaIssue;

export function finding(path: string, at: 'key' | 'value', severity: Severity, code: string, message: string): Finding {
  return {path, at, severity, code, message};
}

/** API-server style: `metadata.name: Invalid value: "Reviews": <reason>` */
export function invalidValue(path: string, value: unknown, reason: string, code: string): Finding {
  return finding(path, 'value', 'error', code, `${pointerToFieldPath(path)}: Invalid value: ${JSON.stringify(value)}: ${reason}`);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
