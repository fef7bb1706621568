import {diagnose, yaml} from '../helpers';
import type {ValidateOptions} from '../../../src/engine/index';

export {yaml};

/** Errors and warnings (infos that say a later stage was skipped are left out), compacted. */
export function findings(text: string, options: ValidateOptions = {}) {
  return diagnose(text, options)
    .filter((d) => d.code !== 'istio-rules-skipped' && d.code !== 'cel-skipped')
    .map(({at, severity, code, message}) => ({at, severity, code, message}));
}

/** A resource of the given kind with the spec indented under `spec:` (metadata at lines 3-5). */
export const resource = (apiVersion: string, kind: string, spec: string, metadata = '  name: sample\n  namespace: default\n') =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n${metadata}spec:\n${spec}`;
