import {readFileSync} from 'node:fs';
import {parseYaml} from '../../src/engine/yaml/index';
import {parseRequest, simulate, World, type Decision} from '../../src/simulator/index';

export function labResources(name: string): unknown[] {
  const lab = parseYaml(readFileSync(`labs/contexts/${name}.yaml`, 'utf8')).documents[0]!.value as {resources: unknown[]};
  return lab.resources;
}

export function documents(yaml: string): unknown[] {
  return parseYaml(yaml).documents.map((d) => d.value ?? undefined);
}

export interface Route {
  context?: string | unknown[];
  yaml: string;
  request: string;
  from?: string;
  gateway?: string;
}

export function route({context = 'reviews', yaml, request, from, gateway}: Route): Decision {
  const resources = typeof context === 'string' ? labResources(context) : context;
  return simulate(new World(resources, [documents(yaml)]), {request: parseRequest(request), from, gateway});
}

/** Share of successful requests per subset (or host when no subset). */
export function sharesBySubset(decision: Decision): Record<string, number> {
  const shares: Record<string, number> = {};
  for (const e of decision.distribution) {
    const key = e.status === 200 ? (e.subset ?? e.host ?? '?') : `${e.status}${e.flags ? ` ${e.flags}` : ''}`;
    shares[key] = (shares[key] ?? 0) + e.share;
  }
  return shares;
}

/** A VirtualService for reviews in `default` with the given http routes (YAML, indented under http:). */
export function reviewsVs(http: string, extra = ''): string {
  return `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: default
spec:
  hosts: [reviews]
${extra}  http:
${http}`;
}

/**
 * The HTTP_FILTER patch of istio.io's local rate limit task, as a configPatches entry: it inserts
 * envoy.filters.http.local_ratelimit at `context` with no bucket of its own (a per-route patch gives one).
 */
export function insertLocalRateLimit(context: 'SIDECAR_INBOUND' | 'GATEWAY'): string {
  return `  - applyTo: HTTP_FILTER
    match:
      context: ${context}
      listener: {filterChain: {filter: {name: envoy.filters.network.http_connection_manager}}}
    patch:
      operation: INSERT_BEFORE
      value:
        name: envoy.filters.http.local_ratelimit
        typed_config:
          "@type": type.googleapis.com/udpa.type.v1.TypedStruct
          type_url: type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit
          value: {stat_prefix: http_local_rate_limiter}
`;
}
