import {readFileSync} from 'node:fs';
import {dirname, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {describeSchemaAt, fieldHelp, helpPathAt, knownKinds} from '../../../src/engine/schema/index';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const helpFile = JSON.parse(readFileSync(resolve(root, 'schemas/field-help.json'), 'utf8')) as Record<string, Record<string, string>>;

describe('describeSchemaAt', () => {
  it('lists child fields, required fields and exclusive groups of an object', () => {
    const uri = describeSchemaAt('networking.istio.io/v1', 'VirtualService', '/spec/http/0/match/0/uri')!;
    expect(uri.type).toBe('object');
    expect(uri.properties).toEqual(['exact', 'prefix', 'regex']);
    expect(uri.exclusiveFields).toEqual([['exact', 'prefix', 'regex']]);
    const destination = describeSchemaAt('networking.istio.io/v1', 'VirtualService', '/spec/http/*/route/-/destination')!;
    expect(destination.required).toEqual(['host']);
    expect(destination.properties).toEqual(['host', 'port', 'subset']);
  });

  it('gives enum values, bounds, formats and CEL rule messages of leaves', () => {
    expect(describeSchemaAt('security.istio.io/v1', 'PeerAuthentication', '/spec/mtls/mode')!.enum).toEqual(['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT']);
    const weight = describeSchemaAt('networking.istio.io/v1', 'VirtualService', '/spec/http/0/route/0/weight')!;
    expect(weight).toMatchObject({type: 'integer', format: 'int32'});
    const timeout = describeSchemaAt('networking.istio.io/v1', 'VirtualService', '/spec/http/0/timeout')!;
    expect(timeout.rules).toEqual(['must be a valid duration greater than 1ms']);
  });

  it('walks maps and knows they are maps', () => {
    const headers = describeSchemaAt('networking.istio.io/v1', 'VirtualService', '/spec/http/0/match/0/headers')!;
    expect(headers.isMap).toBe(true);
    const value = describeSchemaAt('networking.istio.io/v1', 'VirtualService', '/spec/http/0/match/0/headers/end-user')!;
    expect(value.properties).toEqual(['exact', 'prefix', 'regex']);
    expect(value.helpPath).toBe('/spec/http/match/headers/*');
  });

  it('returns undefined for unknown kinds and paths outside the schema', () => {
    expect(describeSchemaAt('apps/v1', 'Deployment', '')).toBeUndefined();
    expect(describeSchemaAt('networking.istio.io/v1', 'VirtualService', '/spec/nope')).toBeUndefined();
  });

  it('describes the resource root', () => {
    expect(describeSchemaAt('networking.istio.io/v1', 'Gateway', '')!.properties).toEqual(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  });
});

describe('field help', () => {
  it('maps data pointers to help paths (indexes dropped, map keys as *)', () => {
    expect(helpPathAt('networking.istio.io/v1', 'VirtualService', '/spec/http/0/match/0/headers/end-user/exact')).toBe('/spec/http/match/headers/*/exact');
    expect(helpPathAt('security.istio.io/v1beta1', 'PeerAuthentication', '/spec/portLevelMtls/8080/mode')).toBe('/spec/portLevelMtls/*/mode');
  });

  it('answers for the fields the chapter teaches', () => {
    expect(fieldHelp('VirtualService', '/spec/http/route/weight')).toMatch(/relative/i);
    expect(fieldHelp('PeerAuthentication', '/spec/mtls/mode')).toMatch(/PERMISSIVE/);
    expect(describeSchemaAt('networking.istio.io/v1beta1', 'DestinationRule', '/spec/subsets/0/name')!.help).toMatch(/subset/);
    expect(fieldHelp('VirtualService', '/spec/nothing')).toBeUndefined();
  });

  it('has a key for every field the chapter lists', () => {
    const expected: Record<string, string[]> = {
      VirtualService: ['/spec/hosts', '/spec/gateways', '/spec/http', '/spec/http/match', '/spec/http/match/headers', '/spec/http/match/headers/*/exact', '/spec/http/match/headers/*/prefix', '/spec/http/match/headers/*/regex', '/spec/http/match/uri', '/spec/http/route', '/spec/http/route/destination', '/spec/http/route/destination/host', '/spec/http/route/destination/subset', '/spec/http/route/destination/port', '/spec/http/route/weight', '/spec/http/timeout', '/spec/http/retries', '/spec/http/fault'],
      DestinationRule: ['/spec/host', '/spec/subsets', '/spec/subsets/name', '/spec/subsets/labels', '/spec/trafficPolicy', '/spec/trafficPolicy/tls/mode', '/spec/trafficPolicy/loadBalancer', '/spec/trafficPolicy/connectionPool', '/spec/trafficPolicy/outlierDetection'],
      PeerAuthentication: ['/spec/selector', '/spec/mtls', '/spec/mtls/mode', '/spec/portLevelMtls'],
      Gateway: ['/spec/servers', '/spec/servers/port', '/spec/servers/hosts', '/spec/servers/tls'],
      ServiceEntry: ['/spec/hosts', '/spec/ports', '/spec/resolution', '/spec/location'],
      Sidecar: ['/spec/egress', '/spec/ingress'],
      AuthorizationPolicy: ['/spec/action', '/spec/rules', '/spec/rules/from', '/spec/rules/to', '/spec/rules/when'],
    };
    for (const [kind, paths] of Object.entries(expected)) for (const path of paths) expect(fieldHelp(kind, path), `${kind} ${path}`).toBeTruthy();
  });

  it('every help key names a field that exists in every served version of its kind', () => {
    const versions = knownKinds();
    for (const [kind, entries] of Object.entries(helpFile)) {
      // Keys without a group are Istio's kinds (Linkerd's AuthorizationPolicy has help of its own, if any).
      const served = versions.filter((gvk) => (kind.includes('/') ? `${gvk.group}/${gvk.kind}` === kind : gvk.kind === kind && gvk.group.endsWith('istio.io')));
      expect(served.length, kind).toBeGreaterThan(0);
      for (const helpPath of Object.keys(entries)) {
        for (const gvk of served) {
          // Help paths skip list indexes; put them back by asking describe with "*" where lists are.
          const pointer = helpPath.split('/').slice(1).reduce<string>((acc, segment) => {
            const here = describeSchemaAt(`${gvk.group}/${gvk.version}`, gvk.kind, acc);
            return here?.type === 'array' ? `${acc}/*/${segment}` : `${acc}/${segment}`;
          }, '');
          const found = describeSchemaAt(`${gvk.group}/${gvk.version}`, gvk.kind, pointer);
          expect(found?.helpPath, `${kind} ${gvk.version} ${helpPath}`).toBe(helpPath);
        }
      }
    }
  });

  it('is short and never a copy of a CRD description', () => {
    for (const entries of Object.values(helpFile)) {
      for (const text of Object.values(entries)) {
        expect(text.length).toBeLessThan(400);
        expect(text).not.toMatch(/\n/);
      }
    }
  });
});
