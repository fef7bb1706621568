/**
 * Kubernetes and Istio resource names as kubectl accepts them: plural, singular,
 * short name, and the fully qualified `plural.group` (with or without a version).
 */
const RESOURCES: ReadonlyArray<readonly [canonical: string, ...aliases: string[]]> = [
  ['pods', 'pod', 'po'],
  ['namespaces', 'namespace', 'ns'],
  ['deployments', 'deployment', 'deploy'],
  ['replicasets', 'replicaset', 'rs'],
  ['services', 'service', 'svc'],
  ['endpoints', 'endpoint', 'ep'],
  ['events', 'event', 'ev'],
  ['nodes', 'node', 'no'],
  ['configmaps', 'configmap', 'cm'],
  ['serviceaccounts', 'serviceaccount', 'sa'],
  ['virtualservices', 'virtualservice', 'vs'],
  ['destinationrules', 'destinationrule', 'dr'],
  ['gateways', 'gateway', 'gw'],
  ['serviceentries', 'serviceentry', 'se'],
  ['sidecars', 'sidecar'],
  ['peerauthentications', 'peerauthentication', 'pa'],
  ['authorizationpolicies', 'authorizationpolicy', 'ap'],
  ['requestauthentications', 'requestauthentication', 'ra'],
  ['envoyfilters', 'envoyfilter'],
  ['workloadentries', 'workloadentry', 'we'],
  ['telemetries', 'telemetry'],
  ['mutatingwebhookconfigurations', 'mutatingwebhookconfiguration'],
  ['customresourcedefinitions', 'customresourcedefinition', 'crd', 'crds'],
];

const BY_ALIAS = new Map<string, string>(RESOURCES.flatMap(([canonical, ...aliases]) => [canonical, ...aliases].map((alias) => [alias, canonical] as const)));

/** `vs`, `VirtualService`, `virtualservices.networking.istio.io`, `virtualservices.v1.networking.istio.io` → `virtualservices`. */
export function canonicalResource(name: string): string {
  const lower = name.toLowerCase();
  // A qualified name's first segment is the resource; the rest is version and group.
  const resource = lower.includes('.') ? lower.slice(0, lower.indexOf('.')) : lower;
  return BY_ALIAS.get(resource) ?? lower;
}
