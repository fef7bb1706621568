/**
 * schema/validation.go (ValidationAnalyzer, one per Istio collection): istiod's webhook rules as
 * istioctl analyze runs them. Each error is IST0106 SchemaValidationError, each warning IST0133
 * SchemaWarning, except Go's AnalysisAwareErrors, which become their own messages (IST0130
 * VirtualServiceUnreachableRule, IST0131 VirtualServiceIneffectiveMatch). The rules are the
 * engine's one implementation (istio/index.ts); validateYaml runs them per document already, so
 * it leaves these analyzers out (analyzers/all.ts).
 */
import {asObject} from '../../../istio/access';
import {validateIstioSpec} from '../../../istio/index';
import type {Analyzer, KindRef} from '../../analyzer';

/**
 * collections.Istio in its order: Pilot's kinds, then MeshNetworks and MeshConfig (group "", never
 * a file's resource; their validation is empty), as `istioctl analyze -L` lists them.
 */
const ISTIO_COLLECTIONS: readonly KindRef[] = [
  {group: 'security.istio.io', kind: 'AuthorizationPolicy'},
  {group: 'networking.istio.io', kind: 'DestinationRule'},
  {group: 'networking.istio.io', kind: 'EnvoyFilter'},
  {group: 'networking.istio.io', kind: 'Gateway'},
  {group: 'security.istio.io', kind: 'PeerAuthentication'},
  {group: 'networking.istio.io', kind: 'ProxyConfig'},
  {group: 'security.istio.io', kind: 'RequestAuthentication'},
  {group: 'networking.istio.io', kind: 'ServiceEntry'},
  {group: 'networking.istio.io', kind: 'Sidecar'},
  {group: 'telemetry.istio.io', kind: 'Telemetry'},
  {group: 'extensions.istio.io', kind: 'TrafficExtension'},
  {group: 'networking.istio.io', kind: 'VirtualService'},
  {group: 'extensions.istio.io', kind: 'WasmPlugin'},
  {group: 'networking.istio.io', kind: 'WorkloadEntry'},
  {group: 'networking.istio.io', kind: 'WorkloadGroup'},
  {group: '', kind: 'MeshNetworks'},
  {group: '', kind: 'MeshConfig'},
];

/** CollectionValidationAnalyzer: `schema.ValidationAnalyzer.<Kind>`. */
export function collectionValidationAnalyzer(collection: KindRef): Analyzer {
  const {group, kind} = collection;
  return {
    name: `schema.ValidationAnalyzer.${kind}`,
    inputs: [collection],
    analyze(ctx) {
      for (const resource of ctx.resources(group, kind)) {
        // ValidateConfig gets the name, the namespace and the spec: no annotations, no line (Go sets none).
        const report = validateIstioSpec(group, kind, asObject(resource.value.spec) ?? {}, resource.name, resource.namespace);
        if (!report) continue;
        for (const finding of report.findings) {
          const aware = report.analysisAware.get(finding);
          if (aware) ctx.report(resource, aware.message, aware.parameters);
          else ctx.report(resource, finding.severity === 'error' ? 'SchemaValidationError' : 'SchemaWarning', [finding.message]);
        }
      }
    },
  };
}

/** AllValidationAnalyzers: one for each Istio collection. */
export const SCHEMA_VALIDATION_ANALYZERS: readonly Analyzer[] = ISTIO_COLLECTIONS.map(collectionValidationAnalyzer);
