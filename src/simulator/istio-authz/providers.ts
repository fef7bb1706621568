/**
 * The ext_authz providers a CUSTOM policy can name: the mesh config's `extensionProviders` (the
 * `mesh` key of ConfigMap istio-system/istio when the lab holds one, over istiod's defaults, as
 * mesh.ApplyMeshConfig merges them: src/engine/analysis/meshConfig.ts), read as istiod 1.30.3
 * reads them (pilot/pkg/security/authz/builder/extauthz.go processExtensionProvider): only
 * `envoyExtAuthzHttp` and `envoyExtAuthzGrpc` providers count; a name must be unique and a
 * DNS-1123 label (validateProviderName); a port must be 1 to 65535 (parsePort). getExtAuthz
 * refuses a name that is not there ("available providers are [...] but found ...") or a provider
 * with errors, and builder.go buildHTTP then turns the policy's rules into DENY rules
 * (getBadCustomDenyRules): a matching request is denied instead of reaching any provider.
 */
import {asNumber, asObject, asString} from '../../engine/istio/access';
import {applyMeshConfig} from '../../engine/analysis/meshConfig';
import {parseYaml} from '../../engine/yaml/index';
import type {World} from '../world';

export interface ExtAuthzProvider {
  name: string;
  kind: 'http' | 'grpc';
  service?: string;
  /** Why istiod cannot use it (a bad name, a duplicate, a port out of range). */
  error?: string;
}

export interface ProviderTable {
  providers: Map<string, ExtAuthzProvider>;
  /** Where the mesh config came from, in words. */
  from: string;
}

/** The mesh config's `mesh` text is bounded like a lab input: a larger one is read as absent. */
const MAX_MESH_CONFIG_BYTES = 256 * 1024;

const cache = new WeakMap<World, ProviderTable>();

function providerNameError(name: string): string | undefined {
  if (name.length === 0) return 'provider name cannot be empty';
  if (name.length > 63) return `provider name too long (max 63 characters): ${name.length}`;
  for (const [i, c] of [...name].entries()) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c === '-') continue;
    return c >= 'A' && c <= 'Z' ? `uppercase letters not allowed (use lowercase): character '${c}' at position ${i}` : `invalid character '${c}' at position ${i} (only lowercase letters, digits, and hyphens allowed)`;
  }
  if (name.startsWith('-') || name.endsWith('-')) return 'provider name cannot start or end with hyphen';
  return undefined;
}

function meshConfigOf(world: World): {config: Record<string, unknown>; from: string} {
  const map = world.ofKind('', 'ConfigMap').find((c) => c.namespace === world.rootNamespace && c.name === 'istio');
  const text = asString(asObject(asObject(map?.value)?.data)?.mesh);
  if (text === undefined || text.length > MAX_MESH_CONFIG_BYTES) return {config: applyMeshConfig(undefined), from: "istiod's default mesh config (no ConfigMap istio-system/istio with a mesh key)"};
  const value = parseYaml(text, {maxBytes: MAX_MESH_CONFIG_BYTES}).documents[0]?.value;
  try {
    return {config: applyMeshConfig(value ?? undefined), from: `the mesh config in ConfigMap ${map!.namespace}/${map!.name}`};
  } catch {
    return {config: applyMeshConfig(undefined), from: `istiod's default mesh config (ConfigMap ${map!.namespace}/${map!.name}'s mesh is not a mapping)`};
  }
}

export function extAuthzProviders(world: World): ProviderTable {
  let table = cache.get(world);
  if (table) return table;
  const {config, from} = meshConfigOf(world);
  const providers = new Map<string, ExtAuthzProvider>();
  const list = Array.isArray(config.extensionProviders) ? config.extensionProviders : [];
  for (const [index, entry] of list.entries()) {
    const provider = asObject(entry);
    const name = asString(provider?.name) ?? '';
    const http = asObject(provider?.envoyExtAuthzHttp);
    const grpc = asObject(provider?.envoyExtAuthzGrpc);
    const errors: string[] = [];
    if (name === '') errors.push(`extension provider name must not be empty, found empty at index: ${index}`);
    else if (providers.has(name)) errors.push(`extension provider name must be unique, found duplicate: ${name}`);
    const nameError = name === '' ? undefined : providerNameError(name);
    if (nameError) errors.push(`invalid provider name ${JSON.stringify(name)}: ${nameError}`);
    const settings = http ?? grpc;
    if (!settings) continue;
    const port = asNumber(settings.port);
    if (port === undefined || !Number.isInteger(port) || port < 1 || port > 65535) errors.push(`failed to parse extension provider ${JSON.stringify(name)}: port must be in the range [1, 65535], found: ${port ?? 0}`);
    if (providers.has(name) && name !== '') {
      // The first of a name stays; the duplicate is reported on it (resolved[name] is replaced with the erroring one).
      providers.set(name, {...providers.get(name)!, error: errors.join('; ')});
      continue;
    }
    providers.set(name, {name, kind: http ? 'http' : 'grpc', service: asString(settings.service), error: errors.length ? errors.join('; ') : undefined});
  }
  table = {providers, from};
  cache.set(world, table);
  return table;
}

/** Why istiod cannot hand a CUSTOM policy's requests to `name`, or undefined when it can. */
export function providerProblem(table: ProviderTable, name: string | undefined): string | undefined {
  if (name === undefined || name === '') return 'no provider specified in authorization policy';
  const provider = table.providers.get(name);
  if (!provider) return `available providers are [${[...table.providers.keys()].join(' ')}] but found ${JSON.stringify(name)} (${table.from})`;
  if (provider.error) return `found errors in provider ${name}: ${provider.error}`;
  return undefined;
}
