/** The default inbound policies Linkerd knows (policy-controller/k8s/index/src/defaults.rs DefaultPolicy::from_str). */
export const DEFAULT_POLICIES = ['all-unauthenticated', 'all-authenticated', 'cluster-unauthenticated', 'cluster-authenticated', 'deny', 'audit'] as const;

export type DefaultPolicy = (typeof DEFAULT_POLICIES)[number];

/** DefaultPolicy::from_str: exact names only (anything else is "invalid mode" and ignored). */
export function parseDefaultPolicy(value: unknown): DefaultPolicy | undefined {
  return typeof value === 'string' && (DEFAULT_POLICIES as readonly string[]).includes(value) ? (value as DefaultPolicy) : undefined;
}
