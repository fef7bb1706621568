import {validateYaml, type ValidateOptions} from '../../src/engine/index';

/** Compact diagnostics for assertions: `line:column severity code message`. */
export function diagnose(text: string, options: ValidateOptions = {}) {
  return validateYaml(text, options).diagnostics.map((d) => ({
    at: `${d.range.start.line}:${d.range.start.column}`,
    end: `${d.range.end.line}:${d.range.end.column}`,
    severity: d.severity,
    code: d.code,
    message: d.message,
    document: d.document,
    path: d.path,
  }));
}

/** Only the diagnostics that are not informational. */
export function problems(text: string, options: ValidateOptions = {}) {
  return diagnose(text, options).filter((d) => d.severity !== 'info');
}

export const yaml = (strings: TemplateStringsArray, ...values: unknown[]) =>
  String.raw({raw: strings}, ...values).replace(/^\n/, '');
