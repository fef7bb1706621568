/**
 * The lab contexts' workloads are wired as a cluster would need them: every Service port targets
 * a port that a container it selects listens on (a number, or a named container port).
 */
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {parseYaml} from '../../src/engine/yaml/index';

type Resource = Record<string, any>;

function resources(name: string): Resource[] {
  return (parseYaml(readFileSync(`labs/contexts/${name}.yaml`, 'utf8')).documents[0]!.value as Resource).resources as Resource[];
}

describe('lab contexts: Services and the containers they select', () => {
  for (const context of ['bookinfo', 'reviews', 'linkerd-reviews', 'ambient-bookinfo']) {
    it(`${context}: each Service port targets a port its selected containers listen on`, () => {
      const all = resources(context);
      const workloads = all.filter((r) => r.kind === 'Deployment');
      const services = all.filter((r) => r.kind === 'Service' && r.spec?.selector);
      expect(services.length).toBeGreaterThan(0);
      for (const service of services) {
        const selected = workloads.filter((w) => w.metadata.namespace === service.metadata.namespace
          && Object.entries(service.spec.selector as Record<string, string>).every(([key, value]) => w.spec.template.metadata.labels?.[key] === value));
        const ports = selected.flatMap((w) => (w.spec.template.spec.containers as Resource[]).flatMap((c) => (c.ports ?? []) as Resource[]));
        for (const port of service.spec.ports as Resource[]) {
          const target = port.targetPort ?? port.port;
          const where = `${service.metadata.namespace}/${service.metadata.name} port ${port.port} → ${target}`;
          expect(selected.length, where).toBeGreaterThan(0);
          expect(ports.some((p) => (typeof target === 'number' ? p.containerPort === target : p.name === target)), where).toBe(true);
        }
      }
    });
  }
});
