/**
 * An API family (Kubernetes' built-ins, Istio, later the Gateway API and Linkerd) as the engine
 * knows it. A family is described twice, in two weights:
 *
 * - `FamilyKinds` (the family's `kinds.ts`): plain data, its groups and kinds with their names.
 *   The book's pages read it on every page (which code blocks become labs, what a lab shows,
 *   what the terminal's kubectl understands), so it imports nothing.
 * - `ApiFamily` (the family's `index.ts`): the same plus what judges a resource (CRD schemas,
 *   the admission webhook's rules, the analyzers), which pulls in RE2, CEL and the schemas.
 */
import type {Analyzer} from '../analysis/analyzer';
import type {Finding} from '../findings';

/** How a workload's pods come to be: each runs pods stamped from a pod template. */
export interface PodSource {
  /** Where the pod template sits (its metadata.labels are the pods' labels). */
  template: readonly string[];
  /**
   * How many pods run: `spec.replicas` (an int32, default 1), one per node (a DaemonSet:
   * one in a one-node lab cluster), or a Job's `spec.parallelism` (default 1).
   */
  count: 'replicas' | 'one-per-node' | 'parallelism';
}

export interface KindSpec {
  group: string;
  kind: string;
  /** Served versions (the API server's discovery), newest preferred first. */
  versions: readonly string[];
  namespaced: boolean;
  /** kubectl's resource names: the plural is canonical, then the singular and the short names. */
  plural: string;
  shortNames?: readonly string[];
  /** For workloads: where their pods come from. A Pod is its own one pod (`self`). */
  pods?: PodSource | 'self';
  /**
   * The simulator's answer to a request depends on resources of this kind: it routes through
   * them (a VirtualService, an HTTPRoute), they decide whether the client is allowed (a Linkerd
   * Server and its policies) or whether a request leaves the mesh (a ServiceEntry, a Sidecar, an
   * EgressNetwork). A lab of it shows its request panel.
   */
  routesRequests?: boolean;
}

export interface FamilyKinds {
  name: string;
  /** How the book names it: `Istio YAML`, `known Istio groups`. */
  title: string;
  /** What a lab of this family is judged as (`Istio 1.30`): the version the book targets. */
  judgedAs: string;
  /** API groups the family serves whose kinds are all listed in `kinds`: any other kind there is "no matches". */
  groups: readonly string[];
  /** Further groups it serves without listing their kinds: accepted, metadata checked only. */
  openGroups?: readonly string[];
  /**
   * A domain all the family's groups are under (`istio.io`): an unknown group there is
   * the family's (a misspelt Istio group is an unknown Istio kind, not someone else's API).
   */
  groupDomain?: string;
  kinds: readonly KindSpec[];
  /** A YAML block holding a document of this family becomes an editable lab. */
  labs: boolean;
}

/** Checks of one admission webhook (or the API server's own decoding) on one kind, after the schema accepted it. */
export type AdmissionRule = (resource: Record<string, unknown>, group: string, kind: string) => Finding[];

/** A served kind with the CRD schema that validates it. */
export interface SchemaKind {
  group: string;
  version: string;
  kind: string;
}

export interface ApiFamily extends FamilyKinds {
  /**
   * The CRD schemas the API server validates the family's kinds with (a family of built-ins has
   * none): the served kind for an exact apiVersion and kind, if any. A Map lookup, cached.
   */
  schemaKind?(apiVersion: string, kind: string): SchemaKind | undefined;
  /** Every served group/version/kind with a schema (for kubectl's suggestions). */
  schemaKinds?(): readonly SchemaKind[];
  /** The code of "no matches for kind" in the family's groups (default `unknown-kind`). */
  unknownKindCode?: string;
  /** Admission rules by `group/kind`. */
  admission: ReadonlyMap<string, AdmissionRule>;
  /** Said once when schema errors stop the admission rules from running (the API server rejects first). */
  admissionSkipped?: string;
  /**
   * Admission rules of this family's webhook on kinds another family serves, by `group/kind`
   * (Linkerd's webhook judges Gateway API routes). A cluster runs them only when it runs this
   * family's control plane, so they apply only in a run (input or context) holding an object
   * that `showsControlPlane`.
   */
  admissionOfOtherKinds?: ReadonlyMap<string, AdmissionRule>;
  /** Whether this object shows that the cluster runs the family's control plane. */
  showsControlPlane?(object: Record<string, unknown>): boolean;
  /**
   * The namespaceSelector of the family's webhooks: whether they skip objects in this Namespace
   * (Linkerd's skip a namespace labelled `config.linkerd.io/admission-webhooks: disabled`). A
   * denial of theirs is dropped when the run (input, companions, context) holds such a Namespace.
   */
  webhooksSkipNamespace?(namespace: Record<string, unknown>): boolean;
  /** The analyzers that read this family's kinds (filled as they move to src/engine/analysis/analyzers). */
  analyzers: readonly Analyzer[];
}
