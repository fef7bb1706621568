/**
 * A session's injected pods, completed by the model of Istio's sidecar injector
 * (../engine/model/sidecar-injection.ts): a cluster file writes what the recording shows of an
 * injected pod (its status annotation, the sidecar's name, image and port), and the injector's
 * model gives the rest of what the webhook wrote (args, resources, probes, environment, mounts,
 * volumes), so that every printer reads one injected pod. What the file writes must agree with
 * the model: a disagreement is refused, never silently overridden.
 */
import {injectSidecar, InjectionNotModelled, uninjectedPod} from '../engine/model/sidecar-injection';
import {isRecord} from '../engine/findings';

export class InjectedPodError extends Error {
  override name = 'InjectedPodError';
}

const STATUS_ANNOTATION = 'sidecar.istio.io/status';

/** Whether a pod carries the injector's status annotation. */
export function isInjected(value: Readonly<Record<string, unknown>>): boolean {
  const annotations = isRecord(value.metadata) && isRecord(value.metadata.annotations) ? value.metadata.annotations : {};
  return typeof annotations[STATUS_ANNOTATION] === 'string';
}

/** The first place where `written` states something `derived` lacks or holds otherwise, or undefined. */
function disagreement(written: unknown, derived: unknown, path: string): string | undefined {
  if (Array.isArray(written)) {
    if (!Array.isArray(derived)) return path;
    const named = written.every((item) => isRecord(item) && typeof item.name === 'string');
    if (named) {
      for (const item of written as Array<Record<string, unknown>>) {
        const match = derived.find((d) => isRecord(d) && d.name === item.name);
        const at = `${path}[${String(item.name)}]`;
        if (match === undefined) return at;
        const inner = disagreement(item, match, at);
        if (inner !== undefined) return inner;
      }
      return undefined;
    }
    if (written.length !== derived.length) return path;
    for (let i = 0; i < written.length; i++) {
      const inner = disagreement(written[i], derived[i], `${path}[${i}]`);
      if (inner !== undefined) return inner;
    }
    return undefined;
  }
  if (isRecord(written)) {
    if (!isRecord(derived)) return path;
    for (const [key, value] of Object.entries(written)) {
      const inner = disagreement(value, derived[key], `${path}.${key}`);
      if (inner !== undefined) return inner;
    }
    return undefined;
  }
  return written === derived ? undefined : path;
}

/**
 * The stored pod the injector's model makes of a written injected pod: the webhook's input is the
 * written pod without what its status annotation names, and the injected containers, volumes,
 * labels and annotations the file writes must be what the model gives. `where` names the pod in messages.
 */
export function completeInjectedPod(value: Readonly<Record<string, unknown>>, where: string): Record<string, unknown> {
  let derived: Record<string, unknown>;
  try {
    derived = injectSidecar(uninjectedPod(value));
  } catch (error) {
    if (error instanceof InjectionNotModelled) throw new InjectedPodError(`${where}: ${error.message}`);
    throw error;
  }
  const spec = isRecord(value.spec) ? value.spec : {};
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  const checked: Array<[string, unknown, unknown]> = [
    ['metadata.labels', metadata.labels, (derived.metadata as Record<string, unknown>).labels],
    ['metadata.annotations', metadata.annotations, (derived.metadata as Record<string, unknown>).annotations],
    ['spec.initContainers', spec.initContainers, (derived.spec as Record<string, unknown>).initContainers],
    ['spec.volumes', spec.volumes, (derived.spec as Record<string, unknown>).volumes],
  ];
  for (const [path, written, made] of checked) {
    if (written === undefined) continue;
    const at = disagreement(written, made, path);
    if (at !== undefined) throw new InjectedPodError(`${where}: ${at} is not what Istio 1.30.3's injector writes (src/engine/model/sidecar-injection.ts)`);
  }
  return derived;
}
