/**
 * The readings of a reference's group and kind (src/engine/model/service-reference.ts), one per
 * mesh and place, each as its upstream code compares.
 */
import {describe, expect, it} from 'vitest';
import {
  istiodPolicyTargets, istiodReadsService, linkerdAdmissionReadsServiceBackend, linkerdReadsService, linkerdTargetsKind,
} from '../../../src/engine/model/service-reference';

const SERVICE = {group: '', kind: 'Service'};
const GATEWAY = {group: 'gateway.networking.k8s.io', kind: 'Gateway'};

describe('istiod', () => {
  it('reads a Gateway API reference to a Service with group "" alone (FindByGroupKind compares as written)', () => {
    expect(istiodReadsService('', 'Service')).toBe(true);
    expect(istiodReadsService('core', 'Service')).toBe(false);
    expect(istiodReadsService('', 'service')).toBe(false);
  });

  it('reads a policy targetRef with CanonicalGroup: "" and "core" both name a Service, the kind and other groups exactly (matchesGroupKind)', () => {
    expect(istiodPolicyTargets({group: '', kind: 'Service'}, SERVICE)).toBe(true);
    expect(istiodPolicyTargets({group: 'core', kind: 'Service'}, SERVICE)).toBe(true);
    expect(istiodPolicyTargets({group: 'Core', kind: 'Service'}, SERVICE)).toBe(false);
    expect(istiodPolicyTargets({group: 'core', kind: 'service'}, SERVICE)).toBe(false);
    expect(istiodPolicyTargets({group: 'gateway.networking.k8s.io', kind: 'Gateway'}, GATEWAY)).toBe(true);
    expect(istiodPolicyTargets({group: '', kind: 'Gateway'}, GATEWAY)).toBe(false);
  });
});

describe('Linkerd', () => {
  it('reads targets_kind with an unset or empty group as "core", group and kind in any ASCII case', () => {
    for (const group of [undefined, '', 'core', 'CORE']) expect(linkerdTargetsKind(group, 'serviceaccount', {group: 'core', kind: 'ServiceAccount'})).toBe(true);
    expect(linkerdTargetsKind('POLICY.linkerd.io', 'server', {group: 'policy.linkerd.io', kind: 'Server'})).toBe(true);
    expect(linkerdTargetsKind('policy.linkerd.io', 'Server', {group: 'core', kind: 'Server'})).toBe(false);
  });

  it('folds ASCII letters only, as eq_ignore_ascii_case does: the Kelvin sign is not a "k"', () => {
    expect(linkerdTargetsKind('policy.linkerd.io', 'Networ\u212AAuthentication', {group: 'policy.linkerd.io', kind: 'NetworkAuthentication'})).toBe(false);
    // Letters one case apart fold; other characters 32 apart ('@' and '`', '[' and '{') do not.
    expect(linkerdTargetsKind('core', 'sERVICE', SERVICE)).toBe(true);
    expect(linkerdTargetsKind('core', 'Servic@', {group: '', kind: 'Servic`'})).toBe(false);
    expect(linkerdTargetsKind('core', 'Service[', {group: '', kind: 'Service{'})).toBe(false);
  });

  it('reads a route\'s Service reference as targets_kind for Service (index.rs is_service)', () => {
    expect(['', 'core', 'Core'].map((group) => linkerdReadsService(group, 'SERVICE'))).toEqual([true, true, true]);
    expect(linkerdReadsService('v1', 'Service')).toBe(false);
  });

  it('reads a backendRef at admission exactly as written, the CRD\'s defaults standing for unset fields (admission.rs validate_http_backend_if_service)', () => {
    expect(linkerdAdmissionReadsServiceBackend(undefined, undefined)).toBe(true);
    expect(linkerdAdmissionReadsServiceBackend('core', 'Service')).toBe(true);
    expect(linkerdAdmissionReadsServiceBackend('', 'Service')).toBe(true);
    expect(linkerdAdmissionReadsServiceBackend('Core', 'Service')).toBe(false);
    expect(linkerdAdmissionReadsServiceBackend('', 'service')).toBe(false);
  });
});
