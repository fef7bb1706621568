/**
 * Records keyed by names the user chose (headers, query parameters, labels): `constructor`,
 * `__proto__`, `toString` or `hasOwnProperty` are ordinary names there, so reads look at
 * own properties only and writes define own properties (a plain `record['__proto__'] = v`
 * would set the prototype, or do nothing for a string).
 */

/** `record[key]` if the record itself has it, never a value inherited from Object.prototype. */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * `record[key] = value` as an own, enumerable property, `__proto__` included. `record` is a plain
 * object (`{}`): assigning any other key defines it as its own, since every other property it
 * inherits from Object.prototype is a writable data property; only `__proto__` is a setter, and
 * is defined instead. (Defining every key cost the cluster model and every labels copy a slow path.)
 */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  if (key !== '__proto__') record[key] = value;
  else Object.defineProperty(record, key, {value, writable: true, enumerable: true, configurable: true});
}
