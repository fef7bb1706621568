/**
 * The ext_authz providers a CUSTOM policy can name: the `extensionProviders` of the lab's mesh
 * config (egress/mesh-config.ts labMeshConfig, the one reading of ConfigMap istio-system/istio
 * over istiod's defaults), read as istiod 1.30.3
 * reads them (pilot/pkg/security/authz/builder/extauthz.go processExtensionProvider): only
 * `envoyExtAuthzHttp` and `envoyExtAuthzGrpc` providers count; a name must be unique and a
 * DNS-1123 label (validateProviderName); a port must be 1 to 65535 (parsePort). getExtAuthz
 * refuses a name that is not there ("available providers are [...] but found ...") or a provider
 * with errors, and builder.go buildHTTP then turns the policy's rules into DENY rules
 * (getBadCustomDenyRules): a matching request is denied instead of reaching any provider.
 */
import {asNumber, asObject, asString} from '../../engine/istio/access';
import {ISTIO_NAMESPACE, labMeshConfig, MESH_CONFIG_MAP, type LabMeshConfig} from '../egress/mesh-config';
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

/** Where the providers were read from, in words: the ConfigMap, or istiod's defaults and why. */
function sourceOf(mesh: LabMeshConfig): string {
  if (!mesh.from) return `istiod's default mesh config (no ConfigMap ${ISTIO_NAMESPACE}/${MESH_CONFIG_MAP})`;
  if (mesh.problem) return `istiod's default mesh config (${mesh.problem})`;
  return `the mesh config in ConfigMap ${mesh.from.namespace}/${mesh.from.name}`;
}

export function extAuthzProviders(world: World): ProviderTable {
  let table = cache.get(world);
  if (table) return table;
  const mesh = labMeshConfig(world);
  const config = mesh.config;
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
  table = {providers, from: sourceOf(mesh)};
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
