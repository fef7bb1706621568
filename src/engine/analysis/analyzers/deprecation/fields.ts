/** deprecation/deprecation.go (FieldAnalyzer, named DeprecationAnalyzer): IST0002 on deprecated fields and removed types. */
import {asArray, asObject, isSet, stringOr} from '../../../istio/access';
import type {Analyzer} from '../../analyzer';
import {KINDS} from '../kinds';

/** Istio CRDs removed from the charts (deprecatedCRDs): group and kind. */
const REMOVED_CRDS: ReadonlyArray<[string, string]> = [
  ['rbac.istio.io', 'ClusterRbacConfig'],
  ['rbac.istio.io', 'RbacConfig'],
  ['rbac.istio.io', 'ServiceRole'],
  ['rbac.istio.io', 'ServiceRoleBinding'],
];

const CUSTOM_RESOURCE_DEFINITION = {group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition'};

/**
 * A VirtualService route's fault.delay.percent above zero (replaced by percentage), a Sidecar's
 * outboundTrafficPolicy.egressProxy (ignored), and a CRD of a removed rbac.istio.io type. The
 * messages carry no field line: the Go code adds none.
 */
export const deprecationAnalyzer: Analyzer = {
  name: 'deprecation.DeprecationAnalyzer',
  inputs: [KINDS.VirtualService, KINDS.Sidecar, CUSTOM_RESOURCE_DEFINITION],
  analyze(ctx) {
    for (const vs of ctx.resources('networking.istio.io', 'VirtualService')) {
      for (const route of asArray(asObject(vs.value.spec)?.http)) {
        const percent = int32Field(asObject(asObject(asObject(route)?.fault)?.delay)?.percent);
        if (percent > 0) {
          ctx.report(vs, 'Deprecated', ['HTTPRoute.fault.delay.percent is deprecated; use HTTPRoute.fault.delay.percentage']);
        }
      }
    }
    for (const sidecar of ctx.resources('networking.istio.io', 'Sidecar')) {
      if (isSet(asObject(asObject(sidecar.value.spec)?.outboundTrafficPolicy)?.egressProxy)) {
        ctx.report(sidecar, 'Deprecated', ['OutboundTrafficPolicy.EgressProxy ignored']);
      }
    }
    for (const crd of ctx.resources(CUSTOM_RESOURCE_DEFINITION.group, CUSTOM_RESOURCE_DEFINITION.kind)) {
      const spec = asObject(crd.value.spec);
      const group = stringOr(spec?.group);
      const kind = stringOr(asObject(spec?.names)?.kind);
      for (const [removedGroup, removedKind] of REMOVED_CRDS) {
        if (group === removedGroup && kind === removedKind) ctx.report(crd, 'Deprecated', [`Custom resource type ${group} ${kind} is removed`]);
      }
    }
  },
};

/** An int32 proto field as protojson reads it: a number or a decimal string; 0 when unset or unreadable. */
function int32Field(value: unknown): number {
  if (typeof value === 'number') return value;
  return typeof value === 'string' && /^-?[0-9]+$/.test(value) ? Number(value) : 0;
}
