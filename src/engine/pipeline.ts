/**
 * One document through the pipeline: shape → kind → schema → metadata → admission rules,
 * each looked up in the API families' registry (families/registry.ts).
 * Produces findings (pointer-based); positions are attached by the caller.
 */
import {CODES} from './codes';
import {finding, isRecord, type Finding} from './findings';
import {admissionIfControlPlane, admissionRule, controlPlanesShownBy, webhooksSelectNamespaces} from './families/registry';
import {classifyKind} from './kinds';
import {checkMetadata} from './metadata';
import {validateResource} from './schema/index';

export interface ResourceIdentity {
  apiVersion: string;
  kind: string;
  group: string;
  name: string;
  namespace: string;
  /** Namespace written in the document, if any (analysis defaults it to `default`). */
  explicitNamespace: boolean;
}

export interface CheckedDocument {
  findings: Finding[];
  /** Set when the document is a resource worth analysing across documents. */
  resource?: ResourceIdentity;
  /** For a `kind: List` document: its items that are resources (index in `items`), each checked like a document of its own. */
  items?: Array<{index: number; resource: ResourceIdentity; value: Record<string, unknown>}>;
  /**
   * A webhook that judges this kind only in a cluster running its family's control plane
   * (Linkerd's on Gateway API routes): the caller runs it once the run shows that family.
   */
  ifControlPlane?: Array<{family: string; namespace: string; judge: () => Finding[]}>;
  /**
   * Denials of a webhook with a namespaceSelector (Linkerd's): the caller keeps them unless the
   * run shows the object's namespace excluded (families/README.md).
   */
  unlessNamespaceSkips?: Array<{family: string; namespace: string; findings: Finding[]}>;
  /** The families whose control plane this document shows the cluster runs. */
  controlPlanes?: string[];
}

/** The conditional webhooks on an admitted resource, run only if the run shows their control plane. */
function admissionIfRunning(value: Record<string, unknown>, group: string, kind: string, namespace: string): CheckedDocument['ifControlPlane'] {
  return admissionIfControlPlane(group, kind)?.map(({family, rule}) => ({family, namespace, judge: () => rule(value, group, kind)}));
}

/** Whether any finding is an error. */
function hasError(findings: readonly Finding[]): boolean {
  for (const f of findings) if (f.severity === 'error') return true;
  return false;
}

/** `kind: List` (and FooList) documents hold resources in `items`, which kubectl applies one by one. */
function checkList(value: Record<string, unknown>): CheckedDocument {
  const findings: Finding[] = [];
  const items: NonNullable<CheckedDocument['items']> = [];
  const ifControlPlane: NonNullable<CheckedDocument['ifControlPlane']> = [];
  const unlessNamespaceSkips: NonNullable<CheckedDocument['unlessNamespaceSkips']> = [];
  const controlPlanes = new Set<string>();
  if (!Array.isArray(value.items)) {
    return {findings: [finding(value.items === undefined ? '' : '/items', 'key', 'error', CODES.notAMapping, 'a List needs an items array of resources')]};
  }
  value.items.forEach((item, i) => {
    const checked = checkDocument(item);
    for (const f of checked.findings) findings.push({...f, path: `/items/${i}${f.path}`});
    if (checked.resource && isRecord(item)) items.push({index: i, resource: checked.resource, value: item});
    for (const {family, namespace, judge} of checked.ifControlPlane ?? []) {
      ifControlPlane.push({family, namespace, judge: () => judge().map((f) => ({...f, path: `/items/${i}${f.path}`}))});
    }
    for (const {family, namespace, findings: denied} of checked.unlessNamespaceSkips ?? []) {
      unlessNamespaceSkips.push({family, namespace, findings: denied.map((f) => ({...f, path: `/items/${i}${f.path}`}))});
    }
    for (const family of checked.controlPlanes ?? []) controlPlanes.add(family);
  });
  return {
    findings, items, ...(ifControlPlane.length > 0 && {ifControlPlane}), ...(unlessNamespaceSkips.length > 0 && {unlessNamespaceSkips}),
    ...(controlPlanes.size > 0 && {controlPlanes: [...controlPlanes]}),
  };
}

const TOP_LEVEL_DESCRIPTION: Record<string, string> = {
  array: 'a list',
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
};

export function checkDocument(value: unknown): CheckedDocument {
  if (!isRecord(value)) {
    const what = Array.isArray(value) ? 'array' : typeof value;
    const hint = Array.isArray(value)
      ? ': put each resource in its own document, separated by a line containing only ---'
      : ': each document must be a mapping with apiVersion, kind, metadata and spec';
    return {findings: [finding('', 'value', 'error', CODES.notAMapping, `document is ${TOP_LEVEL_DESCRIPTION[what] ?? what}, not a Kubernetes resource${hint}`)]};
  }
  const findings: Finding[] = [];
  const {apiVersion, kind} = value;
  if (apiVersion === undefined || apiVersion === null || apiVersion === '') {
    findings.push(finding(apiVersion === undefined ? '' : '/apiVersion', 'key', 'error', CODES.missingApiVersion,
      'apiVersion not set: every resource needs one, e.g. apiVersion: networking.istio.io/v1'));
  } else if (typeof apiVersion !== 'string') {
    findings.push(finding('/apiVersion', 'value', 'error', CODES.invalidApiVersion, `apiVersion must be a string, got ${JSON.stringify(apiVersion)}`));
  } else if (!/^([a-z0-9.-]+\/)?v[0-9]+((alpha|beta)[0-9]+)?$/.test(apiVersion)) {
    findings.push(finding('/apiVersion', 'value', 'error', CODES.invalidApiVersion,
      `apiVersion ${JSON.stringify(apiVersion)} is not of the form group/version (e.g. networking.istio.io/v1) or version (e.g. v1)`));
  }
  if (kind === undefined || kind === null || kind === '') {
    findings.push(finding(kind === undefined ? '' : '/kind', 'key', 'error', CODES.missingKind,
      'kind not set: every resource needs one, e.g. kind: VirtualService'));
  } else if (typeof kind !== 'string') {
    findings.push(finding('/kind', 'value', 'error', CODES.missingKind, `kind must be a string, got ${JSON.stringify(kind)}`));
  }
  if (findings.length || typeof apiVersion !== 'string' || typeof kind !== 'string') return {findings};
  if (apiVersion === 'v1' && kind.endsWith('List')) return checkList(value);

  const controlPlanes = controlPlanesShownBy(value);
  let ifControlPlane: CheckedDocument['ifControlPlane'];
  let unlessNamespaceSkips: CheckedDocument['unlessNamespaceSkips'];
  const kindClass = classifyKind(apiVersion, kind);
  if (kindClass.type === 'unknown') {
    findings.push(finding(`/${kindClass.at}`, 'value', 'error', kindClass.code, kindClass.message));
    return {findings, ...(controlPlanes && {controlPlanes})};
  }
  appendTo(findings, checkMetadata(value, apiVersion, kind));
  const metadata = isRecord(value.metadata) ? value.metadata : undefined;
  const written = metadata?.namespace;
  const explicitNamespace = typeof written === 'string' && written !== '';
  // The namespace as analysis reads it: `default` when none is written.
  const namespace = explicitNamespace ? written as string : 'default';
  let group = '';
  if (kindClass.type === 'schema') {
    group = kindClass.gvk.group;
    appendTo(findings, validateResource(apiVersion, kind, value));
    // The API server rejects a resource failing its schema before an admission webhook sees it.
    if (hasError(findings)) {
      // One note about skipped checks is enough: the schema's own (CEL rules skipped) covers this one.
      const skipped = kindClass.family.admissionSkipped;
      if (skipped && !findings.some((f) => f.code === 'cel-skipped')) findings.push(finding('', 'value', 'info', CODES.istioRulesSkipped, skipped));
    } else {
      const denied = admissionRule(group, kind)?.(value, group, kind);
      if (denied && denied.length > 0 && webhooksSelectNamespaces(kindClass.family.name)) {
        unlessNamespaceSkips = [{family: kindClass.family.name, namespace, findings: denied}];
      } else {
        appendTo(findings, denied);
      }
      ifControlPlane = admissionIfRunning(value, group, kind, namespace);
    }
  } else if (kindClass.type === 'built-in') {
    group = kindClass.group;
    appendTo(findings, admissionRule(group, kind)?.(value, group, kind));
  } else {
    group = kindClass.group;
    findings.push(finding('/kind', 'value', 'info', CODES.unknownKind,
      `${kind} (${apiVersion}) is not an Istio or built-in Kubernetes kind; only its metadata was checked`));
  }
  const name = typeof metadata?.name === 'string' ? metadata.name : '';
  const checked: CheckedDocument = {findings, resource: {apiVersion, kind, group, name, namespace, explicitNamespace}};
  if (ifControlPlane) checked.ifControlPlane = ifControlPlane;
  if (unlessNamespaceSkips) checked.unlessNamespaceSkips = unlessNamespaceSkips;
  if (controlPlanes) checked.controlPlanes = controlPlanes;
  return checked;
}

/** Appends a step's findings (most steps find none: nothing to spread). */
function appendTo(findings: Finding[], found: readonly Finding[] | undefined): void {
  if (found) for (const f of found) findings.push(f);
}
