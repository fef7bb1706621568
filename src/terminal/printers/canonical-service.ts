/**
 * istio 1.30.3 pkg/kube/labels CanonicalService: a workload's canonical service name and revision,
 * the first of each list of labels present (an empty value counts), else the workload's name and `latest`.
 */
export function canonicalService(labels: Readonly<Record<string, string>>, workloadName: string): [string, string] {
  const first = (keys: readonly string[]): string | undefined => keys.map((key) => labels[key]).find((value) => value !== undefined);
  return [
    first(['service.istio.io/canonical-name', 'app.kubernetes.io/name', 'app']) ?? workloadName,
    first(['service.istio.io/canonical-revision', 'app.kubernetes.io/version', 'version']) ?? 'latest',
  ];
}
