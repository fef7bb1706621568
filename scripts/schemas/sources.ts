/**
 * The CustomResourceDefinitions the engine's schemas come from, in ../shared/reference (see
 * its README.md). Every served version is imported unless `only` narrows a file to the
 * kinds and versions taken from it: the Gateway API's experimental channel only for the
 * experimental kinds that Istio or Linkerd serve (its standard kinds come from the standard
 * channel, as a cluster with the standard install serves them).
 */
export interface CrdSource {
  /** Relative to the project root. */
  file: string;
  /** `Kind/version` pairs to take from the file; all served versions when absent. */
  only?: readonly string[];
}

export const CRD_SOURCES: readonly CrdSource[] = [
  {file: '../shared/reference/istio-1.30.3/crd-all.gen.yaml'},
  {file: '../shared/reference/gateway-api-v1.5.1/standard-install.yaml'},
  {file: '../shared/reference/gateway-api-v1.5.1/experimental-install.yaml', only: ['TCPRoute/v1alpha2', 'TLSRoute/v1alpha2']},
  {file: '../shared/reference/linkerd-2.20/crds.yaml'},
];
