/**
 * Istio's CRD schemas are fully inlined: DestinationRule's trafficPolicy appears at the
 * top level, in every subset and per port, so Ajv would generate the same code again and
 * again. This moves large repeated subtrees into `$defs` and references them, which keeps
 * the generated validators small. Only the Ajv input is rewritten; schemas/*.json stay flat.
 */
import type {JsonObject} from './crd-to-schema';

/** Below this size (serialized characters) a shared definition does not pay for its call. */
const MIN_SHARED_SIZE = 250;

const SUBSCHEMA_MAP_KEYWORDS = ['properties'];
const SUBSCHEMA_KEYWORDS = ['items', 'additionalProperties', 'not'];
const SUBSCHEMA_LIST_KEYWORDS = ['oneOf', 'anyOf', 'allOf'];

function forEachSubschema(node: JsonObject, visit: (child: JsonObject, replace: (next: JsonObject) => void) => void): void {
  for (const keyword of SUBSCHEMA_MAP_KEYWORDS) {
    const map = node[keyword] as JsonObject | undefined;
    if (!map) continue;
    for (const name of Object.keys(map)) visit(map[name] as JsonObject, (next) => (map[name] = next));
  }
  for (const keyword of SUBSCHEMA_KEYWORDS) {
    const child = node[keyword];
    if (typeof child === 'object' && child !== null) visit(child as JsonObject, (next) => (node[keyword] = next));
  }
  for (const keyword of SUBSCHEMA_LIST_KEYWORDS) {
    const list = node[keyword] as JsonObject[] | undefined;
    list?.forEach((child, i) => visit(child, (next) => (list[i] = next)));
  }
}

export function shareRepeatedSubschemas(schema: JsonObject): JsonObject {
  const root = structuredClone(schema);
  const counts = new Map<string, number>();
  const countAll = (node: JsonObject): void => {
    forEachSubschema(node, (child) => {
      const text = JSON.stringify(child);
      if (text.length >= MIN_SHARED_SIZE) counts.set(text, (counts.get(text) ?? 0) + 1);
      countAll(child);
    });
  };
  countAll(root);

  const defs: JsonObject = {};
  const defNames = new Map<string, string>();
  const rewrite = (node: JsonObject): void => {
    forEachSubschema(node, (child, replace) => {
      const text = JSON.stringify(child);
      if ((counts.get(text) ?? 0) < 2) return rewrite(child);
      let name = defNames.get(text);
      if (!name) {
        name = `shared${defNames.size}`;
        defNames.set(text, name);
        rewrite(child);
        defs[name] = child;
      }
      replace({$ref: `#/$defs/${name}`});
    });
  };
  rewrite(root);
  if (defNames.size > 0) root.$defs = defs;
  return root;
}
