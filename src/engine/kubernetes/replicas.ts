/**
 * `spec.replicas` of the built-in workloads, as the API server reads it. The field is an
 * int32 in Go (apps/v1 DeploymentSpec, StatefulSetSpec, ReplicaSetSpec; core/v1
 * ReplicationControllerSpec): a value JSON cannot decode into one (a fraction, 1e20, a
 * string, a boolean) fails decoding before validation, and a negative one fails validation
 * (apps validation: ValidateNonnegativeField). A lab's simulator reads the same field, so a
 * value the cluster refuses must be an error here, not a silent pod count.
 */
import {CODES} from '../codes';
import {finding, isRecord, type Finding} from '../findings';

const REPLICATED: Record<string, string> = {
  Deployment: 'DeploymentSpec',
  StatefulSet: 'StatefulSetSpec',
  ReplicaSet: 'ReplicaSetSpec',
  ReplicationController: 'ReplicationControllerSpec',
};
const INT32_MAX = 2 ** 31 - 1;
const INT32_MIN = -(2 ** 31);

/** Whether JSON decodes `value` into a Go int32 (the simulator reads replicas with the same test). */
export function isInt32(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX;
}

/** Go's json.Unmarshal wording for a JSON value that is not an int32. */
function decodeError(value: unknown, goType: string): string | undefined {
  const field = `Go struct field ${goType}.spec.replicas of type int32`;
  if (isInt32(value)) return undefined;
  if (typeof value === 'number') return `json: cannot unmarshal number ${String(value)} into ${field}`;
  const jsonType = typeof value === 'string' ? 'string' : typeof value === 'boolean' ? 'bool' : Array.isArray(value) ? 'array' : 'object';
  return `json: cannot unmarshal ${jsonType} into ${field}`;
}

export function checkReplicas(kind: string, value: Record<string, unknown>): Finding[] {
  const goType = REPLICATED[kind];
  if (!goType || !isRecord(value.spec) || !Object.hasOwn(value.spec, 'replicas')) return [];
  const replicas = value.spec.replicas;
  if (replicas === null) return [];
  const error = decodeError(replicas, goType);
  if (error) return [finding('/spec/replicas', 'value', 'error', CODES.invalidReplicas, `${kind} in version "v1" cannot be handled as a ${kind}: ${error}`)];
  if ((replicas as number) < 0) {
    return [finding('/spec/replicas', 'value', 'error', CODES.invalidReplicas, `spec.replicas: Invalid value: ${String(replicas)}: must be greater than or equal to 0`)];
  }
  return [];
}
