// Baseline for the benchmark: validates a manifest the way a project using
// @kubernetes-models/istio would — js-yaml loads every document, then the model
// class matching apiVersion/kind validates it (JSON Schema from Istio 1.18 CRDs).
// Usage: node scripts/bench/models-validate.cjs FILE  (prints a count, exit 1 on errors)
'use strict';
const {readFileSync} = require('node:fs');
const {loadAll} = require('js-yaml');

const MODULES = {
  'networking.istio.io/v1beta1': () => require('@kubernetes-models/istio/networking.istio.io/v1beta1'),
  'networking.istio.io/v1alpha3': () => require('@kubernetes-models/istio/networking.istio.io/v1alpha3'),
  'security.istio.io/v1beta1': () => require('@kubernetes-models/istio/security.istio.io/v1beta1'),
  'security.istio.io/v1': () => require('@kubernetes-models/istio/security.istio.io/v1'),
};
const loaded = new Map();

function modelClass(apiVersion, kind) {
  if (!loaded.has(apiVersion)) loaded.set(apiVersion, MODULES[apiVersion] ? MODULES[apiVersion]() : {});
  return loaded.get(apiVersion)[kind];
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

if (require.main === module) {
  const {documents, invalid} = validateWithModels(readFileSync(process.argv[2], 'utf8'));
  process.stdout.write(`${documents} documents, ${invalid} invalid\n`);
  process.exitCode = invalid ? 1 : 0;
}
