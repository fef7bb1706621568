import {diagnose} from '../helpers';
import type {ValidateOptions} from '../../../src/engine/index';

/** Errors, warnings and infos, compacted; the infos that only say a later stage was skipped are left out. */
export function findings(text: string, options: ValidateOptions = {}) {
  return diagnose(text, options)
    .filter((d) => d.code !== 'istio-rules-skipped' && d.code !== 'cel-skipped')
    .map(({at, severity, code, message}) => ({at, severity, code, message}));
}

/** Only the errors. */
export const errors = (text: string, options: ValidateOptions = {}) => findings(text, options).filter((f) => f.severity === 'error');

/** Errors and warnings: an EnvoyFilter, for one, always carries kubectl's informational notice. */
export const errorsAndWarnings = (text: string, options: ValidateOptions = {}) => findings(text, options).filter((f) => f.severity !== 'info');

/** Only istioctl analyze's own messages (IST codes). */
export const istioctlFindings = (text: string, options: ValidateOptions = {}) => findings(text, options).filter((f) => f.code.startsWith('IST'));

/** A resource of the given kind with the spec indented under `spec:` (metadata at lines 3-5). */
export const resource = (apiVersion: string, kind: string, spec: string, metadata = '  name: sample\n  namespace: default\n') =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n${metadata}spec:\n${spec}`;
