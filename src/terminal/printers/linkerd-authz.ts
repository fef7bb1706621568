/**
 * `linkerd viz authz` (linkerd2 version-2.20 viz/cmd/authz.go) for a Deployment, answered from the
 * traffic viz's Prometheus saw in the state (cluster.linkerd.traffic[].authz): one row per route,
 * Server and authorization that saw requests (UNAUTHORIZED is the denied rate, SUCCESS and RPS
 * the allowed requests'), and a row of dashes for an authorization that saw none (a default
 * policy's or a missing one's are left out). A `default` server is printed `default:NAME`.
 * Laid out by cli/table/table.go: widths from the header and cells, ROUTE/SERVER/AUTHORIZATION
 * left aligned, the rest right aligned, two spaces after every column (the last one too), rows
 * sorted by server, then route, then authorization.
 */
import {ModelGap, type StateModel} from './model';
import {linkerdState, objectsOf} from './linkerd-model';

export interface AuthzRequest {
  /** A Deployment's name. */
  name: string;
  namespace: string;
}

const WINDOW_SECONDS = 60;
const HEADERS = ['ROUTE', 'SERVER', 'AUTHORIZATION', 'UNAUTHORIZED', 'SUCCESS', 'RPS', 'LATENCY_P50', 'LATENCY_P95', 'LATENCY_P99'];
const LEFT = 3;

/** cli/table Table.Render. */
export function renderTable(rows: readonly (readonly string[])[], sort: readonly number[]): string {
  const sorted = [...rows].sort((a, b) => {
    for (const column of sort) {
      if (a[column]! < b[column]!) return -1;
      if (a[column]! > b[column]!) return 1;
    }
    return 0;
  });
  const widths = HEADERS.map((header, c) => Math.max([...header].length, ...rows.map((row) => [...row[c]!].length)));
  const line = (row: readonly string[]): string =>
    `${row.map((cell, c) => (c < LEFT ? cell + ' '.repeat(widths[c]! - [...cell].length) : ' '.repeat(widths[c]! - [...cell].length) + cell) + '  ').join('')}\n`;
  return [HEADERS, ...sorted].map(line).join('');
}

export function printVizAuthz(request: AuthzRequest, model: StateModel): string {
  const state = linkerdState(model);
  if (state.traffic === undefined) throw new ModelGap('the model does not say what traffic viz\'s Prometheus saw in this state (cluster.linkerd.traffic)');
  if (!objectsOf(model, 'apps', 'Deployment', request.namespace).some((d) => d.name === request.name)) {
    return `Authz API error: deployments.apps "${request.name}" not found`;
  }
  const workload = state.traffic.find((t) => t.namespace === request.namespace && t.deployment === request.name);
  const rows: string[][] = [];
  for (const row of workload?.authz ?? []) {
    const server = row.serverType === 'default' ? `default:${row.server}` : row.server;
    const authz = row.authorizationType ? `${row.authorizationType}/${row.authorization ?? ''}` : '';
    const requests = row.success + row.failure;
    if (requests + row.denied > 0) {
      const latency = row.latencyMs ?? {p50: 0, p95: 0, p99: 0};
      rows.push([
        row.route ?? '', server, authz, `${(row.denied / WINDOW_SECONDS).toFixed(1)}rps`,
        `${(requests === 0 ? 0 : (row.success / requests) * 100).toFixed(2)}%`, `${(requests / WINDOW_SECONDS).toFixed(1)}rps`,
        `${latency.p50}ms`, `${latency.p95}ms`, `${latency.p99}ms`,
      ]);
    } else if (row.authorizationType && row.authorizationType !== 'default') {
      rows.push([row.route ?? '', server, authz, '-', '-', '-', '-', '-', '-']);
    }
  }
  return renderTable(rows, [1, 0, 2]);
}
