/** Linkerd rate-limit fixtures for the linkerd-reviews lab context: the Server on the reviews pods and an HTTPLocalRateLimitPolicy on it. */

/** Server bookinfo/reviews-http: the reviews pods' port http, admitting every client (all-unauthenticated). */
export const REVIEWS_SERVER = `apiVersion: policy.linkerd.io/v1beta3
kind: Server
metadata: {name: reviews-http, namespace: bookinfo}
spec:
  podSelector: {matchLabels: {app: reviews}}
  port: http
  accessPolicy: all-unauthenticated
---
`;

/** REVIEWS_SERVER and an HTTPLocalRateLimitPolicy `name` targeting it, `spec` its limits (YAML lines under spec). */
export const linkerdRateLimit = (spec: string, name = 'limit'): string => `${REVIEWS_SERVER}apiVersion: policy.linkerd.io/v1alpha1
kind: HTTPLocalRateLimitPolicy
metadata: {name: ${name}, namespace: bookinfo}
spec:
  targetRef: {group: policy.linkerd.io, kind: Server, name: reviews-http}
${spec}`;
