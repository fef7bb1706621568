/**
 * `istioctl analyze --list-analyzers` (-L): AnalyzersAsString over analyzers.All(), sorted by
 * name, each `* name:` and, indented, its Metadata().Description (istioctl/pkg/analyze/analyze.go).
 */
import type {Analyzer} from '../../engine/analysis/analyzer';

/** Each analyzer's Metadata().Description in istioctl 1.30.3 (pkg/config/analysis/analyzers/…). */
const DESCRIPTIONS: Readonly<Record<string, string>> = {
  'annotations.K8sAnalyzer': 'Checks for misplaced and invalid Istio annotations in Kubernetes resources',
  'authn.BlockedCIDRsAnalyzer': 'Checks that BLOCKED_CIDRS_IN_JWKS_URIS is configured on istiod when RequestAuthentication resources exist',
  'auth.AuthorizationPoliciesAnalyzer': 'Checks the validity of authorization policies',
  'conditions.ConditionAnalyzer': 'Checks for negative status conditions on resources',
  'deployment.MultiServiceAnalyzer': 'Checks association between services and pods',
  'applicationUID.Analyzer': 'Checks invalid application UID',
  'destinationrule.CaCertificateAnalyzer': 'Checks if caCertificates is set when TLS mode is SIMPLE/MUTUAL',
  'destinationrule.SubsetSelectPodAnalyzer': 'Checks if pods are selected by subsets in destination rules.',
  'deprecation.DeprecationAnalyzer': 'Checks for deprecated Istio types and fields',
  'envoyfilter.EnvoyPatchAnalyzer': 'Checks an envoyFilters ',
  'externalcontrolplane.ExternalControlPlaneAnalyzer': 'Checks that the remote IstioOperator resources reference an external control plane',
  'gateway.IngressGatewayPortAnalyzer': "Checks a gateway's ports against the gateway's Kubernetes service ports",
  'gateway.CertificateAnalyzer': 'Checks a gateway certificate',
  'gateway.SecretAnalyzer': "Checks a gateway's referenced secrets for correctness",
  'gateway.ConflictingGatewayAnalyzer': "Checks a gateway's selector, port number and hosts",
  'injection.Analyzer': 'Checks conditions related to Istio sidecar injection',
  'injection.ImageAnalyzer': 'Checks the image of auto-injection configured with the running proxies on pods',
  'injection.ImageAutoAnalyzer': 'Makes sure that Pods and Deployments with `image: auto` are going to be injected',
  'k8sgateway.SelectorAnalyzer': 'Check that selectors are effective for Kubernetes gateway',
  'k8sgateway.CRDVersionAnalyzer': 'Checks Gateway API CRDs are at the minimum version required by this Istio version',
  'meshnetworks.MeshNetworksAnalyzer': 'Check the validity of MeshNetworks in the cluster',
  'services.MultiClusterServiceAnalyzer': 'Check the validity of services in the multi-cluster environment',
  'service.PortNameAnalyzer': 'Checks the port names associated with each service',
  'sidecar.SelectorAnalyzer': 'Validates that sidecars that define a workload selector match at least one pod, ' +
    "and that there aren't multiple sidecar resources that select overlapping pods",
  'virtualservice.ConflictingMeshGatewayHostsAnalyzer': 'Checks if multiple virtual services associated with the mesh gateway have conflicting hosts',
  'virtualservice.DestinationHostAnalyzer': 'Checks the destination hosts associated with each virtual service',
  'virtualservice.DestinationRuleAnalyzer': 'Checks the destination rules associated with each virtual service',
  'virtualservice.GatewayAnalyzer': 'Checks the gateways associated with each virtual service',
  'virtualservice.JWTClaimRouteAnalyzer': 'Checks the VirtualService using JWT claim based routing has corresponding RequestAuthentication',
  'serviceentry.Analyzer': 'Checks the validity of ServiceEntry',
  'webhook.Analyzer': 'Checks the validity of Istio webhooks',
  'telemetry.ProviderAnalyzer': 'Validates that providers in telemetry resource is valid',
  'telemetry.SelectorAnalyzer': 'Validates that telemetries that define a selector match at least one pod, ' +
    "and that there aren't multiple telemetry resources that select overlapping pods",
  'telemetry.DefaultSelectorAnalyzer': "Validates that there aren't multiple telemetry resources that have no selector",
  'telemetry.LightstepAnalyzer': 'Validates that lightstep provider is still used',
};

const SCHEMA_VALIDATION = 'schema.ValidationAnalyzer.';

/** An analyzer's description; the schema ones name their kind (schema.ValidationAnalyzer's Metadata). */
export function analyzerDescription(name: string): string | undefined {
  if (name.startsWith(SCHEMA_VALIDATION)) return `Runs schema validation as an analyzer on '${name.slice(SCHEMA_VALIDATION.length)}' resources`;
  return DESCRIPTIONS[name];
}

/** AnalyzersAsString: names in byte order (sort.Strings), a description line where there is one. */
export function analyzersAsString(analyzers: readonly Analyzer[]): string {
  const names = analyzers.map((analyzer) => analyzer.name).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let out = '';
  for (const name of names) {
    out += `* ${name}:\n`;
    const description = analyzerDescription(name);
    if (description) out += `    ${description}\n`;
  }
  return out;
}
