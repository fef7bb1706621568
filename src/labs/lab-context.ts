/** A lab context (labs/contexts/NAME.yaml): the cluster a YAML lab is applied to. */
export interface LabContext {
  name: string;
  title: string;
  description?: string;
  /** Kubernetes and Istio resources, as the cluster holds them. */
  resources: unknown[];
}
