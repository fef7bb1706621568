/**
 * Client-side `kubectl apply -f FILE` (kubectl v1.33 pkg/cmd/apply/apply.go applyOneObject, patcher.go,
 * k8s.io/kubectl/pkg/util/apply.go GetModifiedConfiguration) of a file in the session's working directory:
 * per document, in file order, `KIND[.GROUP]/NAME created|configured|unchanged`, and the object as the
 * API server then holds it. What decides the word:
 * - no live object: created, stored with the last-applied annotation (the document, its annotations
 *   without that one, `{}` when it has none, as unstructured's SetAnnotations writes an empty map);
 * - a live object without the annotation: kubectl's warning, then configured (the patch adds it);
 * - a last-applied configuration other than the document: configured (the patch rewrites it);
 * - the same one: the patch holds what the document sets that the live object does not. Scalars and
 *   maps are compared field by field; a list is replaced whole by a JSON merge patch (custom resources)
 *   and merged by key by a strategic merge patch (built-in kinds), so a built-in kind's list the live
 *   object holds longer or with more fields per item is a gap (merge keys are not modelled).
 */
import {kindSpec, familyOfGroup} from '../../engine/families/catalog';
import {kubernetesKinds} from '../../engine/families/kubernetes/kinds';
import {splitApiVersion} from '../../engine/api-version';
import {isRecord, ModelGap, stringMap, type ModelObject, type StateModel} from './model';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** kubectl's name printer: `kind.group/name`, `kind/name` for the core group. */
export const printedName = (o: Pick<ModelObject, 'group' | 'kind' | 'name'>): string => `${o.kind.toLowerCase()}${o.group ? `.${o.group}` : ''}/${o.name}`;

/** cli-runtime Info.ObjectName: `resource.group/name`, as kubectl apply's warning names the object. */
export const objectName = (resource: string, o: Pick<ModelObject, 'group' | 'name'>): string => `${resource}${o.group ? `.${o.group}` : ''}/${o.name}`;

export const WARNING_NO_LAST_APPLIED = (name: string): string =>
  `Warning: resource ${name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n`;

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  if (isRecord(a) || isRecord(b)) {
    if (!isRecord(a) || !isRecord(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && sameJson(a[key], b[key]));
  }
  return a === b;
}

/** GetModifiedConfiguration's object: the document with its annotations, the last-applied one left out (an empty map kept). */
export function modifiedConfiguration(value: Record<string, unknown>): Record<string, unknown> {
  const copy = clone(value);
  const metadata = isRecord(copy.metadata) ? copy.metadata : (copy.metadata = {});
  const annotations = {...stringMap(metadata.annotations)};
  delete annotations[LAST_APPLIED];
  metadata.annotations = annotations;
  return copy;
}

/** Whether the live value already holds what the document sets: true, false, or 'unknown' where a strategic merge's list keys would decide. */
function holds(sent: unknown, live: unknown, strategic: boolean): boolean | 'unknown' {
  if (isRecord(sent)) {
    if (!isRecord(live)) return false;
    let result: boolean | 'unknown' = true;
    for (const [key, value] of Object.entries(sent)) {
      const held = holds(value, live[key], strategic);
      if (held === false) return false;
      if (held === 'unknown') result = 'unknown';
    }
    return result;
  }
  if (Array.isArray(sent)) {
    if (sameJson(sent, live)) return true;
    if (!strategic || !Array.isArray(live) || live.length < sent.length) return false;
    // Held item by item (more fields, or more items, live): a keyed merge adds nothing, an atomic list is replaced.
    return sent.every((item, i) => holds(item, live[i], strategic) !== false) ? 'unknown' : false;
  }
  return sent === live;
}

/** Whether the live value holds the sent one with defaults added: maps by key, lists item by item (the same length), scalars equal. */
function contains(sent: unknown, live: unknown): boolean {
  if (isRecord(sent)) return isRecord(live) && Object.entries(sent).every(([key, value]) => contains(value, live[key]));
  if (Array.isArray(sent)) return Array.isArray(live) && live.length === sent.length && sent.every((item, i) => contains(item, live[i]));
  return sent === live;
}

/** The documents of a file (a model's workdir entry) as the objects kubectl apply sends: namespaced ones in theirs, else the kubeconfig's. */
export function appliedObjects(documents: readonly Record<string, unknown>[], namespace: string): ModelObject[] {
  return documents.map((value) => {
    const metadata = isRecord(value.metadata) ? value.metadata : {};
    const apiVersion = String(value.apiVersion);
    const {group} = splitApiVersion(apiVersion);
    const kind = String(value.kind);
    const spec = kindSpec(group, kind);
    if (!spec) throw new ModelGap(`kubectl apply maps ${kind} of ${apiVersion} to a resource the model's catalog does not hold`);
    const own = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : namespace;
    return {group, kind, namespace: spec.namespaced ? own : '', name: String(metadata.name), value};
  });
}

const sameObject = (a: ModelObject, b: ModelObject): boolean => a.group === b.group && a.kind === b.kind && a.namespace === b.namespace && a.name === b.name;

export interface Applied {
  /** What kubectl prints. */
  text: string;
  /** The objects created or patched, as the document and its last-applied configuration (what the state after must hold). */
  changed: {object: ModelObject; modified: Record<string, unknown>}[];
}

/** kubectl apply of the objects against the state's model. */
export function applyToModel(objects: readonly ModelObject[], model: StateModel): Applied {
  const result: Applied = {text: '', changed: []};
  for (const object of objects) {
    const modified = modifiedConfiguration(object.value);
    const live = model.objects.find((o) => sameObject(o, object));
    const name = printedName(object);
    if (!live) {
      result.text += `${name} created\n`;
      result.changed.push({object, modified});
      continue;
    }
    const last = stringMap(isRecord(live.value.metadata) ? live.value.metadata.annotations : undefined)[LAST_APPLIED];
    if (last === undefined) {
      result.text += `${WARNING_NO_LAST_APPLIED(objectName(kindSpec(object.group, object.kind)!.plural, object))}${name} configured\n`;
      result.changed.push({object, modified});
      continue;
    }
    let original: unknown;
    try {
      original = JSON.parse(last);
    } catch {
      throw new ModelGap(`${object.namespace}/${object.name}'s ${LAST_APPLIED} is not JSON, which kubectl apply would refuse in words not modelled`);
    }
    const strategic = familyOfGroup(object.group) === kubernetesKinds;
    const held = sameJson(original, modified) ? holds(modified, live.value, strategic) : false;
    if (held === 'unknown') throw new ModelGap(`whether kubectl apply's strategic merge patch of ${name} is empty depends on the lists' merge keys, which are not modelled`);
    result.text += `${name} ${held ? 'unchanged' : 'configured'}\n`;
    if (!held) result.changed.push({object, modified});
  }
  return result;
}

/**
 * Whether `after` is `before` with the applied objects: each changed one holding its document (with the
 * API server's defaults) and its last-applied configuration, every other object as it was, nothing else
 * added or removed. A state may be `before` itself: a patch that changes nothing the server keeps.
 */
export function holdsApplied(applied: Applied, before: StateModel, after: StateModel): boolean {
  const changed = (o: ModelObject) => applied.changed.find((c) => sameObject(c.object, o));
  const created = applied.changed.filter((c) => !before.objects.some((o) => sameObject(o, c.object))).length;
  if (after.objects.length !== before.objects.length + created) return false;
  return after.objects.every((o) => {
    const change = changed(o);
    if (!change) return before.objects.some((b) => sameObject(b, o) && sameJson(b.value, o.value));
    const last = stringMap(isRecord(o.value.metadata) ? o.value.metadata.annotations : undefined)[LAST_APPLIED];
    let lastValue: unknown;
    try {
      lastValue = last === undefined ? undefined : JSON.parse(last);
    } catch {
      return false;
    }
    // The live object: the document's fields, each list item with what the API server's defaulting adds.
    return sameJson(lastValue, change.modified) && contains(change.modified, o.value);
  });
}
