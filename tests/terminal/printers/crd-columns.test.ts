import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {parseYaml} from '../../../src/engine/yaml/index';
import {CRD_PRINTER_COLUMNS} from '../../../src/terminal/printers/crd-columns';
import {kindSpec} from '../../../src/engine/families/catalog';
import {sharedFile} from '../../support/shared';

const SOURCES = [
  sharedFile('reference/istio-1.30.3/crd-all.gen.yaml', "Istio 1.30.3's CRDs"),
  sharedFile('reference/gateway-api-v1.5.1/experimental-install.yaml', "Gateway API v1.5.1's CRDs"),
  sharedFile('reference/linkerd-2.20/crds.yaml', "Linkerd 2.20's CRDs"),
];

interface Crd {
  spec: {group: string; names: {kind: string}; versions: Array<{name: string; served: boolean; storage: boolean; additionalPrinterColumns?: Array<Record<string, unknown>>}>};
}

function crds(path: string): Crd[] {
  const parsed = parseYaml(readFileSync(path, 'utf8'), {maxBytes: 64 * 1024 * 1024});
  return parsed.documents.map((d) => d.value as {kind?: string}).filter((v): v is Crd & {kind: string} => v?.kind === 'CustomResourceDefinition');
}

describe.skipIf(SOURCES.some((s) => !s.available))('the printer columns kept for custom resources', () => {
  const all = SOURCES.flatMap((source) => (source.available ? crds(source.path) : []));

  it('are the additionalPrinterColumns of every CRD, in the version kubectl asks for', () => {
    expect(all.length).toBeGreaterThan(30);
    const fromCrds = Object.fromEntries(all.map((crd) => {
      const key = `${crd.spec.group}/${crd.spec.names.kind}`;
      // kubectl asks for the preferred version: the first the families list, else the CRD's storage version.
      const preferred = kindSpec(crd.spec.group, crd.spec.names.kind)?.versions[0];
      const version = crd.spec.versions.find((v) => v.name === preferred && v.served) ?? crd.spec.versions.find((v) => v.storage)!;
      const columns = (version.additionalPrinterColumns ?? []).map(({name, type, jsonPath, priority}) => ({name, type, jsonPath, ...(priority ? {priority} : {})}));
      return [key, columns];
    }));
    expect(CRD_PRINTER_COLUMNS).toEqual(fromCrds);
  });
});
