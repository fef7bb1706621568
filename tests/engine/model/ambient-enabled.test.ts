/**
 * Whether istiod 1.30.3 runs with ambient on (features.EnableAmbient: PILOT_ENABLE_AMBIENT, a bool
 * env.Register reads with strconv.ParseBool, default false; the ambient profile sets it to "true"):
 * one reading for the gatewayapi analyzers' waypoint class and the terminal's Envoy cluster JSON.
 */
import {describe, expect, it} from 'vitest';
import {ambientEnabled, isAmbientArtifact, type AmbientEvidence} from '../../../src/engine/model/ambient';

const evidence = (env: Record<string, string>, more: Partial<AmbientEvidence> = {}): AmbientEvidence =>
  ({istiodEnv: new Map(Object.entries(env)), istiodHeld: true, ambientArtifacts: false, ...more});

describe('ambientEnabled', () => {
  it('follows istiod\'s PILOT_ENABLE_AMBIENT when it is set, in Go\'s ParseBool spellings', () => {
    for (const value of ['true', '1', 't', 'TRUE', 'True']) expect(ambientEnabled(evidence({PILOT_ENABLE_AMBIENT: value}))).toBe(true);
    for (const value of ['false', '0', 'yes', '']) expect(ambientEnabled(evidence({PILOT_ENABLE_AMBIENT: value}))).toBe(false);
  });

  it('lets istiod\'s own setting win over a ztunnel beside it: istiod keys on its env, not on what runs next to it', () => {
    expect(ambientEnabled(evidence({PILOT_ENABLE_AMBIENT: 'false'}, {ambientArtifacts: true}))).toBe(false);
  });

  it('reads what only an ambient install makes when istiod\'s env does not say (a model may leave it out)', () => {
    expect(ambientEnabled(evidence({}, {ambientArtifacts: true}))).toBe(true);
    expect(ambientEnabled(evidence({}, {ambientArtifacts: true, istiodHeld: false}))).toBe(true);
  });

  it('is off for a held istiod without the variable (the default), and unknown when istiod is not in view', () => {
    expect(ambientEnabled(evidence({}))).toBe(false);
    expect(ambientEnabled(evidence({}, {istiodHeld: false}))).toBeUndefined();
  });
});

describe('isAmbientArtifact', () => {
  it('marks a ztunnel and what the waypoint controller deployed, nothing else', () => {
    expect(isAmbientArtifact({app: 'ztunnel'})).toBe(true);
    expect(isAmbientArtifact({'gateway.istio.io/managed': 'istio.io-mesh-controller'})).toBe(true);
    expect(isAmbientArtifact({'gateway.istio.io/managed': 'istio.io-gateway-controller'})).toBe(false);
    expect(isAmbientArtifact({app: 'istiod'})).toBe(false);
  });
});
