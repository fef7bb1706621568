/**
 * The clients a lab's request panel offers: every workload the lab runs, with what a policy sees
 * of it (namespace, service account, principal) and its data plane. Istio's reading is
 * istio-authz/dataplane.ts istioWorkload (a sidecar by injection labels, ambient, or none); a
 * workload Linkerd's injector meshes (linkerd/workloads.ts) is a Linkerd client. The value of each
 * is what `--from` takes (`namespace/workload`).
 */
import {workloadPods} from '../engine/model/pods';
import type {Decision} from './decision';
import {DEFAULT_CLUSTER_INFO} from './linkerd/cluster-info';
import {linkerdWorkload} from './linkerd/workloads';
import {istioWorkload} from './istio-authz/dataplane';
import type {World} from './world';

/** A panel lists at most this many clients (a lab with more names the rest by typing). */
export const MAX_LAB_CLIENTS = 200;

export interface LabClient {
  /** What `--from` takes: `namespace/workload`. */
  from: string;
  namespace: string;
  workload: string;
  serviceAccount: string;
  /** `sidecar`, `ambient` or `none` (Istio), or `linkerd` (meshed by Linkerd's injector). */
  dataplane: 'sidecar' | 'ambient' | 'none' | 'linkerd';
  /** Why it has that data plane, in words. */
  because: string;
}

export function labClients(world: World): LabClient[] {
  const clients: LabClient[] = [];
  const seen = new Set<string>();
  for (const resource of world.resources) {
    if (clients.length >= MAX_LAB_CLIENTS) break;
    if (!workloadPods(resource)) continue;
    const from = `${resource.namespace}/${resource.name}`;
    if (seen.has(from)) continue;
    const istio = istioWorkload(world, resource.namespace, resource.name);
    if (!istio) continue;
    seen.add(from);
    const linkerd = linkerdWorkload(world, resource, DEFAULT_CLUSTER_INFO);
    const meshed = linkerd?.meshed === true;
    clients.push({
      from, namespace: resource.namespace, workload: resource.name, serviceAccount: istio.serviceAccount,
      dataplane: meshed ? 'linkerd' : istio.dataplane, because: meshed ? 'meshed by Linkerd\'s proxy injector' : istio.because,
    });
  }
  return clients.sort((a, b) => a.from.localeCompare(b.from));
}

/** The client a decision was made for, as the panel names it: one of `clients`, or the default client. */
export function chosenClient(decision: Decision, clients: readonly LabClient[]): LabClient | {from: ''; namespace: string; description: string} {
  const {source} = decision;
  if (source.kind === 'gateway') return {from: '', namespace: source.namespace, description: `gateway ${source.gateway}: the request enters from outside the mesh`};
  const named = source.workload === undefined ? undefined : clients.find((c) => c.namespace === source.namespace && c.workload === source.workload);
  if (named) return named;
  return {from: '', namespace: source.namespace, description: `a pod without labels in namespace ${source.namespace} (service account default)`};
}
