/**
 * admission.rs Validate<RateLimitPolicySpec> (HTTPLocalRateLimitPolicy), after serde read every
 * `requestsPerSecond` as a u32 (the CRD allows any int64).
 */
import {at, deny, isObj, list, obj, type Obj, type Path} from './deny';
import {canonicalKind, SERVER, SERVICE_ACCOUNT, targetsKind} from './refs';
import {serdeUnsignedError} from './rust';

function rps(limit: unknown, path: Path): number | undefined {
  if (!isObj(limit)) return undefined;
  const error = serdeUnsignedError(limit.requestsPerSecond, 32);
  if (error) deny(at(path, 'requestsPerSecond'), error);
  return limit.requestsPerSecond as number;
}

export function validateRateLimitPolicy(spec: Obj): void {
  const total = rps(spec.total, '/spec/total');
  const identity = rps(spec.identity, '/spec/identity');
  const overrides = list(spec.overrides).map((value, i) => ({value: obj(value), path: at('/spec/overrides', i), rps: rps(value, at('/spec/overrides', i))!}));

  const target = obj(spec.targetRef);
  if (!targetsKind(target, SERVER)) deny('/spec/targetRef/kind', `invalid targetRef kind: ${canonicalKind(target)}`);
  if (total !== undefined) {
    if (total === 0) deny('/spec/total/requestsPerSecond', 'total.requestsPerSecond must be greater than 0');
    if (identity !== undefined && identity > total) {
      deny('/spec/identity/requestsPerSecond', 'identity.requestsPerSecond must be less than or equal to total.requestsPerSecond');
    }
    const over = overrides.find((o) => o.rps > total);
    if (over) deny(at(over.path, 'requestsPerSecond'), 'override.requestsPerSecond must be less than or equal to total.requestsPerSecond');
  }
  if (identity === 0) deny('/spec/identity/requestsPerSecond', 'identity.requestsPerSecond must be greater than 0');
  for (const override of overrides) {
    if (override.rps === 0) deny(at(override.path, 'requestsPerSecond'), 'override.requestsPerSecond must be greater than 0');
    list(override.value.clientRefs).forEach((ref, j) => {
      if (!targetsKind(obj(ref), SERVICE_ACCOUNT)) deny(at(override.path, 'clientRefs', j, 'kind'), 'overrides.clientRefs must target a ServiceAccount');
    });
  }
}
