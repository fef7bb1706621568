/**
 * How Linkerd's webhook answers (policy-controller/runtime/src/admission.rs): every check is an
 * anyhow `bail!`, so the first failure denies the request with that one message, and nothing
 * after it is looked at. `deny` throws that failure with the field it is about; `admit` runs a
 * validator and turns the failure, if any, into the resource's one finding.
 */
import {CODES} from '../../../codes';
import type {Finding} from '../../../findings';
import {joinPointer} from '../../../pointer';

/** The code of every denial of Linkerd's policy webhook (linkerd-policy-validator.linkerd.io). */
export const LINKERD_ADMISSION = CODES.linkerdAdmission;

export class Denied extends Error {
  constructor(readonly path: string, message: string, readonly at: 'key' | 'value' = 'value') {
    super(message);
  }
}

/** bail!(message), about the field at `path`. */
export function deny(path: string, message: string, at: 'key' | 'value' = 'value'): never {
  throw new Denied(path, message, at);
}

export const at = joinPointer;

export type Obj = Record<string, unknown>;

export function admit(validate: () => void): Finding[] {
  try {
    validate();
    return [];
  } catch (error) {
    if (!(error instanceof Denied)) throw error;
    return [{path: error.path, at: error.at, severity: 'error', code: LINKERD_ADMISSION, message: error.message}];
  }
}

export const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
export const obj = (value: unknown): Obj => (isObj(value) ? value : {});
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
