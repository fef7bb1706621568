/**
 * The VirtualServices a 1.30.3 sidecar reads (push_context.go initVirtualServices, SelectVirtualServices): bound to
 * the mesh gateway, exported to its namespace, oldest first, with their hosts as FQDNs. Shared by the route and
 * listener printers.
 */
import {asArray, asObject, asString} from '../../engine/istio/access';
import {field, ModelGap, type ModelObject, type StateModel} from './model';
import {CLUSTER_DOMAIN} from './sidecar-services';

export interface VirtualServiceRoutes {
  object: ModelObject;
  /** spec.hosts resolved to FQDNs (ResolveShortnameToFQDN), lower case. */
  hosts: string[];
}

/** The VirtualServices bound to the mesh gateway and exported to the namespace, oldest first (as istiod orders them). */
export function visibleVirtualServices(model: StateModel, namespace: string): VirtualServiceRoutes[] {
  const all = model.objects.filter((o) => o.group === 'networking.istio.io' && o.kind === 'VirtualService');
  const visible = all.filter((vs) => {
    const spec = asObject(vs.value.spec);
    const exportTo = asArray(spec?.exportTo).map(asString);
    const exported = exportTo.length === 0 || exportTo.some((to) => to === '*' || to === namespace || (to === '.' && vs.namespace === namespace));
    const gateways = asArray(spec?.gateways).map(asString);
    return exported && (gateways.length === 0 || gateways.includes('mesh'));
  });
  const created = (vs: ModelObject): string => {
    const timestamp = field(vs.value, 'metadata', 'creationTimestamp');
    if (typeof timestamp !== 'string' && visible.length > 1) throw new ModelGap(`the model does not say when VirtualService ${vs.namespace}/${vs.name} was created, which orders the VirtualServices`);
    return typeof timestamp === 'string' ? timestamp : '';
  };
  visible.sort((a, b) => created(a).localeCompare(created(b)) || `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
  return visible.map((vs) => ({object: vs, hosts: vsHosts(vs)}));
}

function vsHosts(vs: ModelObject): string[] {
  return asArray(asObject(vs.value.spec)?.hosts).map((h) => {
    const host = String(h).toLowerCase();
    if (host.includes('*')) throw new ModelGap(`VirtualService ${vs.namespace}/${vs.name} has a wildcard host, whose matching is not modelled here`);
    return host.includes('.') ? host : `${host}.${vs.namespace}.${CLUSTER_DOMAIN}`;
  });
}

