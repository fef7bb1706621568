/**
 * A recorded session's scenario: the commands it can answer, their recorded
 * output in each cluster state, and the commands that move the cluster to the
 * next state. Loaded from labs/sessions/NAME/scenario.yaml (checked against
 * schemas/labs/scenario.schema.json at build time) and shipped to the browser as JSON.
 */
import {resolvePlaceholders} from './normalize';
export interface ScenarioState {
  id: string;
  description: string;
}

export interface ScenarioCommand {
  /** The command as recorded; may use the scenario's placeholders (`<pod-name>`). */
  run: string;
  /** Recorded output per state id. A state without an entry was not recorded. */
  outputs: Record<string, string>;
  /** State transitions this command causes: from state id → to state id. */
  moves?: Record<string, string>;
  /** Why the outputs are hand-written: no printer derives them from the cluster model. */
  handWritten?: string;
}

/** The mesh a session was recorded with (scenario.yaml's `mesh:`); an ambient session's is istio. */
export type Mesh = 'istio' | 'linkerd';

export function isMesh(value: unknown): value is Mesh {
  return value === 'istio' || value === 'linkerd';
}

export interface Scenario {
  session: string;
  title: string;
  mesh: Mesh;
  /** Namespace of the recorded kubeconfig context: `-n` naming it is a no-op. */
  namespace: string;
  prompt: string;
  placeholders: Record<string, string>;
  states: ScenarioState[];
  commands: ScenarioCommand[];
  /** The commands worth running, in order: what `hint` suggests and what the recording plays. */
  walkthrough: string[];
  /**
   * What the recorded cluster held in each state, as YAML files relative to the session's
   * directory: outputs the engine can compute (`istioctl analyze`) are checked against it at
   * build time and written from it by `npm run labs:compose-casts` (src/terminal/cluster-state.ts).
   */
  cluster?: ClusterModel;
}

/** scenario.yaml's `cluster:`: files every state holds, and each state's own files beside them. */
export interface ClusterModel {
  files: string[];
  states?: Record<string, string[]>;
  /** When each state's commands were answered (RFC 3339): the clock kubectl's AGE counts from. */
  now?: Record<string, string>;
  /** Kinds kept track of in a namespace although no state holds one: their empty answer is true. */
  empty?: {group?: string; kind: string; namespace?: string}[];
  /** What the linkerd CLI learns beyond the objects: its version, the certificates' expiry, viz's traffic per state. */
  linkerd?: import('./printers/linkerd-model').LinkerdFacts;
  /** The mesh's root and each Envoy proxy's workload certificate, as the recording found them (serials optional: ./printers/mesh-certificates.ts). */
  certificates?: import('./printers/mesh-certificates').WrittenProxyCertificateFacts;
  ztunnel?: import('./printers/ztunnel-certificates').WrittenZtunnelFacts;
  /** The files in the shell's working directory, name to text, the same in every state: ./printers/workdir.ts. */
  workdir?: Record<string, string>;
}

/** A recorded command with its placeholders (`<pod-name>`) replaced by the recorded cluster's names. */
export function resolveRun(scenario: Scenario, run: string): string {
  return resolvePlaceholders(run, scenario.placeholders);
}
