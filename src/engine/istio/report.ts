import {CODES} from '../codes';
import type {Finding} from '../findings';
import {joinPointer} from '../pointer';
import {messageText} from '../analysis/messages';

/**
 * A webhook warning that istioctl analyze reports as a message of its own (Go's AnalysisAwareError,
 * mapped by analyzers/schema/validation.go): the message's name and its parameters.
 */
export interface AnalysisAware {
  message: 'VirtualServiceUnreachableRule' | 'VirtualServiceIneffectiveMatch';
  parameters: string[];
}

const NO_ANALYSIS_AWARE: ReadonlyMap<Finding, AnalysisAware> = new Map();

/** Collects Istio validation findings, each anchored at a JSON pointer. */
export class Report {
  readonly findings: Finding[] = [];
  /** Made by the first AnalysisAwareError: a report per resource, nearly all without one. */
  private aware: Map<Finding, AnalysisAware> | undefined;

  /** The findings that are AnalysisAwareErrors in Go, with what istioctl analyze's message needs. */
  get analysisAware(): ReadonlyMap<Finding, AnalysisAware> {
    return this.aware ?? NO_ANALYSIS_AWARE;
  }

  error(path: string, message: string, at: 'key' | 'value' = 'value'): void {
    this.findings.push({path, at, severity: 'error', code: CODES.istioValidation, message});
  }

  warning(path: string, message: string, at: 'key' | 'value' = 'value', code: string = CODES.istioValidationWarning): void {
    this.findings.push({path, at, severity: 'warning', code, message});
  }

  info(path: string, message: string, code: string, at: 'key' | 'value' = 'value'): void {
    this.findings.push({path, at, severity: 'info', code, message});
  }

  /** The webhook's warnUnused (IST0130's wording and level). */
  unreachableRule(path: string, ruleno: string, reason: string): void {
    this.warning(path, messageText('VirtualServiceUnreachableRule', [ruleno, reason]), 'value', CODES.virtualServiceUnreachableRule);
    (this.aware ??= new Map()).set(this.findings.at(-1)!, {message: 'VirtualServiceUnreachableRule', parameters: [ruleno, reason]});
  }

  /** The webhook's warnIneffective (IST0131's wording and level). */
  ineffectiveMatch(path: string, ruleno: string, matchno: string, dupno: string): void {
    this.info(path, messageText('VirtualServiceIneffectiveMatch', [ruleno, matchno, dupno]), CODES.virtualServiceIneffectiveMatch);
    (this.aware ??= new Map()).set(this.findings.at(-1)!, {message: 'VirtualServiceIneffectiveMatch', parameters: [ruleno, matchno, dupno]});
  }
}

export const at = joinPointer;
