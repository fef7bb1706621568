/**
 * Turns the OpenAPI v3 schemas inside Istio's CustomResourceDefinitions into plain
 * JSON Schemas that Ajv can compile and that behave like the Kubernetes API server:
 * unknown fields are rejected (kubectl's default strict field validation), int-or-string
 * has the union type the API server gives it, and the Kubernetes extensions (CEL rules,
 * list types) are kept for the engine's own checks. Description prose is dropped on purpose: the project
 * may use the API's facts but writes its own help text.
 */
import type {ServedVersion} from '../../src/engine/schema/schema-node';

export type JsonObject = {[key: string]: unknown};

export interface ServedVersionSchema extends ServedVersion {
  schema: JsonObject;
}

/** Schema keywords the converter understands and keeps (everything else is a bug in the input). */
const KEPT_KEYWORDS = new Set([
  'type', 'format', 'enum', 'required', 'properties', 'items', 'additionalProperties',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
  'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems', 'uniqueItems',
  'minProperties', 'maxProperties', 'nullable', 'oneOf', 'anyOf', 'allOf', 'not', 'default',
  'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string', 'x-kubernetes-validations',
  'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-map-type',
  'x-kubernetes-embedded-resource',
]);

const DROPPED_KEYWORDS = new Set(['description', 'title', 'example', 'externalDocs']);

const VALIDATION_RULE_FIELDS = ['rule', 'message', 'messageExpression', 'fieldPath', 'reason', 'optionalOldSelf'];

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Converts one schema node (recursively). `path` is only used in error messages. */
export function convertNode(node: unknown, path: string): JsonObject {
  if (!isObject(node)) throw new Error(`${path}: schema node is not an object`);
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED_KEYWORDS.has(key)) continue;
    if (!KEPT_KEYWORDS.has(key)) throw new Error(`${path}: unsupported schema keyword "${key}"`);
    switch (key) {
      case 'properties':
        out.properties = Object.fromEntries(
          Object.entries(value as JsonObject).map(([name, child]) => [name, convertNode(child, `${path}.${name}`)]),
        );
        break;
      case 'items':
      case 'not':
        out[key] = convertNode(value, `${path}/${key}`);
        break;
      case 'additionalProperties':
        out.additionalProperties = typeof value === 'boolean' ? value : convertNode(value, `${path}/*`);
        break;
      case 'oneOf':
      case 'anyOf':
      case 'allOf':
        out[key] = (value as unknown[]).map((child, i) => convertNode(child, `${path}/${key}/${i}`));
        break;
      case 'x-kubernetes-validations':
        out[key] = (value as JsonObject[]).map(keepValidationRule);
        break;
      default:
        out[key] = value;
    }
  }
  applyIntOrString(out, path);
  applyStrictUnknownFields(out);
  return out;
}

function keepValidationRule(rule: JsonObject): JsonObject {
  const kept: JsonObject = {};
  for (const field of VALIDATION_RULE_FIELDS) if (rule[field] !== undefined) kept[field] = rule[field];
  return kept;
}

/**
 * int-or-string is validated as the type ["integer", "string"]: apiextensions-apiserver's
 * ConvertJSONSchemaPropsWithPostProcess (pkg/apiserver/validation/validation.go) sets that type
 * where x-kubernetes-int-or-string is true. The CRD's own `anyOf: [{type: integer}, {type: string}]`
 * (Istio's) is kept beside it, as the API server keeps it: a value of neither type then fails
 * the type, the anyOf, and the anyOf's first branch, three field errors.
 */
function applyIntOrString(out: JsonObject, path: string): void {
  if (out['x-kubernetes-int-or-string'] !== true) return;
  const anyOf = out.anyOf as JsonObject[] | undefined;
  if (anyOf) {
    const types = anyOf.map((branch) => branch.type);
    const plain = anyOf.every((branch) => Object.keys(branch).length === 1);
    if (!plain || types.join(',') !== 'integer,string') {
      throw new Error(`${path}: unexpected anyOf next to x-kubernetes-int-or-string`);
    }
  }
  out.type = ['integer', 'string'];
}

/** The API server rejects fields its schema does not know unless the node preserves them. */
function applyStrictUnknownFields(out: JsonObject): void {
  if (out.type !== 'object') return;
  if (out['x-kubernetes-preserve-unknown-fields'] === true) return;
  if (out.additionalProperties !== undefined) return;
  out.additionalProperties = false;
}

/**
 * Wraps a version's `openAPIV3Schema` in the resource envelope. apiVersion, kind and
 * metadata are implicit in every custom resource; metadata has its own checks elsewhere,
 * so here it only has to be an object.
 */
export function wrapEnvelope(openApiSchema: unknown, path: string): JsonObject {
  const root = convertNode(openApiSchema, path);
  const properties = (root.properties ?? {}) as JsonObject;
  // metadata stays an open object even where a CRD declares it (the Gateway API's say `type: object`).
  const {metadata: _declared, ...rest} = properties;
  root.properties = {
    apiVersion: {type: 'string'},
    kind: {type: 'string'},
    metadata: {type: 'object'},
    ...rest,
  };
  root.type = 'object';
  if (root['x-kubernetes-preserve-unknown-fields'] !== true) root.additionalProperties = false;
  return root;
}

interface CrdVersion {
  name: string;
  served?: boolean;
  storage?: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  schema?: {openAPIV3Schema?: unknown};
  subresources?: {status?: unknown};
}

/** Every served version of every CRD document, in input order. */
export function servedVersionSchemas(documents: unknown[]): ServedVersionSchema[] {
  const result: ServedVersionSchema[] = [];
  for (const doc of documents) {
    if (!isObject(doc) || doc.kind !== 'CustomResourceDefinition') continue;
    const spec = doc.spec as {group: string; names: {kind: string; plural: string}; versions: CrdVersion[]};
    for (const version of spec.versions) {
      if (version.served === false) continue;
      const openApi = version.schema?.openAPIV3Schema;
      if (!openApi) throw new Error(`${spec.names.kind} ${version.name}: no openAPIV3Schema`);
      result.push({
        group: spec.group,
        version: version.name,
        kind: spec.names.kind,
        plural: spec.names.plural,
        storage: version.storage === true,
        deprecated: version.deprecated === true,
        ...(version.deprecated === true ? {deprecationWarning: version.deprecationWarning ?? defaultDeprecationWarning(spec.group, spec.names.kind, version.name, spec.versions)} : {}),
        statusSubresource: version.subresources?.status !== undefined,
        schema: wrapEnvelope(openApi, `${spec.names.kind}/${version.name}`),
      });
    }
  }
  return result;
}

/**
 * apiextensions-apiserver's defaultDeprecationWarning: "<group>/<version> <Kind> is deprecated",
 * pointing at the newest version of the CRD that sorts above it (Kubernetes' version order).
 */
function defaultDeprecationWarning(group: string, kind: string, deprecated: string, versions: readonly CrdVersion[]): string {
  const message = `${group}/${deprecated} ${kind} is deprecated`;
  const newest = versions.map((v) => v.name).sort((a, b) => compareKubeAwareVersions(b, a))[0];
  return newest !== undefined && compareKubeAwareVersions(newest, deprecated) > 0 ? `${message}; use ${group}/${newest} ${kind}` : message;
}

/** k8s.io/apimachinery's CompareKubeAwareVersionStrings: every GA above every beta above every alpha, then by numbers; others last, by name. */
export function compareKubeAwareVersions(a: string, b: string): number {
  const rank = (v: string): [number, number, number] | undefined => {
    const match = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!match) return undefined;
    return [match[2] === undefined ? 2 : match[2] === 'beta' ? 1 : 0, Number(match[1]), Number(match[3] ?? 0)];
  };
  const ra = rank(a);
  const rb = rank(b);
  if (!ra || !rb) return ra ? 1 : rb ? -1 : b.localeCompare(a);
  if (ra[0] !== rb[0]) return ra[0] - rb[0];
  if (ra[1] !== rb[1]) return ra[1] - rb[1];
  return ra[2] - rb[2];
}

/** Pretty JSON with keys in a fixed order, so regenerating yields byte-identical files. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys(value[key])]),
  );
}
