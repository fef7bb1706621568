/**
 * `istioctl version` as istioctl 1.30.3 prints it: short form and --remote, both forced on by
 * istioctl/pkg/version/version.go NewVersionCommand, printed by pkg/version/cobra.go.
 * - client version: the istioctl of the sessions, 1.30.3;
 * - control plane: the ready istiod pods (label app=istiod, running) of istio-system, each
 *   reporting its pilot image's version under its `istio` label as component
 *   (pkg/kube/client.go GetIstioVersions); all equal, one line `control plane version:`
 *   (coalesceVersions), else one line per pod;
 * - data plane: the proxies istiod lists (pkg/proxy GetProxyInfo over debug/syncz), counted per
 *   version in version order (renderProxyVersions), `none` without any;
 * - without istiod, `Istio is not present in the cluster: no running Istio pods in namespace
 *   "istio-system"` on stderr (getRemoteInfoWrapper) first, and no data plane line.
 */
import {field, list, ModelGap, stringMap, type StateModel} from './model';
import {commandWords, imageTag, istiodPods, proxies} from './istioctl-proxies';

/** The istioctl the sessions were recorded with. */
export const ISTIOCTL_VERSION = '1.30.3';

/**
 * The Istio version an image tag stands for: the charts' image templates append `-<global.variant>`
 * (distroless, debug) to global.tag, while the build reports its own tag (GetIstioVersions' GitTag).
 */
export const releaseTag = (tag: string): string => tag.replace(/-(?:distroless|debug)$/, '');

/** `istioctl version` with no flag (-o, --revision… are not ported): true. */
export function parseVersion(line: string, placeholders: Readonly<Record<string, string>> = {}): boolean {
  const words = commandWords(line, placeholders);
  return words !== undefined && words.length === 2 && words[0] === 'istioctl' && words[1] === 'version';
}

const ready = (value: Record<string, unknown>): boolean => list(field(value, 'status', 'conditions')).some((c) => field(c, 'type') === 'Ready' && field(c, 'status') === 'True');

const byteCompare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function printVersion(model: StateModel): string {
  const istiods = istiodPods(model).filter((pod) => ready(pod.value));
  if (istiods.length === 0) {
    return `Istio is not present in the cluster: no running Istio pods in namespace "istio-system"\nclient version: ${ISTIOCTL_VERSION}\n`;
  }
  const servers = istiods.map((pod) => {
    const container = list(field(pod.value, 'spec', 'containers')).find((c) => field(c, 'name') === 'discovery');
    const version = imageTag(field(container, 'image'));
    if (version === undefined) throw new ModelGap(`the model does not say which version istiod pod ${pod.name} runs (its discovery image has no tag)`);
    return {component: stringMap(field(pod.value, 'metadata', 'labels')).istio ?? '', version: releaseTag(version)};
  });
  const lines = [`client version: ${ISTIOCTL_VERSION}`];
  if (servers.every((server) => server.version === servers[0]!.version)) lines.push(`control plane version: ${servers[0]!.version}`);
  else lines.push(...servers.map((server) => `${server.component} version: ${server.version}`));
  const counts = new Map<string, number>();
  for (const proxy of proxies(model)) counts.set(proxy.version, (counts.get(proxy.version) ?? 0) + 1);
  const rendered = [...counts].sort(([a], [b]) => byteCompare(a, b)).map(([version, count]) => `${version} (${count} proxies)`).join(', ');
  lines.push(`data plane version: ${rendered === '' ? 'none' : rendered}`);
  return `${lines.join('\n')}\n`;
}
