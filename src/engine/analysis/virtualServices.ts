/** VirtualService references (istioctl analyzers virtualservice/*): gateways, hosts, subsets, ports. */
import {CODES} from '../codes';
import {joinPointer as at} from '../pointer';
import {asArray, asObject, stringOr, type Obj} from '../istio/access';
import {hostsOverlap} from '../istio/hosts';
import {CLUSTER_DOMAIN, fqdn} from '../model/cluster';
import type {AnalysisContext} from './context';
import {latestOf, type AnalysisResource} from '../model/resource';
import {MAX_NAMED_RELATED, nameRelated, pushTo} from './related';

const notFound = (reftype: string, refval: string) => `Referenced ${reftype} not found: ${JSON.stringify(refval)}`;

export function analyzeVirtualService(ctx: AnalysisContext, vs: AnalysisResource): void {
  const spec = asObject(vs.value.spec) ?? {};
  const gateways = asArray(spec.gateways).filter((g): g is string => typeof g === 'string');
  // Only spec.gateways: GatewayAnalyzer (virtualservice/gateways.go) does not resolve http[].match[].gateways.
  checkGateways(ctx, vs, '/spec/gateways', gateways);
  for (const section of ['http', 'tcp', 'tls'] as const) {
    asArray(spec[section]).forEach((route, i) => {
      const r = asObject(route);
      if (!r) return;
      asArray(r.route).forEach((destination, j) => {
        const path = at(`/spec/${section}`, i, 'route', j, 'destination');
        checkDestination(ctx, vs, path, asObject(asObject(destination)?.destination), 'host');
      });
      if (section === 'http') {
        checkDestination(ctx, vs, at('/spec/http', i, 'mirror'), asObject(r.mirror), 'mirror host');
        asArray(r.mirrors).forEach((mirror, j) => {
          checkDestination(ctx, vs, at('/spec/http', i, 'mirrors', j, 'destination'), asObject(asObject(mirror)?.destination), 'mirror host');
        });
      }
    });
  }
  checkHostsInGateways(ctx, vs, spec, gateways);
}

/** Resolves gateway references; returns the gateways found. */
function checkGateways(ctx: AnalysisContext, vs: AnalysisResource, path: string, names: string[]): AnalysisResource[] {
  const found: AnalysisResource[] = [];
  names.forEach((name, i) => {
    if (name === 'mesh') return;
    const key = gatewayKey(name, vs.namespace);
    const gateway = ctx.cluster.gateways.get(key);
    if (gateway) found.push(gateway);
    else if (ctx.knows('Gateway')) {
      ctx.report(vs, {path: at(path, i), at: 'value', severity: 'error', code: CODES.referencedResourceNotFound, message: notFound('gateway', name)});
    }
  });
  return found;
}

/**
 * resource.NewShortOrFullName: `ns/name`, else `name` in the VirtualService's namespace. istioctl
 * splits on "/" only, so the legacy dotted `gw.istio-system` names a Gateway "gw.istio-system" there.
 */
export function gatewayKey(name: string, namespace: string): string {
  return name.includes('/') ? name : `${namespace}/${name}`;
}

function checkDestination(ctx: AnalysisContext, vs: AnalysisResource, path: string, destination: Obj | undefined, reftype: string): void {
  const host = stringOr(destination?.host);
  if (!destination || !host) return;
  const {cluster} = ctx;
  const hostKnown = cluster.hostExists(host, vs.namespace);
  // In-cluster names are provided by Services, other hosts by ServiceEntries.
  const clusterLocal = !host.includes('.') || host.endsWith(`.${CLUSTER_DOMAIN}`);
  if (!hostKnown && ctx.knows(clusterLocal ? 'Service' : 'ServiceEntry')) {
    ctx.report(vs, {path: at(path, 'host'), at: 'value', severity: 'error', code: CODES.referencedResourceNotFound, message: notFound(reftype, host)});
    return;
  }
  const subset = stringOr(destination.subset);
  if (subset) {
    const rules = cluster.destinationRulesFor(host, vs.namespace);
    const defined = rules.some((dr) => asArray(asObject(dr.value.spec)?.subsets).some((s) => asObject(s)?.name === subset));
    // Without a cluster context, a host with no DestinationRule here may well have one there.
    if (!defined && (rules.length > 0 || ctx.closedWorld)) {
      const subsetType = reftype === 'host' ? 'host+subset in destinationrule' : 'mirror+subset in destinationrule';
      ctx.report(vs, {path: at(path, 'subset'), at: 'value', severity: 'error', code: CODES.referencedResourceNotFound, message: notFound(subsetType, `${host}+${subset}`)});
    }
  }
  checkPorts(ctx, vs, path, destination, host, cluster.portsOf(host, vs.namespace));
}

/** checkServiceEntryPorts: a multi-port service needs a port; a given port must exist. */
function checkPorts(ctx: AnalysisContext, vs: AnalysisResource, path: string, destination: Obj, host: string, ports: number[] | undefined): void {
  if (!ports) return;
  const port = asObject(destination.port)?.number;
  if (port === undefined || port === null) {
    if (ports.length > 1) {
      ctx.report(vs, {
        path: at(path, 'host'), at: 'value', severity: 'error', code: CODES.virtualServiceDestinationPortSelectorRequired,
        message: `This VirtualService routes to a service ${JSON.stringify(host)} that exposes multiple ports [${nameRelated(ports.map(String), ' ')}]. Specifying a port in the destination is required to disambiguate.`,
      });
    }
    return;
  }
  if (typeof port === 'number' && !ports.includes(port)) {
    ctx.report(vs, {path: at(path, 'port', 'number'), at: 'value', severity: 'error', code: CODES.referencedResourceNotFound, message: notFound('host:port', `${host}:${port}`)});
  }
}

/**
 * IST0132 (virtualservice.GatewayAnalyzer): for each gateway the VirtualService binds to
 * (found or not), a warning unless at least one VirtualService host matches one of the
 * gateway's hosts visible from the VirtualService's namespace; it lists the hosts (the first ones, nameRelated).
 */
function checkHostsInGateways(ctx: AnalysisContext, vs: AnalysisResource, spec: Obj, names: string[]): void {
  if (!ctx.knows('Gateway')) return;
  const vsHosts = asArray(spec.hosts).filter((h): h is string => typeof h === 'string');
  names.forEach((name, i) => {
    if (name === 'mesh') return;
    const key = gatewayKey(name, vs.namespace);
    const gateway = ctx.cluster.gateways.get(key);
    const serverHosts: string[] = [];
    for (const server of asArray(asObject(gateway?.value.spec)?.servers)) {
      for (const entry of asArray(asObject(server)?.hosts)) {
        if (typeof entry !== 'string') continue;
        const slash = entry.indexOf('/');
        const namespace = slash === -1 ? '*' : entry.slice(0, slash);
        const host = slash === -1 ? entry : entry.slice(slash + 1);
        const visible = namespace === '*' || namespace === vs.namespace || (namespace === '.' && gateway!.namespace === vs.namespace);
        if (visible) serverHosts.push(host);
      }
    }
    if (vsHosts.some((host) => serverHosts.some((s) => hostsOverlap(s, host)))) return;
    ctx.report(vs, {
      path: at('/spec/gateways', i), at: 'value', severity: 'warning', code: CODES.virtualServiceHostNotFoundInGateway,
      message: `one or more host [${nameRelated(vsHosts, ' ')}] defined in VirtualService ${vs.namespace}/${vs.name} not found in Gateway ${key}.`,
    });
  });
}

/**
 * IST0109 (virtualservice.ConflictingMeshGatewayHostsAnalyzer): two VirtualServices bound to
 * the mesh gateway (no gateways, or `mesh` listed) for the same host in the same export scope.
 * VirtualServices are grouped by scoped host in one pass; each message names the first of them
 * (nameRelated), as many VirtualServices for one host would otherwise make the report quadratic.
 */
export function analyzeConflictingMeshGatewayHosts(ctx: AnalysisContext): void {
  const byHost = new Map<string, AnalysisResource[]>();
  for (const resource of latestOf(ctx.resources, 'networking.istio.io', 'VirtualService')) {
    const spec = asObject(resource.value.spec) ?? {};
    const gateways = asArray(spec.gateways);
    if (gateways.length > 0 && !gateways.includes('mesh')) continue;
    const exportTo = asArray(spec.exportTo).filter((e): e is string => typeof e === 'string');
    const scopes = exportTo.length === 0 || exportTo.includes('*') ? ['*'] : [...new Set(exportTo.map((e) => (e === '.' ? resource.namespace : e)))];
    // Each VirtualService once per scoped host, however often its hosts repeat it (a Set, not a scan of the list).
    const keys = new Set<string>();
    for (const scope of scopes) {
      for (const host of asArray(spec.hosts)) if (typeof host === 'string') keys.add(`${scope}/${fqdn(host, resource.namespace)}`);
    }
    for (const key of keys) pushTo(byHost, key, resource);
  }
  for (const [scopedHost, list] of byHost) {
    if (list.length < 2) continue;
    const names = nameRelated(list.slice(0, MAX_NAMED_RELATED).map((vs) => `${vs.namespace}/${vs.name}`), ',', list.length);
    for (const vs of list) {
      ctx.report(vs, {
        path: '/metadata/name', at: 'value', severity: 'error', code: CODES.conflictingMeshGatewayVirtualServiceHosts,
        message: `The VirtualServices ${names} associated with mesh gateway define the same host ${scopedHost} which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.`,
      });
    }
  }
}
