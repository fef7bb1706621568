/**
 * `linkerd viz stat` (linkerd2 version-2.20 viz/cmd/stat.go) for Deployments, answered from a state's
 * model: MESHED counts the Deployment's running pods and those with linkerd-proxy
 * (MeshedPodCount/RunningPodCount), the request figures come from the traffic viz's Prometheus saw
 * (cluster.linkerd.traffic, over the default 1m window). Laid out as renderStatStats lays it out:
 * Go's tabwriter with padding 3 and AlignRight over tab-terminated cells, NAME (and NAMESPACE
 * under -A) padded on the right by hand, the first column's left padding stripped (renderStats).
 * A Deployment without a meshed pod is left out (writeStatsToBuffer, without --unmeshed); nothing
 * left prints `No traffic found.` on stderr.
 */
import {ModelGap, type StateModel} from './model';
import {hasProxy, linkerdState, objectsOf, podDeployment, podPhase, type LinkerdWorkloadTraffic} from './linkerd-model';

export interface StatRequest {
  /** Deployment names; empty for all of the namespace's. */
  names: string[];
  /** undefined: --all-namespaces. */
  namespace: string | undefined;
  wide: boolean;
}

/** The stat window, viz stat's default `1m`. */
const WINDOW_SECONDS = 60;
const PADDING = 3;

/** Go's text/tabwriter with tabwriter.AlignRight: every cell ends with a tab, padding goes on the left. */
export function tabwriteRight(rows: readonly (readonly string[])[], padding: number): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length + padding)));
  return rows.map((row) => `${row.map((cell, i) => ' '.repeat(widths[i]! - [...cell].length) + cell).join('')}\n`).join('');
}

/** fmt's %.2f / %.1f: round half to even is Go's for exact halves of binary floats; toFixed rounds the same decimal string. */
const fixed = (value: number, digits: number): string => value.toFixed(digits);

export function printVizStat(request: StatRequest, model: StateModel): string {
  const state = linkerdState(model);
  if (state.traffic === undefined) throw new ModelGap('the model does not say what traffic viz\'s Prometheus saw in this state (cluster.linkerd.traffic)');
  const deployments = objectsOf(model, 'apps', 'Deployment', request.namespace)
    .filter((deployment) => request.names.length === 0 || request.names.includes(deployment.name));
  for (const name of request.names) {
    if (!deployments.some((deployment) => deployment.name === name)) return `Error: deployments.apps "${name}" not found\n`;
  }
  const rows: {namespace: string; name: string; meshed: string; traffic: LinkerdWorkloadTraffic | undefined}[] = [];
  for (const deployment of deployments) {
    const pods = objectsOf(model, '', 'Pod', deployment.namespace).filter((pod) => podDeployment(pod, model) === deployment.name && podPhase(pod) === 'Running');
    const meshed = pods.filter(hasProxy).length;
    if (meshed === 0) continue;
    const traffic = state.traffic.find((t) => t.namespace === deployment.namespace && t.deployment === deployment.name);
    rows.push({namespace: deployment.namespace, name: deployment.name, meshed: `${meshed}/${pods.length}`, traffic});
  }
  if (rows.length === 0) return 'No traffic found.\n';
  rows.sort((a, b) => (`${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1));
  const all = request.namespace === undefined;
  const nameWidth = Math.max(4, ...rows.map((row) => row.name.length));
  const namespaceWidth = Math.max(9, ...rows.map((row) => row.namespace.length));
  const header = [...(all ? ['NAMESPACE'.padEnd(namespaceWidth)] : []), 'NAME'.padEnd(nameWidth), 'MESHED', 'SUCCESS', 'RPS', 'LATENCY_P50', 'LATENCY_P95', 'LATENCY_P99', 'TCP_CONN', ...(request.wide ? ['READ_BYTES/SEC', 'WRITE_BYTES/SEC'] : [])];
  const lines = rows.map((row) => {
    const t = row.traffic;
    const requests = t === undefined ? 0 : t.success + t.failure;
    const cells = requests === 0
      ? ['-', '-', '-', '-', '-', '-', ...(request.wide ? ['-', '-'] : [])]
      : [
          `${fixed((t!.success / requests) * 100, 2)}%`, `${fixed(requests / WINDOW_SECONDS, 1)}rps`,
          `${t!.latencyMs.p50}ms`, `${t!.latencyMs.p95}ms`, `${t!.latencyMs.p99}ms`, String(t!.tcpConnections),
          ...(request.wide ? [`${fixed((t!.readBytes ?? 0) / WINDOW_SECONDS, 1)}B/s`, `${fixed((t!.writeBytes ?? 0) / WINDOW_SECONDS, 1)}B/s`] : []),
        ];
    return [...(all ? [row.namespace.padEnd(namespaceWidth)] : []), row.name.padEnd(nameWidth), row.meshed, ...cells];
  });
  const text = tabwriteRight([header, ...lines], PADDING);
  // renderStats: strip the first column's left padding on every line.
  return text.split('\n').map((line) => line.slice(PADDING)).join('\n');
}
