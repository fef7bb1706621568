/**
 * The CustomResourceDefinition the CRD tests vary: widgets.example.com, one served and stored
 * version v1, its openAPIV3Schema the given YAML text (what follows `openAPIV3Schema:`, a flow
 * value or lines indented under it).
 */
export const widgetCrd = (schema: string) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:${schema}`;

/** widgetCrd with a root object schema of `properties` and root `rules`, written as one JSON line. */
export const widgetCrdWithRules = (properties: Record<string, unknown>, rules: Array<Record<string, unknown>>) =>
  widgetCrd(` ${JSON.stringify({type: 'object', properties, 'x-kubernetes-validations': rules})}\n`);
