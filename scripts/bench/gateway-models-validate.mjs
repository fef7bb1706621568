// The peer for the benchmark's Gateway API and Linkerd shape: validates a manifest the way a
// project using @kubernetes-models/gateway-api would, as models-validate.cjs drives
// @kubernetes-models/istio: js-yaml loads every document, then the model class matching
// apiVersion/kind validates it (Ajv over the Gateway API's OpenAPI schemas: no CEL rules,
// no positions). The package is ES modules only, hence .mjs and import().
// Usage: node scripts/bench/gateway-models-validate.mjs FILE (prints counts, exit 1 on errors).
//
// The peer has models for the Gateway API's kinds only: documents of other groups (Linkerd's
// policy.linkerd.io) are read and parsed but not validated, and counted apart.
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';

const require = createRequire(import.meta.url);
const {loadAll} = require('js-yaml');

const GROUP = 'gateway.networking.k8s.io';
const VERSIONS = new Set(['v1', 'v1beta1', 'v1alpha2', 'v1alpha3']);
const loaded = new Map();

/**
 * The model class of a kind, imported on first use from its own module (not the group's
 * index, which loads every kind of the group); null for a kind the package has no model for.
 */
async function modelClass(apiVersion, kind) {
  const key = `${apiVersion}/${kind}`;
  if (!loaded.has(key)) {
    let Model = null;
    const [group, version] = String(apiVersion).split('/');
    if (group === GROUP && VERSIONS.has(version) && /^[A-Za-z]+$/.test(kind)) {
      try {
        Model = (await import(`@kubernetes-models/gateway-api/${group}/${version}/${kind}`))[kind] ?? null;
      } catch {
        Model = null;
      }
    }
    loaded.set(key, Model);
  }
  return loaded.get(key);
}

/** Validates every document it has a model for; returns how many documents, how many failed, how many it has no model for. */
export async function validateWithGatewayModels(text) {
  let documents = 0;
  let invalid = 0;
  let unmodelled = 0;
  for (const resource of loadAll(text)) {
    if (!resource) continue;
    documents++;
    const key = `${resource.apiVersion}/${resource.kind}`;
    const Model = loaded.has(key) ? loaded.get(key) : await modelClass(resource.apiVersion, resource.kind);
    if (!Model) {
      unmodelled++;
      continue;
    }
    try {
      new Model(resource).validate();
    } catch {
      invalid++;
    }
  }
  return {documents, invalid, unmodelled};
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const {documents, invalid, unmodelled} = await validateWithGatewayModels(readFileSync(process.argv[2], 'utf8'));
  process.stdout.write(`${documents} documents, ${invalid} invalid, ${unmodelled} without a model (not validated)\n`);
  process.exitCode = invalid ? 1 : 0;
}
