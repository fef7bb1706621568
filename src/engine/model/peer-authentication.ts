/**
 * The one reading of the PeerAuthentications that apply to a workload, as istiod 1.30.3 composes
 * them: pilot/pkg/model/authentication.go getConfigsForWorkload keeps the policies of the
 * workload's namespace and of the root namespace whose selector is a subset of the workload's
 * labels (no selector: every workload), and pilot/pkg/security/authn/policy_applier.go
 * ComposePeerAuthentication splits them into the mesh level (root namespace, no selector), the
 * namespace level (the workload's namespace, no selector) and the workload level (the workload's
 * namespace, a selector; a selector in the root namespace is no level at all), takes the oldest
 * policy of each level, and lets the most specific level whose mode is set win (UNSET inherits),
 * PERMISSIVE without any. The workload policy's portLevelMtls gives ports their own mode (UNSET:
 * the workload's). Shared by the simulator (over its World) and the terminal's printers (over a
 * session's model); each reads its objects into PeerAuthenticationReading and says which of two
 * policies is older.
 */
export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';

export type PeerAuthenticationLevel = 'workload' | 'namespace' | 'mesh';

/** What the composition reads of one policy: its namespace, selector, mode and port-level modes (undefined: UNSET). */
export interface PeerAuthenticationReading {
  namespace: string;
  selector: Readonly<Record<string, string>>;
  mode: MtlsMode | undefined;
  portLevel: ReadonlyArray<readonly [port: number, mode: MtlsMode | undefined]> | undefined;
}

export interface ComposedPeerAuthentication<P> {
  mode: MtlsMode;
  /** The workload policy's port-level modes, by port, UNSET resolved to the workload's mode. */
  perPort: ReadonlyMap<number, MtlsMode>;
  /** The oldest policy of each level that applies. */
  levels: Readonly<Partial<Record<PeerAuthenticationLevel, P>>>;
  /** The policy whose mode is the workload's, and its level; undefined: the PERMISSIVE default. */
  from?: {policy: P; level: PeerAuthenticationLevel};
}

export interface WorkloadOf {
  namespace: string;
  /** The workload's labels; undefined: a namespace's view, which no workload-level policy selects. */
  labels?: Readonly<Record<string, string>>;
}

/** model.ConvertToMutualTLSMode over a written mode: undefined for UNSET or none, the mode, or `invalid`. */
export function readMtlsMode(mode: unknown): MtlsMode | undefined | 'invalid' {
  if (mode === undefined || mode === null || mode === 'UNSET') return undefined;
  return mode === 'STRICT' || mode === 'PERMISSIVE' || mode === 'DISABLE' ? mode : 'invalid';
}

const subsetOf = (selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

/**
 * The policies that apply to `workload` (getConfigsForWorkload's selection), in the order given.
 * Without labels only those without a selector.
 */
export function peerAuthenticationsFor<P>(policies: readonly P[], read: (policy: P) => PeerAuthenticationReading, workload: WorkloadOf, rootNamespace: string): P[] {
  return policies.filter((policy) => {
    const {namespace, selector} = read(policy);
    if (namespace !== workload.namespace && namespace !== rootNamespace) return false;
    return Object.keys(selector).length === 0 || (workload.labels !== undefined && subsetOf(selector, workload.labels));
  });
}

/**
 * ComposePeerAuthentication over the policies that apply to `workload`. `older(a, b)` is negative
 * when a is older (istiod's sortConfigByCreationTime: creation time, then name); it is asked only
 * between policies of one level, and a tie keeps the first given.
 */
export function composePeerAuthentication<P>(policies: readonly P[], read: (policy: P) => PeerAuthenticationReading, workload: WorkloadOf, rootNamespace: string, older: (a: P, b: P) => number): ComposedPeerAuthentication<P> {
  const levels: Partial<Record<PeerAuthenticationLevel, P>> = {};
  const keep = (level: PeerAuthenticationLevel, policy: P): void => {
    const held = levels[level];
    if (held === undefined || older(policy, held) < 0) levels[level] = policy;
  };
  for (const policy of peerAuthenticationsFor(policies, read, workload, rootNamespace)) {
    const {namespace, selector} = read(policy);
    if (Object.keys(selector).length === 0) keep(namespace === rootNamespace ? 'mesh' : 'namespace', policy);
    else if (namespace !== rootNamespace) keep('workload', policy);
  }
  let mode: MtlsMode = 'PERMISSIVE';
  let from: ComposedPeerAuthentication<P>['from'];
  for (const level of ['mesh', 'namespace', 'workload'] as const) {
    const policy = levels[level];
    const set = policy === undefined ? undefined : read(policy).mode;
    if (policy !== undefined && set !== undefined) {
      mode = set;
      from = {policy, level};
    }
  }
  const perPort = new Map<number, MtlsMode>();
  const portLevel = levels.workload === undefined ? undefined : read(levels.workload).portLevel;
  for (const [port, set] of portLevel ?? []) perPort.set(port, set ?? mode);
  return {mode, perPort, levels, from};
}
