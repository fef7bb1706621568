/**
 * Helpers for the tests of Linkerd's policy webhook: a resource written as YAML (metadata on
 * lines 3-5, `spec:` on line 6, the spec from line 7), and its findings compacted.
 */
import type {ValidateOptions} from '../../../src/engine/index';
import {diagnose} from '../helpers';

export const LINKERD_ADMISSION = 'linkerd-admission';

/** A resource in namespace `emojivoto` named `web`; `annotations` (YAML lines, indented 4) go under its metadata. */
export function manifest(apiVersion: string, kind: string, spec: string, annotations = ''): string {
  const meta = annotations ? `  annotations:\n${annotations}` : '';
  return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: web\n  namespace: emojivoto\n${meta}spec:\n${spec}`;
}

/** Errors and warnings (the notes that say a stage was skipped left out), with where they point. */
export function verdict(text: string, options: ValidateOptions = {}) {
  return diagnose(text, options)
    .filter((d) => d.severity !== 'info')
    .map(({at, path, severity, code, message}) => ({at, path, severity, code, message}));
}

/** The webhook's denial alone (it denies with one message): `{path, message}`, or undefined when admitted. */
export function denial(text: string, options: ValidateOptions = {}) {
  const found = verdict(text, options).filter((d) => d.code === LINKERD_ADMISSION);
  if (found.length > 1) throw new Error(`the webhook denies with one message, got ${found.length}`);
  return found[0] && {path: found[0].path, message: found[0].message};
}
