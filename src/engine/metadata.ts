/**
 * ObjectMeta checked as the API server does on `kubectl apply` (apimachinery's
 * ValidateObjectMeta plus strict field validation), with its wording.
 */
import {CODES} from './codes';
import {finding, invalidValue, isRecord, type Finding} from './findings';
import {
  dns1035LabelErrors, dns1123LabelErrors, dns1123SubdomainErrors, labelValueErrors, qualifiedNameErrors,
} from './k8sNames';
import {joinPointer} from './pointer';
import {utf8Length} from './yaml/index';

const OBJECT_META_FIELDS = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation',
  'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations',
  'ownerReferences', 'finalizers', 'managedFields',
]);

/** Kinds whose names follow a stricter rule than a DNS subdomain, and kinds without a namespace. */
const NAME_RULES: Record<string, (name: string) => string[]> = {
  'v1/Service': dns1035LabelErrors,
  'v1/Namespace': dns1123LabelErrors,
};
const CLUSTER_SCOPED = new Set(['v1/Namespace', 'v1/Node', 'v1/PersistentVolume', 'rbac.authorization.k8s.io/v1/ClusterRole',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding', 'apiextensions.k8s.io/v1/CustomResourceDefinition',
  'admissionregistration.k8s.io/v1/MutatingWebhookConfiguration', 'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration']);

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
  const typeKey = `${apiVersion}/${kind}`;

  for (const field of Object.keys(metadata)) {
    if (!OBJECT_META_FIELDS.has(field)) {
      findings.push(finding(joinPointer('/metadata', field), 'key', 'error', CODES.unknownMetadataField,
        `unknown field "metadata.${field}": ObjectMeta has no such field${suggestField(field)}`));
    }
  }

  findings.push(...checkName(metadata, typeKey));
  if (metadata.namespace !== undefined && metadata.namespace !== null) {
    const namespace = metadata.namespace;
    if (typeof namespace !== 'string') findings.push(mustBeString('/metadata/namespace', namespace));
    else if (namespace !== '') {
      for (const reason of dns1123LabelErrors(namespace)) findings.push(invalidValue('/metadata/namespace', namespace, reason, code));
    }
    if (CLUSTER_SCOPED.has(typeKey) && namespace) {
      findings.push(finding('/metadata/namespace', 'key', 'warning', code, `metadata.namespace: ${kind} is cluster-scoped; the namespace is ignored`));
    }
  }
  findings.push(...checkLabels(metadata.labels));
  findings.push(...checkAnnotations(metadata.annotations));
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
      // A generated name appends random characters, so a trailing '-' is fine.
      const masked = generateName.endsWith('-') ? `${generateName.slice(0, -1)}a` : generateName;
      for (const reason of nameRule(masked)) findings.push(invalidValue('/metadata/generateName', generateName, reason, code));
    }
  }
  return findings;
}

function checkLabels(labels: unknown): Finding[] {
  if (labels === undefined || labels === null) return [];
  if (!isRecord(labels)) return [mustBeMapOfStrings('/metadata/labels', labels)];
  const findings: Finding[] = [];
  for (const [key, value] of Object.entries(labels)) {
    const path = joinPointer('/metadata/labels', key);
    for (const reason of qualifiedNameErrors(key)) {
      findings.push(finding(path, 'key', 'error', code, `metadata.labels: Invalid value: ${JSON.stringify(key)}: ${reason}`));
    }
    if (typeof value !== 'string') {
      findings.push(mustBeString(path, value, 'label'));
      continue;
    }
    for (const reason of labelValueErrors(value)) findings.push(invalidValue(path, value, reason, code));
  }
  return findings;
}

function checkAnnotations(annotations: unknown): Finding[] {
  if (annotations === undefined || annotations === null) return [];
  if (!isRecord(annotations)) return [mustBeMapOfStrings('/metadata/annotations', annotations)];
  const findings: Finding[] = [];
  let totalBytes = 0;
  for (const [key, value] of Object.entries(annotations)) {
    const path = joinPointer('/metadata/annotations', key);
    // Annotation keys are qualified names, but compared lower-cased by the API server.
    for (const reason of qualifiedNameErrors(key.toLowerCase())) {
      findings.push(finding(path, 'key', 'error', code, `metadata.annotations: Invalid value: ${JSON.stringify(key)}: ${reason}`));
    }
    if (typeof value !== 'string') {
      findings.push(mustBeString(path, value, 'annotation'));
      continue;
    }
    totalBytes += utf8Length(key) + utf8Length(value);
  }
  if (totalBytes > MAX_ANNOTATIONS_BYTES) {
    findings.push(finding('/metadata/annotations', 'key', 'error', code,
      `metadata.annotations: Too long: must have at most ${MAX_ANNOTATIONS_BYTES} bytes`));
  }
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
