/**
 * Manifests that tests in several files build the same way. Each says where its lines fall:
 * the tests assert positions.
 */

/** A DestinationRule with the given metadata lines, its name included (they start at line 4). */
export const destinationRule = (metadata: string, spec = '  host: reviews\n') =>
  `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n${metadata}spec:\n${spec}`;

/** A DestinationRule named reviews, with more metadata lines (they start at line 5). */
export const reviewsDr = (metadata: string, spec = '  host: reviews\n') =>
  `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: reviews\n${metadata}spec:\n${spec}`;

/** A DestinationRule in default for `host`; lines 1 apiVersion, 2 kind, 3 metadata, 4 name, 5 namespace, 6 spec, 7 host, 8.. the rest. */
export const destinationRuleFor = (host: string, rest: string, name = 'reviews') =>
  `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n  host: ${host}\n${rest}`;

/** A VirtualService named reviews; lines 1 apiVersion, 2 kind, 3 metadata, 4 name, 5 namespace, 6 spec, 7 hosts, 8.. the rest. */
export const reviewsVs = (rest: string, hosts = '[reviews]', namespace = 'default') =>
  `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\n  namespace: ${namespace}\nspec:\n  hosts: ${hosts}\n${rest}`;

/** One HTTP route to one destination (three lines). */
export const routeTo = (destination: string) => `  http:\n  - route:\n    - destination: ${destination}\n`;

/** A Gateway in istio-system with one HTTPS server for <name>.example.com, terminating TLS with `credential`. */
export const httpsGateway = (name: string, credential: string, selector = '{istio: ingressgateway}') => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: istio-system}
spec:
  selector: ${selector}
  servers:
  - port: {number: 8443, name: https, protocol: HTTPS}
    hosts: [${name}.example.com]
    tls: {mode: SIMPLE, credentialName: ${credential}}
`;

/** A Telemetry (metadata on line 3, the spec from line 5). */
export const namedTelemetry = (name: string, spec: string, namespace = 'default') => `apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata: {name: ${name}, namespace: ${namespace}}
spec:
${spec}`;

/** A Telemetry spec that samples 10% of requests for tracing. */
export const tracing = '  tracing: [{randomSamplingPercentage: 10}]\n';
