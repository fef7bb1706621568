/**
 * A BackendTLSPolicy's conditions, as istiod 1.30.3 writes them on each ancestor (pilot/pkg/config/kube/
 * gateway backend_policies.go BackendTLSPolicyCollection, getBackendTLSCredentialName, btlsIsConflicted;
 * gatewaycommon/references.go ReferenceSet over Services, ServiceEntries, ConfigMaps and Secrets):
 * - its CA: `wellKnownCACertificates` other than System is Accepted False (Invalid); else the first
 *   caCertificateRef (the others are ignored with a warning) must be a ConfigMap holding `cacert` or
 *   `ca.crt` (ExtractRootFromString): a kind the reference set does not hold is ResolvedRefs False
 *   (InvalidKind, "unsupported kind"), a Secret too ("unsupported reference kind"), a missing one
 *   InvalidCACertificateRef ("not found"), one without the key InvalidCACertificateRef ("Certificate
 *   invalid"); each makes Accepted False (NoValidCACertificate), and istiod then gives the backend an
 *   invalid CA reference so that its traffic is blocked. One finding, at the reference.
 * - each targetRef: a Service or ServiceEntry of the policy's namespace, with a port of that name when
 *   sectionName is set, else Accepted False (TargetNotFound); one that another policy also targets
 *   (same group, kind, name and sectionName) and that has priority (older creationTimestamp, then the
 *   lower name) is Accepted False (Conflicted) and not applied. One finding per targetRef.
 * istiod's per-target conditions share the policy's (maps.Clone copies the map, not the conditions), so
 * a target's error also shows on the ancestors of the targets after it; the findings name the target
 * that causes it. A policy annotated istio.io/ignore-policy-attachment=true is ignored, and counts in
 * no conflict. An open world judges only references to namespaces it shows.
 */
import {asArray, asObject, asString, type Obj} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {configMapRoot} from './frontendValidation';
import {said} from './listenerConditions';
import {GATEWAY_GROUP, knowsIn, lookup, ref} from './routes';

const POLICY_KIND = 'BackendTLSPolicy';
const IGNORE_POLICY_ATTACHMENT = 'istio.io/ignore-policy-attachment';
const NETWORKING_GROUP = 'networking.istio.io';
/** The kinds istiod's ReferenceSet resolves (controller.go NewReferenceSet), by exact group. */
const REFERENCE_KINDS = new Set(['/Service', `${NETWORKING_GROUP}/ServiceEntry`, '/ConfigMap', '/Secret']);

interface Condition {type: string; reason: string; message: string}

export const backendTlsPolicyAnalyzer: Analyzer = {
  name: 'gatewayapi.BackendTLSPolicyAnalyzer',
  inputs: [ref(GATEWAY_GROUP, POLICY_KIND), ref('', 'Service'), ref(NETWORKING_GROUP, 'ServiceEntry'), ref('', 'ConfigMap'), ref('', 'Secret')],
  reports: [ref(GATEWAY_GROUP, POLICY_KIND)],
  analyze(ctx) {
    const policies = ctx.resources(GATEWAY_GROUP, POLICY_KIND).filter((policy) => !ignored(policy));
    const byTarget = targetIndex(policies);
    for (const policy of policies) {
      const spec = asObject(policy.value.spec) ?? {};
      const ca = caVerdict(ctx, policy, asObject(spec.validation) ?? {});
      if (ca) ctx.report(policy, 'GatewayApiBackendTlsPolicyNotAccepted', [said(ca.conditions), ca.effect], {path: ca.path});
      asArray(spec.targetRefs).forEach((entry, index) => {
        const target = asObject(entry) ?? {};
        const verdict = targetVerdict(ctx, policy, target, byTarget.get(targetKey(policy.namespace, target)) ?? []);
        if (verdict) {
          ctx.report(policy, 'GatewayApiBackendTlsPolicyNotAccepted', [said([verdict.condition]), verdict.effect],
            {path: at('/spec/targetRefs', index, verdict.field)});
        }
      });
    }
  },
};

const ignored = (policy: AnalysisResource) =>
  asString(asObject(asObject(policy.value.metadata)?.annotations)?.[IGNORE_POLICY_ATTACHMENT])?.toLowerCase() === 'true';

/** btlsTargetIdx: the policies by `namespace/kind/name` of each of their targets. */
function targetIndex(policies: readonly AnalysisResource[]): Map<string, AnalysisResource[]> {
  const index = new Map<string, AnalysisResource[]>();
  for (const policy of policies) {
    for (const entry of asArray(asObject(policy.value.spec)?.targetRefs)) {
      const key = targetKey(policy.namespace, asObject(entry) ?? {});
      const list = index.get(key) ?? [];
      if (!list.includes(policy)) list.push(policy);
      index.set(key, list);
    }
  }
  return index;
}

const targetKey = (namespace: string, target: Obj) => `${namespace}/${asString(target.kind) ?? ''}/${asString(target.name) ?? ''}`;

/** getBackendTLSCredentialName: the conditions its CA sets to False, where, and what follows; undefined when it takes it. */
function caVerdict(ctx: AnalyzerContext, policy: AnalysisResource, validation: Obj): {conditions: Condition[]; path: string; effect: string} | undefined {
  const wellKnown = asString(validation.wellKnownCACertificates);
  if (wellKnown !== undefined) {
    if (wellKnown === 'System') return undefined;
    return {conditions: [{type: 'Accepted', reason: 'Invalid', message: `Unknown wellKnownCACertificates: ${wellKnown}`}],
      path: '/spec/validation/wellKnownCACertificates', effect: 'its backends are verified against the system\'s CA certificates'};
  }
  const refs = asArray(validation.caCertificateRefs);
  if (refs.length === 0) return undefined;
  const reference = asObject(refs[0]) ?? {};
  const path = at('/spec/validation/caCertificateRefs', 0);
  const group = asString(reference.group) ?? '';
  const kind = asString(reference.kind) ?? '';
  const name = asString(reference.name) ?? '';
  let resolvedRefs: Condition;
  let field = 'name';
  if (!REFERENCE_KINDS.has(`${group}/${kind}`)) {
    const error = `unsupported kind ${kind}`;
    resolvedRefs = {type: 'ResolvedRefs', reason: 'InvalidKind', message: `Certificate reference not supported: ${error}`};
    field = 'kind';
  } else {
    const object = lookup(ctx, group, kind, policy.namespace, name);
    if (!object) {
      if (!knowsIn(ctx, group, kind, policy.namespace)) return undefined;
      resolvedRefs = {type: 'ResolvedRefs', reason: 'InvalidCACertificateRef',
        message: `Certificate reference not found: reference ${policy.namespace}/${name} (of kind ${kind}) not found`};
    } else if (kind !== 'ConfigMap') {
      resolvedRefs = {type: 'ResolvedRefs', reason: 'InvalidKind', message: `Certificate reference invalid: unsupported reference kind: ${kind}`};
      field = 'kind';
    } else {
      const root = configMapRoot(object.value);
      if (typeof root !== 'string') return undefined;
      resolvedRefs = {type: 'ResolvedRefs', reason: 'InvalidCACertificateRef', message: `Certificate invalid: ${root}`};
    }
  }
  // the Accepted message repeats the error after its own prefix
  const error = resolvedRefs.message.slice(resolvedRefs.message.indexOf(': ') + 2);
  return {
    conditions: [resolvedRefs, {type: 'Accepted', reason: 'NoValidCACertificate', message: `Certificate reference invalid: ${error}`}],
    path: at(path, field),
    effect: 'istiod gives its backends an invalid CA reference, and connections to them fail',
  };
}

/** One targetRef: TargetNotFound, or Conflicted with the policy that has priority; undefined when it applies. */
function targetVerdict(ctx: AnalyzerContext, policy: AnalysisResource, target: Obj, samePolicies: readonly AnalysisResource[]):
  {condition: Condition; field: string; effect: string} | undefined {
  const group = asString(target.group) ?? '';
  const kind = asString(target.kind) ?? '';
  const name = asString(target.name) ?? '';
  const sectionName = asString(target.sectionName);
  const notFound = (error: string, field: string) =>
    ({condition: {type: 'Accepted', reason: 'TargetNotFound', message: `targetRefs invalid: ${error}`}, field, effect: 'it applies to nothing there'});
  if (!REFERENCE_KINDS.has(`${group}/${kind}`)) return notFound(`unsupported kind ${kind}`, 'kind');
  const object = lookup(ctx, group, kind, policy.namespace, name);
  if (!object) {
    if (!knowsIn(ctx, group, kind, policy.namespace)) return undefined;
    return notFound(`reference ${policy.namespace}/${name} (of kind ${kind}) not found`, 'name');
  }
  if (kind !== 'Service' && kind !== 'ServiceEntry') return notFound(`unsupported reference kind: ${kind}`, 'kind');
  if (sectionName) {
    const ports = asArray(asObject(object.value.spec)?.ports).map((port) => asString(asObject(port)?.name));
    if (!ports.includes(sectionName)) {
      return notFound(`sectionName ${JSON.stringify(sectionName)} does not exist in ${kind} ${policy.namespace}/${name}`, 'sectionName');
    }
  }
  const winner = samePolicies.find((other) => other !== policy && targetsAlike(other, target) && hasPriority(other, policy));
  if (!winner) return undefined;
  return {
    condition: {type: 'Accepted', reason: 'Conflicted', message: `Conflicts with BackendTLSPolicy ${JSON.stringify(winner.name)} targeting the same backend`},
    field: 'name', effect: `BackendTLSPolicy ${winner.name}, which has priority (older, or of a lower name), applies to that backend instead`,
  };
}

/** btlsTargetRefEqual: a targetRef of `other` with the same group, kind, name and sectionName (set or not). */
function targetsAlike(other: AnalysisResource, target: Obj): boolean {
  return asArray(asObject(other.value.spec)?.targetRefs).some((entry) => {
    const candidate = asObject(entry) ?? {};
    return (asString(candidate.group) ?? '') === (asString(target.group) ?? '') && asString(candidate.kind) === asString(target.kind)
      && asString(candidate.name) === asString(target.name) && asString(candidate.sectionName) === asString(target.sectionName);
  });
}

/** btlsHasHigherPriority: older first (an unset creationTimestamp is Go's zero time), then the lower name. */
function hasPriority(a: AnalysisResource, b: AnalysisResource): boolean {
  const created = (policy: AnalysisResource) => {
    const time = Date.parse(asString(asObject(policy.value.metadata)?.creationTimestamp) ?? '');
    return Number.isNaN(time) ? -Infinity : time;
  };
  const [ta, tb] = [created(a), created(b)];
  if (ta !== tb) return ta < tb;
  return a.name < b.name;
}
