/**
 * The annotation and label table the annotation analyzers read is what
 * scripts/analysis/import-annotations.ts derives from Istio 1.30.3's tables (istio/api
 * annotation/annotations.yaml, label/labels.yaml): regenerate it rather than edit it.
 */
import {readFileSync} from 'node:fs';
import {resolve} from 'node:path';
import {describe, expect, it} from 'vitest';
import {referenceTables} from '../../../scripts/analysis/import-annotations';
import {ANNOTATIONS, LABELS} from '../../../src/engine/analysis/analyzers/annotations/annotations.generated';
import {sharedFile} from '../../support/shared';

const annotations = sharedFile('reference/istio-1.30.3/annotations.yaml', "Istio's annotation table");
const labels = sharedFile('reference/istio-1.30.3/labels.yaml', "Istio's label table");
const GENERATED = resolve(__dirname, '../../../src/engine/analysis/analyzers/annotations/annotations.generated.ts');

describe.skipIf(!annotations.available || !labels.available)("Istio's annotation and label table (istio/api at 1.30.3)", () => {
  it('is committed exactly as the import script writes it from the reference', () => {
    expect(readFileSync(GENERATED, 'utf8')).toBe(referenceTables());
  });

  it('holds each of the 67 annotations and 24 labels once, with the facts istio/api generates', () => {
    expect(ANNOTATIONS).toHaveLength(67);
    expect(LABELS).toHaveLength(24);
    expect(new Set(ANNOTATIONS.map((a) => a.name)).size).toBe(67);
    // An entry the YAML gives no feature status is Alpha in istio/api's generated Go.
    expect(ANNOTATIONS.find((a) => a.name === 'sidecar.istio.io/proxyMemoryLimit')).toEqual({
      name: 'sidecar.istio.io/proxyMemoryLimit', featureStatus: 'Alpha', deprecated: false, hidden: false, resources: ['Pod'],
    });
    expect(ANNOTATIONS.find((a) => a.name === 'sidecar.istio.io/inject')).toMatchObject({featureStatus: 'Beta', deprecated: true, resources: ['Pod']});
    expect(ANNOTATIONS.find((a) => a.name === 'kubernetes.io/ingress.class')?.resources).toEqual(['Ingress']);
  });

  it('keeps no description prose', () => {
    expect(readFileSync(GENERATED, 'utf8')).not.toMatch(/description/i);
  });
});
