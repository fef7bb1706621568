/**
 * A reading of an object made once and kept as long as the object lives (a WeakMap): a route's
 * references, a policy's authentications, a Gateway's listeners are asked for by several
 * analyzers and for every object that refers to them.
 */
export function readOnce<K extends object, V>(read: (key: K) => V): (key: K) => V {
  const readings = new WeakMap<K, V>();
  return (key) => {
    let value = readings.get(key);
    if (value === undefined && !readings.has(key)) readings.set(key, (value = read(key)));
    return value as V;
  };
}
