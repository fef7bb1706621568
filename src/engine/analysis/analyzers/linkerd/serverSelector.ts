/**
 * A Server that selects no pod, or a port its pods do not have. The policy controller binds a
 * Server to the ports of the pods its podSelector picks in its namespace (index.rs
 * Pod::reindex_servers, select_ports): a port name picks the pods' TCP container ports of that
 * name (workload.rs pod_tcp_ports_by_name, init containers included), so a name no container
 * has binds nothing; a number binds whether declared or not, so an undeclared number is told
 * only when the pods declare their ports and it is not among them. An externalWorkloadSelector
 * picks ExternalWorkloads, whose ports are named in their spec.
 */
import {asArray, asObject, asString} from '../../../istio/access';
import {stringLabels} from '../../../model/labels';
import type {Analyzer} from '../../analyzer';
import {nameRelated} from '../../related';
import {knowsKind, linkerdModel, POLICY_GROUP, workloadName} from './model';
import {describeSelector, linkerdSelector} from './selector';
import {selectedPorts, serverOf} from './servers';

const EXTERNAL_GROUP = 'workload.linkerd.io';

export const serverSelectorAnalyzer: Analyzer = {
  name: 'linkerd.ServerSelectorAnalyzer',
  inputs: [{group: POLICY_GROUP, kind: 'Server'}, {group: EXTERNAL_GROUP, kind: 'ExternalWorkload'}, {group: '', kind: 'Pod'}, {group: 'apps', kind: 'Deployment'}],
  reports: [{group: POLICY_GROUP, kind: 'Server'}],
  analyze(ctx) {
    const servers = ctx.resources(POLICY_GROUP, 'Server');
    if (servers.length === 0) return;
    const model = linkerdModel(ctx);
    for (const resource of servers) {
      const spec = asObject(resource.value.spec) ?? {};
      const server = serverOf(resource);
      if (server.selectsPod) {
        // Where the run knows no workloads, a selector that picks none says nothing: no pod to look for.
        if (!ctx.knowsWorkloadsIn(resource.namespace) && !model.podsByNamespace.has(resource.namespace)) continue;
        const name = `${resource.namespace}/${resource.name}`;
        const pods = model.podsSelectedBy(resource.namespace, spec.podSelector, server.selectsPod);
        if (pods.length === 0) {
          if (ctx.knowsWorkloadsIn(resource.namespace)) {
            ctx.report(resource, 'LinkerdServerSelectsNoPods', [name, resource.namespace, describeSelector(spec.podSelector)], {path: '/spec/podSelector', at: 'key'});
          }
          continue;
        }
        const workloads = nameRelated(pods.map(workloadName), ', ');
        if (typeof server.port === 'string') {
          if (pods.every((pod) => selectedPorts(server, pod).length === 0)) {
            ctx.report(resource, 'LinkerdServerPortNameNotFound', [name, server.port, workloads, server.port], {path: '/spec/port'});
          }
        } else if (typeof server.port === 'number') {
          const declared = [...new Set(pods.flatMap((pod) => pod.ports.map((p) => p.port)))].sort((a, b) => a - b);
          // A Server may name the proxy's own ports (4191, its admin port), which the injector declares
          const proxies = pods.some((pod) => pod.injectedPorts.some((p) => p.port === server.port));
          if (declared.length > 0 && !declared.includes(server.port) && !proxies) {
            ctx.report(resource, 'LinkerdServerPortNotDeclared', [name, server.port, workloads, declared.join(', '), server.port], {path: '/spec/port'});
          }
        }
      } else if (spec.externalWorkloadSelector !== undefined && spec.externalWorkloadSelector !== null) {
        const name = `${resource.namespace}/${resource.name}`;
        const matches = linkerdSelector(spec.externalWorkloadSelector);
        const selected = ctx.resources(EXTERNAL_GROUP, 'ExternalWorkload')
          .filter((w) => w.namespace === resource.namespace && matches(stringLabels(asObject(w.value.metadata)?.labels)));
        if (selected.length === 0) {
          if (knowsKind(ctx, EXTERNAL_GROUP, 'ExternalWorkload')) {
            ctx.report(resource, 'LinkerdServerSelectsNoPods', [name, resource.namespace, describeSelector(spec.externalWorkloadSelector)], {path: '/spec/externalWorkloadSelector', at: 'key'});
          }
          continue;
        }
        // ExternalWorkload::selects_port: a named port must be one of the workload's own.
        if (typeof server.port === 'string') {
          const named = selected.some((w) => asArray(asObject(w.value.spec)?.ports).some((p) => asString(asObject(p)?.name) === server.port));
          if (!named) {
            ctx.report(resource, 'LinkerdServerPortNameNotFound', [name, server.port, nameRelated(selected.map((w) => `ExternalWorkload ${w.namespace}/${w.name}`), ', '), server.port], {path: '/spec/port'});
          }
        }
      }
    }
  },
};
