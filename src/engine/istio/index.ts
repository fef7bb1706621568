/**
 * Istio's own validation (the istiod webhook, istio/istio pkg/config/validation),
 * applied after the CRD schema: it decides verdicts the schema cannot, such as
 * route/redirect exclusivity, duplicate subsets or RE2-only regexes.
 */
import type {Finding} from '../findings';
import {asObject, stringOr} from './access';
import {validateDestinationRule} from './destinationRule';
import {validateGateway} from './gateway';
import {Report} from './report';
import {validateAuthorizationPolicy, validatePeerAuthentication, validateRequestAuthentication} from './security';
import {validateServiceEntry} from './serviceEntry';
import {validateSidecar} from './sidecar';
import {validateProxyConfig, validateTelemetry, validateWasmPlugin, validateWorkloadGroup} from './telemetryAndExtensions';
import {validateVirtualService} from './virtualService';
import {validateWorkloadEntry} from './workloadEntry';

type KindValidator = (report: Report, spec: Record<string, unknown>, name: string, namespace: string) => void;

const VALIDATORS: Record<string, KindValidator> = {
  'networking.istio.io/VirtualService': (r, s, _n, ns) => validateVirtualService(r, s, ns),
  'networking.istio.io/Gateway': (r, s, n) => validateGateway(r, s, n),
  'networking.istio.io/DestinationRule': (r, s, _n, ns) => validateDestinationRule(r, s, ns),
  'networking.istio.io/ServiceEntry': (r, s, _n, ns) => validateServiceEntry(r, s, ns),
  'networking.istio.io/Sidecar': (r, s) => validateSidecar(r, s),
  'networking.istio.io/WorkloadEntry': (r, s) => validateWorkloadEntry(r, s),
  'networking.istio.io/WorkloadGroup': (r, s) => validateWorkloadGroup(r, s),
  'networking.istio.io/ProxyConfig': (r, s) => validateProxyConfig(r, s),
  'telemetry.istio.io/Telemetry': (r, s) => validateTelemetry(r, s),
  'extensions.istio.io/WasmPlugin': (r, s) => validateWasmPlugin(r, s),
  'security.istio.io/PeerAuthentication': (r, s) => validatePeerAuthentication(r, s),
  'security.istio.io/AuthorizationPolicy': (r, s, n, ns) => validateAuthorizationPolicy(r, s, n, ns),
  'security.istio.io/RequestAuthentication': (r, s) => validateRequestAuthentication(r, s),
};

export function validateIstioRules(group: string, kind: string, resource: Record<string, unknown>): Finding[] {
  const validate = VALIDATORS[`${group}/${kind}`];
  if (!validate) return [];
  const report = new Report();
  const metadata = asObject(resource.metadata) ?? {};
  const spec = asObject(resource.spec) ?? {};
  validate(report, spec, stringOr(metadata.name), stringOr(metadata.namespace) || 'default');
  return report.findings;
}
