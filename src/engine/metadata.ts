/**
 * ObjectMeta checked as the API server does on `kubectl apply` (apimachinery's
 * ValidateObjectMeta plus strict field validation), with its wording.
 */
import {splitApiVersion} from './api-version';
import {CODES} from './codes';
import {kindSpec} from './families/catalog';
import {finding, invalidValue, isRecord, type Finding} from './findings';
import {
  dns1035LabelErrors, dns1123LabelErrors, dns1123SubdomainErrors, labelValueErrors, qualifiedNameErrors,
} from './k8sNames';
import {parseGoRfc3339} from './go/time-rfc3339';
import {joinPointer} from './pointer';
import {utf8Length} from './yaml/index';

const OBJECT_META_FIELDS = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation',
  'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations',
  'ownerReferences', 'finalizers', 'managedFields',
]);

/** The ObjectMeta fields manifests usually write; the rest are checked only when present. */
const COMMON_FIELDS = new Set(['name', 'generateName', 'namespace', 'labels', 'annotations']);

/**
 * Kinds whose names follow another rule than a DNS subdomain (keyed by group/kind): Services a
 * DNS-1035 label, Namespaces a DNS-1123 label (pkg/apis/core/validation), RBAC objects any
 * path segment (pkg/apis/rbac/validation ValidateRBACName = path.IsValidPathSegmentName, so
 * `system:controller:foo` is a valid ClusterRole name).
 */
const NAME_RULES: Record<string, (name: string) => string[]> = {
  '/Service': dns1035LabelErrors,
  '/Namespace': dns1123LabelErrors,
  'rbac.authorization.k8s.io/Role': pathSegmentNameErrors,
  'rbac.authorization.k8s.io/RoleBinding': pathSegmentNameErrors,
  'rbac.authorization.k8s.io/ClusterRole': pathSegmentNameErrors,
  'rbac.authorization.k8s.io/ClusterRoleBinding': pathSegmentNameErrors,
};
/**
 * Whether objects of a kind have no namespace (kubectl, and istioctl's file source, drop theirs):
 * the API families' catalog says each kind's scope (`namespaced`); a kind it does not list is namespaced.
 */
export function isClusterScoped(group: string, kind: string): boolean {
  return kindSpec(group, kind)?.namespaced === false;
}

/** k8s.io/apimachinery/pkg/api/validation/path IsValidPathSegmentName. */
function pathSegmentNameErrors(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  return ['/', '%'].filter((bad) => name.includes(bad)).map((bad) => `may not contain '${bad}'`);
}


const MAX_ANNOTATIONS_BYTES = 256 * 1024;
const code = CODES.metadata;

export function checkMetadata(resource: Record<string, unknown>, apiVersion: string, kind: string): Finding[] {
  const findings: Finding[] = [];
  const metadata = resource.metadata;
  if (metadata === undefined || metadata === null) {
    return [finding('', 'key', 'error', code, 'metadata.name: Required value: name or generateName is required')];
  }
  if (!isRecord(metadata)) {
    return [finding('/metadata', 'value', 'error', code, `metadata: Invalid value: ${describeType(metadata)}: metadata must be a mapping with name, namespace, labels...`)];
  }
  const group = splitApiVersion(apiVersion).group;
  const typeKey = `${group}/${kind}`;

  // Most manifests write only name, namespace, labels and annotations: the checks of the
  // server-written fields run only when one of those is present.
  let serverFields = false;
  for (const field of Object.keys(metadata)) {
    if (!OBJECT_META_FIELDS.has(field)) {
      findings.push(finding(joinPointer('/metadata', field), 'key', 'error', CODES.unknownMetadataField,
        `unknown field "metadata.${field}": ObjectMeta has no such field${suggestField(field)}`));
    } else if (!COMMON_FIELDS.has(field)) serverFields = true;
  }

  findings.push(...checkName(metadata, typeKey));
  if (metadata.namespace !== undefined && metadata.namespace !== null) {
    const namespace = metadata.namespace;
    if (typeof namespace !== 'string') findings.push(mustBeString('/metadata/namespace', namespace));
    else if (namespace !== '') {
      for (const reason of dns1123LabelErrors(namespace)) findings.push(invalidValue('/metadata/namespace', namespace, reason, code));
    }
    if (isClusterScoped(group, kind) && namespace) {
      findings.push(finding('/metadata/namespace', 'key', 'warning', code, `metadata.namespace: ${kind} is cluster-scoped; the namespace is ignored`));
    }
  }
  findings.push(...checkLabels(metadata.labels));
  findings.push(...checkAnnotations(metadata.annotations));
  if (serverFields) {
    findings.push(...checkFieldTypes(metadata));
    findings.push(...checkFinalizers(metadata.finalizers));
    findings.push(...checkOwnerReferences(metadata.ownerReferences));
  }
  return findings;
}

function checkName(metadata: Record<string, unknown>, typeKey: string): Finding[] {
  const {name, generateName} = metadata;
  const nameRule = NAME_RULES[typeKey] ?? dns1123SubdomainErrors;
  if (name === undefined || name === null || name === '') {
    if (typeof generateName === 'string' && generateName !== '') {
      return [finding('/metadata/generateName', 'key', 'error', code,
        'metadata.name: Required value: kubectl apply needs a name; generateName only works with kubectl create')];
    }
    const at = name === undefined ? '/metadata' : '/metadata/name';
    return [finding(at, 'key', 'error', code, 'metadata.name: Required value: name or generateName is required')];
  }
  if (typeof name !== 'string') return [mustBeString('/metadata/name', name)];
  const findings = nameRule(name).map((reason) => invalidValue('/metadata/name', name, reason, code));
  if (generateName !== undefined && generateName !== null) {
    if (typeof generateName !== 'string') findings.push(mustBeString('/metadata/generateName', generateName));
    else {
      // A generated name appends random characters, so a trailing '-' is fine. apimachinery's
      // maskTrailingDash replaces the last two characters (name[:len(name)-2] + "a"), not only the dash.
      const masked = generateName.length > 1 && generateName.endsWith('-') ? `${generateName.slice(0, -2)}a` : generateName;
      for (const reason of nameRule(masked)) findings.push(invalidValue('/metadata/generateName', generateName, reason, code));
    }
  }
  return findings;
}

function checkLabels(labels: unknown): Finding[] {
  if (labels === undefined || labels === null) return [];
  if (!isRecord(labels)) return [mustBeMapOfStrings('/metadata/labels', labels)];
  const findings: Finding[] = [];
  for (const key in labels) {
    if (!Object.hasOwn(labels, key)) continue;
    const value = labels[key];
    // The pointer only for a finding: nearly every label has none, and every resource has labels.
    const keyErrors = qualifiedNameErrors(key);
    const valueErrors = typeof value === 'string' ? labelValueErrors(value) : undefined;
    if (keyErrors.length === 0 && valueErrors?.length === 0) continue;
    const path = joinPointer('/metadata/labels', key);
    for (const reason of keyErrors) {
      findings.push(finding(path, 'key', 'error', code, `metadata.labels: Invalid value: ${JSON.stringify(key)}: ${reason}`));
    }
    if (value === null) {
      // encoding/json leaves a map's string element empty for null: the label is stored as "".
      findings.push(finding(path, 'value', 'warning', code,
        `metadata.labels.${key}: null is stored as an empty label value ""; write the value, or "" if empty is meant`));
      continue;
    }
    if (typeof value !== 'string') {
      findings.push(mustBeString(path, value, 'label'));
      continue;
    }
    for (const reason of valueErrors!) findings.push(invalidValue(path, value, reason, code));
  }
  return findings;
}

/**
 * Annotations as `kubectl apply` sends them. kubectl reads them through Unstructured.GetAnnotations,
 * which returns nil when one value is not a string (NestedStringMap's error is swallowed), and then
 * writes back only its last-applied-configuration annotation (k8s.io/kubectl/pkg/util/apply.go
 * GetModifiedConfiguration): the resource is created, but with none of the written annotations
 * (kubernetes/kubernetes#59113, #84759). Only string maps reach the API server's ValidateAnnotations.
 */
function checkAnnotations(annotations: unknown): Finding[] {
  if (annotations === undefined || annotations === null) return [];
  const dropped = ': kubectl apply silently drops every annotation of this resource when one is not a string';
  if (!isRecord(annotations)) {
    return [finding('/metadata/annotations', 'value', 'warning', code,
      `metadata.annotations: ${describeType(annotations)} is not a mapping of string keys to string values${dropped}`)];
  }
  const notStrings = Object.entries(annotations).filter(([, value]) => typeof value !== 'string');
  if (notStrings.length > 0) {
    return notStrings.map(([key, value]) => {
      const hint = value === null ? '; write a value, or "" for an empty one'
        : typeof value === 'boolean' || typeof value === 'number' ? `; quote it ("${String(value)}") so YAML reads it as a string` : '';
      return finding(joinPointer('/metadata/annotations', key), 'value', 'warning', code,
        `metadata.annotations.${key}: ${describeType(value)} is not a string${dropped}${hint}`);
    });
  }
  const findings: Finding[] = [];
  let totalBytes = 0;
  for (const [key, value] of Object.entries(annotations)) {
    const path = joinPointer('/metadata/annotations', key);
    // Annotation keys are qualified names, but compared lower-cased by the API server.
    for (const reason of qualifiedNameErrors(key.toLowerCase())) {
      findings.push(finding(path, 'key', 'error', code, `metadata.annotations: Invalid value: ${JSON.stringify(key)}: ${reason}`));
    }
    totalBytes += utf8Length(key) + utf8Length(value as string);
  }
  if (totalBytes > MAX_ANNOTATIONS_BYTES) {
    findings.push(finding('/metadata/annotations', 'key', 'error', code,
      `metadata.annotations: Too long: must have at most ${MAX_ANNOTATIONS_BYTES} bytes`));
  }
  return findings;
}

const INT64_LIMIT = 2 ** 63;

/**
 * The API server decodes a custom resource's metadata into metav1.ObjectMeta with encoding/json
 * (apiextensions-apiserver schema/objectmeta GetObjectMeta, dropMalformedFields false for requests):
 * a value of the wrong JSON type fails the whole request. null is accepted everywhere.
 */
function checkFieldTypes(metadata: Record<string, unknown>): Finding[] {
  const findings: Finding[] = [];
  for (const field of ['uid', 'resourceVersion', 'selfLink']) {
    const value = metadata[field];
    if (value !== undefined && value !== null && typeof value !== 'string') findings.push(mustBeString(`/metadata/${field}`, value));
  }
  for (const field of ['generation', 'deletionGracePeriodSeconds']) {
    const value = metadata[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || Math.abs(value) >= INT64_LIMIT) {
      findings.push(finding(`/metadata/${field}`, 'value', 'error', code,
        `metadata.${field}: Invalid value: ${describeType(value)}: must be a whole number (int64)`));
    }
  }
  for (const field of ['creationTimestamp', 'deletionTimestamp']) {
    const value = metadata[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' || parseGoRfc3339(value) === undefined) {
      findings.push(finding(`/metadata/${field}`, 'value', 'error', code,
        `metadata.${field}: Invalid value: ${describeType(value)}: must be an RFC 3339 time such as "2024-01-02T15:04:05Z" (or null); the API server sets it itself, so it is best left out`));
    }
  }
  const managed = metadata.managedFields;
  if (managed !== undefined && managed !== null && (!Array.isArray(managed) || managed.some((entry) => entry !== null && !isRecord(entry)))) {
    findings.push(finding('/metadata/managedFields', 'value', 'error', code,
      `metadata.managedFields: Invalid value: ${describeType(managed)}: must be a list of managed field entries; it is written by the API server, so leave it out`));
  }
  return findings;
}

/** apimachinery ValidateFinalizers: each a qualified name; orphan and foregroundDeletion not both. */
function checkFinalizers(finalizers: unknown): Finding[] {
  if (finalizers === undefined || finalizers === null) return [];
  if (!Array.isArray(finalizers)) {
    return [finding('/metadata/finalizers', 'value', 'error', code, `metadata.finalizers: Invalid value: ${describeType(finalizers)}: must be a list of strings`)];
  }
  const findings: Finding[] = [];
  finalizers.forEach((item, index) => {
    const path = `/metadata/finalizers/${index}`;
    // JSON null decodes to "" in a []string, which then fails the qualified-name rule.
    const name = item === null ? '' : item;
    if (typeof name !== 'string') {
      findings.push(mustBeString(path, item));
      return;
    }
    for (const reason of qualifiedNameErrors(name)) {
      findings.push(finding(path, 'value', 'error', code, `metadata.finalizers: Invalid value: ${JSON.stringify(name)}: ${reason}`));
    }
  });
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    findings.push(finding('/metadata/finalizers', 'value', 'error', code,
      'metadata.finalizers: Invalid value: ["orphan","foregroundDeletion"]: finalizer orphan and foregroundDeletion cannot be both set'));
  }
  return findings;
}

const OWNER_REFERENCE_FIELDS: Record<string, 'string' | 'boolean'> = {
  apiVersion: 'string', kind: 'string', name: 'string', uid: 'string', controller: 'boolean', blockOwnerDeletion: 'boolean',
};

/** apimachinery ValidateOwnerReferences (messages use the list's path, without index) plus strict decoding. */
function checkOwnerReferences(references: unknown): Finding[] {
  if (references === undefined || references === null) return [];
  const base = '/metadata/ownerReferences';
  if (!Array.isArray(references)) {
    return [finding(base, 'value', 'error', code, `metadata.ownerReferences: Invalid value: ${describeType(references)}: must be a list of owner references`)];
  }
  const findings: Finding[] = [];
  let firstController = '';
  references.forEach((reference, index) => {
    const path = `${base}/${index}`;
    if (reference === null) reference = {};
    if (!isRecord(reference)) {
      findings.push(finding(path, 'value', 'error', code, `metadata.ownerReferences[${index}]: Invalid value: ${describeType(reference)}: must be a mapping (apiVersion, kind, name, uid)`));
      return;
    }
    let typesOk = true;
    for (const [field, value] of Object.entries(reference)) {
      const wanted = OWNER_REFERENCE_FIELDS[field];
      if (!wanted) {
        findings.push(finding(joinPointer(path, field), 'key', 'error', CODES.unknownMetadataField,
          `unknown field "metadata.ownerReferences[${index}].${field}"`));
      } else if (value !== null && typeof value !== wanted) {
        typesOk = false;
        findings.push(finding(joinPointer(path, field), 'value', 'error', code,
          `metadata.ownerReferences[${index}].${field}: Invalid value: ${describeType(value)}: must be a ${wanted}`));
      }
    }
    if (!typesOk) return;
    const text = (field: string) => (typeof reference[field] === 'string' ? reference[field] as string : '');
    const apiVersion = text('apiVersion');
    const slashes = apiVersion.split('/').length - 1;
    const version = slashes === 0 ? apiVersion : slashes === 1 ? apiVersion.slice(apiVersion.indexOf('/') + 1) : '';
    const empty = (field: string, reason: string) => findings.push(finding(
      reference[field] === undefined ? path : joinPointer(path, field), reference[field] === undefined ? 'key' : 'value', 'error', code,
      `metadata.ownerReferences.${field}: Invalid value: ${JSON.stringify(text(field))}: ${reason}`));
    if (!version) empty('apiVersion', 'version must not be empty');
    if (!text('kind')) empty('kind', 'must not be empty');
    if (!text('name')) empty('name', 'must not be empty');
    if (!text('uid')) empty('uid', 'must not be empty');
    if (apiVersion === 'v1' && text('kind') === 'Event') {
      findings.push(finding(path, 'value', 'error', code, 'metadata.ownerReferences: Invalid value: "Event": /v1, Kind=Event is disallowed from being an owner'));
    }
    if (reference.controller === true) {
      const current = `${text('kind')}/${text('name')}`;
      if (firstController) {
        findings.push(finding(joinPointer(path, 'controller'), 'value', 'error', code,
          `metadata.ownerReferences: Invalid value: "array": Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`));
      } else firstController = current;
    }
  });
  return findings;
}

function mustBeString(path: string, value: unknown, what = ''): Finding {
  const hint = typeof value === 'boolean' || typeof value === 'number' || value === null
    ? `; quote it ("${String(value)}") so YAML reads it as a string`
    : '';
  const subject = what ? `${what} values must be strings` : 'must be a string';
  return finding(path, 'value', 'error', code,
    `${pathLabel(path)}: Invalid value: ${describeType(value)}: ${subject}${hint}`);
}

function mustBeMapOfStrings(path: string, value: unknown): Finding {
  return finding(path, 'value', 'error', code, `${pathLabel(path)}: Invalid value: ${describeType(value)}: must be a mapping of string keys to string values`);
}

function pathLabel(path: string): string {
  return path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return '"array"';
  if (typeof value === 'object') return '"object"';
  return typeof value === 'string' ? JSON.stringify(value) : `${String(value)} (${typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : typeof value})`;
}

function suggestField(field: string): string {
  const lower = field.toLowerCase();
  for (const known of OBJECT_META_FIELDS) {
    if (known.toLowerCase() === lower || (lower === 'label' && known === 'labels') || (lower === 'annotation' && known === 'annotations')) {
      return ` (did you mean "${known}"?)`;
    }
  }
  if (['selector', 'hosts', 'http', 'spec'].includes(field)) return ` ("${field}" belongs under spec, not metadata)`;
  return '';
}
