/**
 * Whether an object shows a cluster running Linkerd (families/README.md, "Webhooks on other
 * families' kinds"). Light on purpose: the engine's pipeline asks it of every document, and the
 * book's pages ask it of a lab's context to name what judges the lab; it imports nothing.
 */
const LINKERD_DOMAIN = 'linkerd.io';

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

const underLinkerd = (key: string) => {
  const prefix = key.slice(0, Math.max(0, key.indexOf('/')));
  return prefix === LINKERD_DOMAIN || prefix.endsWith(`.${LINKERD_DOMAIN}`);
};

/** Called on every document of a run: reads without building defaults for what is missing. */
function annotatedForLinkerd(metadata: unknown): boolean {
  if (!isObj(metadata)) return false;
  const annotations = metadata.annotations;
  if (isObj(annotations)) for (const key in annotations) if (underLinkerd(key)) return true;
  return isObj(metadata.labels) && 'linkerd.io/control-plane-ns' in metadata.labels;
}

/**
 * Whether an object shows a cluster running Linkerd: one of its kinds (any *.linkerd.io group), or
 * an object (a Namespace, a workload's pod template, a route) annotated for Linkerd
 * (`linkerd.io/inject`, `config.linkerd.io/*`, `retry.linkerd.io/*`, `timeout.linkerd.io/*`, …),
 * or one of its control plane's objects (labelled `linkerd.io/control-plane-ns`).
 */
export function showsLinkerd(object: Obj): boolean {
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
  const slash = apiVersion.indexOf('/');
  if (slash > 0) {
    const group = apiVersion.slice(0, slash);
    if (group === LINKERD_DOMAIN || group.endsWith(`.${LINKERD_DOMAIN}`)) return true;
  }
  if (annotatedForLinkerd(object.metadata)) return true;
  const template = isObj(object.spec) ? object.spec.template : undefined;
  return isObj(template) && annotatedForLinkerd(template.metadata);
}
