import {CODES} from '../codes';
import type {Finding} from '../findings';
import {joinPointer} from '../pointer';

/** Collects Istio validation findings, each anchored at a JSON pointer. */
export class Report {
  readonly findings: Finding[] = [];

  error(path: string, message: string, at: 'key' | 'value' = 'value'): void {
    this.findings.push({path, at, severity: 'error', code: CODES.istioValidation, message});
  }

  warning(path: string, message: string, at: 'key' | 'value' = 'value', code: string = CODES.istioValidationWarning): void {
    this.findings.push({path, at, severity: 'warning', code, message});
  }

  info(path: string, message: string, code: string, at: 'key' | 'value' = 'value'): void {
    this.findings.push({path, at, severity: 'info', code, message});
  }
}

export const at = joinPointer;
