/**
 * How Linkerd's webhook answers (policy-controller/runtime/src/admission.rs): every check is an
 * anyhow `bail!`, so the first failure denies the request with that one message, and nothing
 * after it is looked at. `deny` throws that failure with the field it is about; `admit` runs a
 * validator and turns the failure, if any, into the resource's one finding.
 */
import {CODES} from '../../../codes';
import {isRecord, type Finding} from '../../../findings';
import {joinPointer} from '../../../pointer';

/** The code of every denial of Linkerd's policy webhook (linkerd-policy-validator.linkerd.io). */
export const LINKERD_ADMISSION = CODES.linkerdAdmission;

export class Denied extends Error {
  constructor(readonly path: string, message: string, readonly at: 'key' | 'value' = 'value') {
    super(message);
  }
}

/** bail!(message), about the field at `path`. */
export function deny(path: Path, message: string, at: 'key' | 'value' = 'value'): never {
  throw new Denied(pointerOf(path), message, at);
}

type Segment = string | number;

/**
 * A field below another, kept as the steps to it and joined into a JSON pointer only when a
 * denial names it: the webhook visits every field of an object it admits, and a pointer string
 * built per field cost more than the checks themselves.
 */
interface Steps {
  from: Path;
  a: Segment;
  b?: Segment;
  c?: Segment;
}

/** Where a denial points: a JSON pointer, or the steps to one. */
export type Path = string | Steps;

/** The field at `a` (then `b`, then `c`) below `from`. */
export const at = (from: Path, a: Segment, b?: Segment, c?: Segment): Path => ({from, a, b, c});

/** The JSON pointer of a path. */
export function pointerOf(path: Path): string {
  if (typeof path === 'string') return path;
  const {from, a, b, c} = path;
  const base = pointerOf(from);
  return b === undefined ? joinPointer(base, a) : c === undefined ? joinPointer(base, a, b) : joinPointer(base, a, b, c);
}

export type Obj = Record<string, unknown>;

export function admit(validate: () => void): Finding[] {
  try {
    validate();
    return [];
  } catch (error) {
    return denialOf(error);
  }
}

/** A validator's failure as the resource's one finding (anything but a denial is a bug: thrown on). */
export function denialOf(error: unknown): Finding[] {
  if (!(error instanceof Denied)) throw error;
  return [{path: error.path, at: error.at, severity: 'error', code: LINKERD_ADMISSION, message: error.message}];
}

export const isObj: (value: unknown) => value is Obj = isRecord;
export const obj = (value: unknown): Obj => (isObj(value) ? value : {});
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
