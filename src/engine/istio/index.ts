/**
 * Istio's own validation (the istiod webhook, istio/istio pkg/config/validation),
 * applied after the CRD schema: it decides verdicts the schema cannot, such as
 * route/redirect exclusivity, duplicate subsets or RE2-only regexes.
 */
import type {Finding} from '../findings';
import {asObject, stringOr} from './access';
import {validateDestinationRule} from './destinationRule';
import {validateEnvoyFilter} from './envoyFilter';
import {validateGateway} from './gateway';
import {Report, at} from './report';
import {validateAuthorizationPolicy, validatePeerAuthentication, validateRequestAuthentication} from './security';
import {validateServiceEntry} from './serviceEntry';
import {validateSidecar} from './sidecar';
import {validateProxyConfig, validateTelemetry, validateTrafficExtension, validateWasmPlugin, validateWorkloadGroup} from './telemetryAndExtensions';
import {validateVirtualService} from './virtualService';
import {validateWorkloadEntry} from './workloadEntry';
import {parseGoBoolError} from '../go/strconv-bool';

type KindValidator = (report: Report, spec: Record<string, unknown>, name: string, namespace: string, labels?: Record<string, unknown>) => void;

const VALIDATORS: Record<string, KindValidator> = {
  'networking.istio.io/VirtualService': (r, s, _n, ns) => validateVirtualService(r, s, ns),
  'networking.istio.io/Gateway': (r, s, n) => validateGateway(r, s, n),
  'networking.istio.io/DestinationRule': (r, s, _n, ns) => validateDestinationRule(r, s, ns),
  'networking.istio.io/ServiceEntry': (r, s, _n, ns, labels) => validateServiceEntry(r, s, ns, labels),
  'networking.istio.io/Sidecar': (r, s, _n, ns) => validateSidecar(r, s, ns),
  'networking.istio.io/WorkloadEntry': (r, s) => validateWorkloadEntry(r, s),
  'networking.istio.io/WorkloadGroup': (r, s) => validateWorkloadGroup(r, s),
  'networking.istio.io/ProxyConfig': (r, s) => validateProxyConfig(r, s),
  'networking.istio.io/EnvoyFilter': (r, s) => validateEnvoyFilter(r, s),
  'telemetry.istio.io/Telemetry': (r, s) => validateTelemetry(r, s),
  'extensions.istio.io/WasmPlugin': (r, s) => validateWasmPlugin(r, s),
  'extensions.istio.io/TrafficExtension': (r, s) => validateTrafficExtension(r, s),
  'security.istio.io/PeerAuthentication': (r, s) => validatePeerAuthentication(r, s),
  'security.istio.io/AuthorizationPolicy': (r, s, n, ns) => validateAuthorizationPolicy(r, s, n, ns),
  'security.istio.io/RequestAuthentication': (r, s) => validateRequestAuthentication(r, s),
};

/** The webhook's rules as admission rules by `group/kind`, for the Istio API family to register. */
export function istioAdmissionRules(): Map<string, (resource: Record<string, unknown>, group: string, kind: string) => Finding[]> {
  return new Map(Object.keys(VALIDATORS).map((key) => [key, (resource, group, kind) => runValidator(VALIDATORS[key]!, group, kind, resource)]));
}

export function validateIstioRules(group: string, kind: string, resource: Record<string, unknown>): Finding[] {
  const validate = VALIDATORS[`${group}/${kind}`];
  return validate ? runValidator(validate, group, kind, resource) : [];
}

/**
 * The webhook's spec rules alone, as istioctl analyze's schema analyzer calls ValidateConfig: with the
 * resource's name and namespace only, so the annotation checks of validateMetadata never apply.
 * Undefined for a kind without rules here.
 */
export function validateIstioSpec(group: string, kind: string, spec: Record<string, unknown>, name: string, namespace: string): Report | undefined {
  const validate = VALIDATORS[`${group}/${kind}`];
  if (!validate) return undefined;
  const report = new Report();
  validate(report, spec, name, namespace);
  return report;
}

function runValidator(validate: KindValidator, group: string, kind: string, resource: Record<string, unknown>): Finding[] {
  const report = new Report();
  const metadata = asObject(resource.metadata) ?? {};
  const spec = asObject(resource.spec) ?? {};
  const name = stringOr(metadata.name);
  const namespace = stringOr(metadata.namespace) || 'default';
  // validateMetadata wraps every validator: a bad istio.io/dry-run annotation fails before the spec is looked at.
  if (dryRunAnnotationRejected(report, group, kind, spec, asObject(metadata.annotations), name, namespace)) return report.findings;
  validate(report, spec, name, namespace, asObject(metadata.labels));
  return report.findings;
}

const DRY_RUN = 'istio.io/dry-run';

/** checkDryRunAnnotation (validation.go): only AuthorizationPolicy, with action ALLOW or DENY and a Go boolean. */
function dryRunAnnotationRejected(report: Report, group: string, kind: string, spec: Record<string, unknown>,
  annotations: Record<string, unknown> | undefined, name: string, namespace: string): boolean {
  if (!annotations || !(DRY_RUN in annotations)) return false;
  const path = at('/metadata/annotations', DRY_RUN);
  if (!(group === 'security.istio.io' && kind === 'AuthorizationPolicy')) {
    report.error(path, `${namespace}/${name} has unsupported annotation ${DRY_RUN}, please remove the annotation`, 'key');
    return true;
  }
  const action = stringOr(spec.action, 'ALLOW');
  const value = stringOr(annotations[DRY_RUN]);
  if (action !== 'ALLOW' && action !== 'DENY') {
    report.error(path, `the annotation ${DRY_RUN} currently only supports action ALLOW/DENY, found action ${action} in ${namespace}/${name}`, 'key');
    return true;
  }
  const invalid = parseGoBoolError(value);
  if (invalid !== undefined) {
    report.error(path, `${namespace}/${name} has annotation ${DRY_RUN} with invalid value (${value}): ${invalid}`);
    return true;
  }
  return false;
}
