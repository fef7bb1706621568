/**
 * Schema validation of custom resources, as a Kubernetes API server with the CRDs of Istio
 * 1.30, the Gateway API v1.5.1 and Linkerd 2.20 (scripts/schemas/sources.ts)
 * would do it: OpenAPI schema with strict unknown-field rejection, list-type uniqueness and
 * the CRDs' CEL rules. Pure TypeScript over precompiled data: no DOM, no Node built-ins,
 * no eval, so the same module runs in the browser, the CLI and tests.
 */
import {validators} from '../generated/validators.mjs';
import {evaluateRules} from '../cel/evaluate-rules';
import type {GroupVersionKind, SchemaIssue} from '../types';
import {translateAjvErrors} from './ajv-issues';
import {allEntries, catalogEntry, schemaFor, toGvk} from './catalog';
import type {GeneratedValidator} from './ajv-error';
import {applyDefaults} from './defaults';
import {describeNode, type SchemaDescription} from './describe';
import {helpKey, lookupFieldHelp, helpPathFor} from './field-help';
import {isTypeInvalidFormat} from './field-issues';
import {CEL_BLOCKING_CODES, SCHEMA_ISSUE_CODES} from './issue-codes';
import {checkListTypes} from './list-types';
import type {CatalogEntry, SchemaNode} from './schema-node';

export type {SchemaDescription} from './describe';
export {SCHEMA_ISSUE_CODES, type SchemaIssueCode} from './issue-codes';

/** Every served group/version/kind, e.g. networking.istio.io/v1/VirtualService. */
export function knownKinds(): GroupVersionKind[] {
  return allEntries().map(toGvk);
}

/**
 * The schema lookups of one API family, over the catalog's kinds in the groups it owns
 * (the catalog holds every family's CRDs; a family answers only for its own).
 */
export function familySchemas(owns: (group: string) => boolean): {
  schemaKind(apiVersion: string, kind: string): GroupVersionKind | undefined;
  schemaKinds(): readonly GroupVersionKind[];
} {
  let served: GroupVersionKind[] | undefined;
  return {
    schemaKind: (apiVersion, kind) => {
      const entry = catalogEntry(apiVersion, kind);
      return entry && owns(entry.group) ? toGvk(entry) : undefined;
    },
    schemaKinds: () => (served ??= allEntries().filter((entry) => owns(entry.group)).map(toGvk)),
  };
}

/** The GVK for `apiVersion` (e.g. `networking.istio.io/v1beta1`) and `kind`, if the engine knows it. */
export function findKind(apiVersion: string, kind: string): GroupVersionKind | undefined {
  const entry = catalogEntry(apiVersion, kind);
  return entry && toGvk(entry);
}

/**
 * Validates one resource (the whole object: apiVersion, kind, metadata, spec).
 * Returns undefined when apiVersion/kind is not a custom resource kind known here, else the issues
 * (empty when valid). Never throws.
 */
export function validateResource(apiVersion: string, kind: string, resource: unknown): SchemaIssue[] | undefined {
  const entry = catalogEntry(apiVersion, kind);
  if (!entry) return undefined;
  let target = targets.get(entry);
  if (!target) targets.set(entry, (target = {...entry, schema: schemaFor(entry), validate: validators[entry.schemaId]!}));
  return validateAgainst(target, resource);
}

/** Each catalog entry's target, made on first use. */
const targets = new Map<CatalogEntry, SchemaTarget>();

/** One served version's schema with its compiled validator, and what the API server does around them. */
export interface SchemaTarget {
  schema: SchemaNode;
  validate: GeneratedValidator;
  statusSubresource: boolean;
  deprecationWarning?: string;
}

/**
 * Validates a resource against one schema as the API server does: defaults, schema, list
 * types, then CEL rules. validateResource's work, open to schemas outside the catalog (a test
 * judging the Gateway API's experimental channel). Never throws.
 */
export function validateAgainst(target: SchemaTarget, resource: unknown): SchemaIssue[] {
  const {schema, validate} = target;
  try {
    // With a status subresource, create deletes `status` before validation (customResourceStrategy.PrepareForCreate,
    // apiextensions-apiserver pkg/registry/customresource/strategy.go): its schema, list types, CEL rules and
    // defaults (the Gateway's conditions) are never checked, so the generated validators leave it out too.
    const statusWritten = target.statusSubresource && hasStatus(resource);
    if (statusWritten) resource = withoutStatus(resource as Record<string, unknown>);
    // The API server validates the object as decoded: with the schema's defaults filled in.
    resource = applyDefaults(target.statusSubresource ? withoutStatusSchema(schema) : schema, resource);
    const errors = validate(resource) ? [] : (validate.errors ?? []);
    const issues = errors.length ? translateAjvErrors(errors, schema, resource) : [];
    if (target.deprecationWarning) issues.unshift(deprecated(target.deprecationWarning));
    issues.push(...checkListTypes(schema, resource));
    // A status the manifest did not write (a default's) is nothing to note.
    if (statusWritten) issues.push(statusIgnored());
    if (issues.some((issue) => CEL_BLOCKING_CODES.has(issue.code) || isTypeInvalidFormat(issue))) {
      // The API server does the same: CEL rules assume the schema's shape.
      issues.push(info(SCHEMA_ISSUE_CODES.celSkipped, '', 'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation'));
    } else {
      issues.push(...evaluateRules(schema, resource));
    }
    return issues;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return [{path: '', at: 'value', severity: 'warning', code: SCHEMA_ISSUE_CODES.internal, message: `schema validation could not complete: ${reason}`}];
  }
}

/** The API server serves a deprecated version and says so with every request (kubectl prints it as "Warning: ..."). */
function deprecated(warning: string): SchemaIssue {
  return {path: '/apiVersion', at: 'value', severity: 'warning', code: SCHEMA_ISSUE_CODES.deprecatedVersion, message: warning};
}

function info(code: string, path: string, message: string): SchemaIssue {
  return {path, at: 'value', severity: 'info', code, message};
}

/**
 * With a status subresource (every Istio and Gateway API kind) the API server resets `status` on create and
 * ignores it on update, so nothing inside it reaches a cluster: one note says so.
 */
function statusIgnored(): SchemaIssue {
  return {
    path: '/status',
    at: 'key',
    severity: 'info',
    code: SCHEMA_ISSUE_CODES.statusIgnored,
    message: 'status is written by the cluster; the API server ignores it in manifests (it is dropped on create)',
  };
}

function hasStatus(resource: unknown): boolean {
  return typeof resource === 'object' && resource !== null && 'status' in resource;
}

/** The object as PrepareForCreate leaves it: a copy without `status`, the other keys in their order. */
function withoutStatus(resource: Record<string, unknown>): Record<string, unknown> {
  const {status: _dropped, ...rest} = resource;
  return rest;
}

/** A root schema without its `status` property, for defaulting (its default would only be dropped); made once per schema. */
const rootsWithoutStatus = new WeakMap<SchemaNode, SchemaNode>();

function withoutStatusSchema(schema: SchemaNode): SchemaNode {
  if (!schema.properties?.status) return schema;
  let root = rootsWithoutStatus.get(schema);
  if (!root) {
    const {status: _dropped, ...properties} = schema.properties;
    rootsWithoutStatus.set(schema, (root = {...schema, properties}));
  }
  return root;
}

/** The project's help text for a field: kind (no group/version; `group/Kind` outside Istio) and help path like `/spec/http/route/destination/host`. */
export function fieldHelp(kind: string, schemaPath: string): string | undefined {
  return lookupFieldHelp(kind, schemaPath);
}

/** The help path for a data pointer (`/spec/http/0/route` → `/spec/http/route`), or undefined for unknown kinds. */
export function helpPathAt(apiVersion: string, kind: string, pointer: string): string | undefined {
  const entry = catalogEntry(apiVersion, kind);
  return entry && helpPathFor(schemaFor(entry), pointer);
}

/**
 * What the schema allows at a data pointer (`''` for the resource root; list indexes may be
 * `0`, `*` or `-`): type, child fields, required, enum values, bounds and help. Undefined
 * when the kind is unknown or the pointer leaves the schema.
 */
export function describeSchemaAt(apiVersion: string, kind: string, pointer: string): SchemaDescription | undefined {
  const entry = catalogEntry(apiVersion, kind);
  return entry && describeNode(helpKey(entry.group, entry.kind), schemaFor(entry), pointer);
}
