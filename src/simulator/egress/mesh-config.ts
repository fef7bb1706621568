/**
 * The mesh config a lab runs with: istiod reads the `mesh` key of ConfigMap `istio` in its own
 * namespace, istio-system (pilot/pkg/bootstrap/mesh.go defaultMeshConfigMapName read from
 * args.Namespace, pkg/config/mesh/kubemesh MeshConfigKey), not in the root namespace it may name and applies it over mesh.DefaultMeshConfig, as the engine's analysis does for a
 * mesh config file (src/engine/analysis/meshConfig.ts applyMeshConfig). Without that ConfigMap
 * the defaults hold (outboundTrafficPolicy ALLOW_ANY).
 */
import {applyMeshConfig} from '../../engine/analysis/meshConfig';
import {asObject, asString} from '../../engine/istio/access';
import {ISTIO_NAMESPACE, meshRootNamespace} from '../../engine/model/resource';
import {parseYaml} from '../../engine/yaml/index';
import type {World, WorldResource} from '../world';

export const MESH_CONFIG_MAP = 'istio';
export const MESH_CONFIG_KEY = 'mesh';
export {ISTIO_NAMESPACE};

export interface LabMeshConfig {
  config: Readonly<Record<string, unknown>>;
  /** The ConfigMap read, when the lab has one. */
  /** The ConfigMap read, as a decision's ResourceRef (built here: decision.ts and outcome.ts lead back to modules that read the root namespace). */
  from?: Pick<WorldResource, 'kind' | 'name' | 'namespace' | 'at'>;
  /** The mapping the ConfigMap writes, before the defaults. */
  written?: Readonly<Record<string, unknown>>;
  /** Why the ConfigMap's `mesh` could not be used (istiod keeps its defaults then). */
  problem?: string;
}

const cache = new WeakMap<World, LabMeshConfig>();

/** meshConfig.rootNamespace of the lab's mesh config, istio-system when unset: where mesh-wide rules live. */
export function rootNamespaceOf(world: World): string {
  return meshRootNamespace(labMeshConfig(world).config);
}

export function labMeshConfig(world: World): LabMeshConfig {
  let found = cache.get(world);
  if (!found) {
    found = readMeshConfig(world);
    cache.set(world, found);
  }
  return found;
}

/**
 * The `mesh` text is parsed within parseYaml's default bounds (DEFAULT_YAML_LIMITS: 256 KiB, the
 * same as a lab input's), so an oversized one is a problem, not a long parse. Each problem names
 * the ConfigMap, for the answers that quote it (outbound-policy.ts, istio-authz/providers.ts).
 */
function readMeshConfig(world: World): LabMeshConfig {
  const map = world.ofKind('', 'ConfigMap').find((c) => c.name === MESH_CONFIG_MAP && c.namespace === ISTIO_NAMESPACE);
  if (!map) return {config: applyMeshConfig(undefined)};
  const from = {kind: map.kind, name: map.name, namespace: map.namespace, at: map.at};
  const key = `ConfigMap ${map.namespace}/${map.name}'s data.${MESH_CONFIG_KEY}`;
  const unusable = (problem: string): LabMeshConfig => ({config: applyMeshConfig(undefined), from, problem});
  const text = asString(asObject(map.value.data)?.[MESH_CONFIG_KEY]);
  if (text === undefined) return unusable(`ConfigMap ${map.namespace}/${map.name} has no data.${MESH_CONFIG_KEY}`);
  const parsed = parseYaml(text);
  // A problem with the text as a whole (its size, binary data): nothing was parsed.
  if (parsed.problems[0]) return unusable(`${key} is not read: ${parsed.problems[0].message}`);
  const document = parsed.documents[0];
  const error = document?.problems[0];
  if (error || (document && document.value === undefined)) return unusable(`${key} is not YAML${error ? `: ${error.message}` : ''}`);
  try {
    const value = document?.value ?? undefined;
    return {config: applyMeshConfig(value), from, written: value as Record<string, unknown> | undefined};
  } catch (e) {
    return unusable(`${key}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
