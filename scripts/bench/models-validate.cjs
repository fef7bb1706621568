// Baseline for the benchmark: validates a manifest the way a project using
// @kubernetes-models/istio would — js-yaml loads every document, then the model
// class matching apiVersion/kind validates it (JSON Schema from Istio 1.18 CRDs).
// Usage: node scripts/bench/models-validate.cjs FILE [--context CONTEXT_FILE]
// (prints a count, exit 1 on errors). With --context, the cluster's resources are read
// too, as `meshdive validate --context` reads them, and the ones with an Istio model are
// validated (Services, Deployments and Namespaces have none in @kubernetes-models/istio).
'use strict';
const {readFileSync} = require('node:fs');
const {loadAll} = require('js-yaml');

// Each model class is required on first use from its own module (not the group's index,
// which loads every kind of the group): the baseline pays only for the kinds it meets.
const KNOWN_API_VERSIONS = new Set(['networking.istio.io/v1beta1', 'networking.istio.io/v1alpha3', 'security.istio.io/v1beta1', 'security.istio.io/v1']);
const loaded = new Map();

function modelClass(apiVersion, kind) {
  const key = `${apiVersion}/${kind}`;
  if (!loaded.has(key)) {
    let Model;
    if (KNOWN_API_VERSIONS.has(apiVersion) && /^[A-Za-z]+$/.test(kind)) {
      try {
        Model = require(`@kubernetes-models/istio/${apiVersion}/${kind}`)[kind];
      } catch {
        Model = undefined;
      }
    }
    loaded.set(key, Model);
  }
  return loaded.get(key);
}

/** Validates every document; returns how many documents and how many failed. */
function validateWithModels(text) {
  let documents = 0;
  let invalid = 0;
  for (const resource of loadAll(text)) {
    if (!resource) continue;
    documents++;
    const Model = modelClass(resource.apiVersion, resource.kind);
    if (!Model) {
      invalid++;
      continue;
    }
    try {
      new Model(resource).validate();
    } catch {
      invalid++;
    }
  }
  return {documents, invalid};
}

module.exports = {validateWithModels};

/** The context's resources, parsed; those with a model validated. Returns how many were read and how many failed. */
function readContext(text) {
  let resources = 0;
  let invalid = 0;
  for (const resource of loadAll(text)) {
    if (!resource) continue;
    resources++;
    const Model = modelClass(resource.apiVersion, resource.kind);
    if (!Model) continue;
    try {
      new Model(resource).validate();
    } catch {
      invalid++;
    }
  }
  return {resources, invalid};
}

if (require.main === module) {
  const [file, flag, contextFile] = process.argv.slice(2);
  const context = flag === '--context' ? readContext(readFileSync(contextFile, 'utf8')) : undefined;
  const {documents, invalid} = validateWithModels(readFileSync(file, 'utf8'));
  process.stdout.write(`${documents} documents, ${invalid} invalid${context ? `; context: ${context.resources} resources, ${context.invalid} invalid` : ''}\n`);
  process.exitCode = invalid ? 1 : 0;
}
