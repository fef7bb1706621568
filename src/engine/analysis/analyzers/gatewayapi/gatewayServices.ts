/**
 * The Services a Gateway API Gateway is served through, as istiod 1.30.3 names them
 * (pilot/pkg/config/kube/gateway conversion.go extractGatewayServices; gatewaycommon
 * gateway_utils.go IsManaged and GetDefaultName, classinfo.go DisableNameSuffix):
 * - managed (no address, or one IPAddress, the CRD's default type): the Service istiod's
 *   deployment controller generates, `<name>-<class>` (a class with DisableNameSuffix, the waypoint's: `<name>`), or the
 *   gateway.istio.io/name-override annotation, in the Gateway's namespace;
 * - otherwise its `Hostname` addresses (a short name is a Service of its namespace); another
 *   address type is skipped with "only Hostname is supported, ignoring [...]" (UnsupportedAddress),
 *   and the networking.istio.io/service-type annotation is "deprecated" (DeprecatedField): soft
 *   failures, the Gateway's Accepted condition False; with no Service at all, a hard one.
 */
import {asArray, asObject, asString} from '../../../istio/access';
import {CLUSTER_DOMAIN} from '../../../model/hosts';
import {stringLabels} from '../../../model/labels';
import type {AnalysisResource} from '../../../model/resource';
import {joinPointer as at} from '../../../pointer';
import {CLASS_INFOS} from './gatewayClasses';

const NAME_OVERRIDE_ANNOTATION = 'gateway.istio.io/name-override';
const SERVICE_TYPE_ANNOTATION = 'networking.istio.io/service-type';

export interface GatewayServices {
  managed: boolean;
  /** The Services' hostnames (name.namespace.svc.cluster.local, or a ServiceEntry's host). */
  hosts: string[];
  /** For each host of an unmanaged Gateway, the index of the address it comes from. */
  addressIndexes?: number[];
  /** The soft or hard failure istiod writes on the Gateway's Accepted condition, and the Gateway's field that causes it. */
  error?: {reason: string; message: string; path: string};
}

const addressesOf = (gateway: AnalysisResource) => asArray(asObject(gateway.value.spec)?.addresses).map((address) => asObject(address) ?? {});

/** IsManaged: istiod deploys the Gateway itself (with PILOT_ENABLE_GATEWAY_API_MANUAL_DEPLOYMENT, on by default). */
export function isManaged(gateway: AnalysisResource): boolean {
  const addresses = addressesOf(gateway);
  return addresses.length === 0 || (addresses.length === 1 && (asString(addresses[0]!.type) ?? 'IPAddress') === 'IPAddress');
}

/** extractGatewayServices for a Gateway of istiod's class with this controller. */
export function gatewayServices(gateway: AnalysisResource, controller: string): GatewayServices {
  const annotations = stringLabels(asObject(gateway.value.metadata)?.annotations);
  if (isManaged(gateway)) {
    const className = asString(asObject(gateway.value.spec)?.gatewayClassName) ?? '';
    const name = annotations[NAME_OVERRIDE_ANNOTATION] || (CLASS_INFOS.get(controller)?.nameWithoutSuffix ? gateway.name : `${gateway.name}-${className}`);
    return {managed: true, hosts: [`${name}.${gateway.namespace}.${CLUSTER_DOMAIN}`]};
  }
  const hosts: string[] = [];
  const addressIndexes: number[] = [];
  const skipped: string[] = [];
  let firstSkipped = -1;
  addressesOf(gateway).forEach((address, i) => {
    const type = asString(address.type);
    const value = asString(address.value) ?? '';
    if (type === undefined || type === 'Hostname') {
      hosts.push(value.includes('.') ? value : `${value}.${gateway.namespace}.${CLUSTER_DOMAIN}`);
      addressIndexes.push(i);
    } else {
      skipped.push(value);
      if (firstSkipped < 0) firstSkipped = i;
    }
  });
  if (skipped.length > 0) {
    // fmt's %v of a []string: [a b]
    const message = `only Hostname is supported, ignoring [${skipped.join(' ')}]`;
    return {managed: false, hosts, addressIndexes, error: {reason: 'UnsupportedAddress', message, path: at('/spec/addresses', firstSkipped, 'type')}};
  }
  if (SERVICE_TYPE_ANNOTATION in annotations) {
    const message = `annotation ${SERVICE_TYPE_ANNOTATION} is deprecated, use Spec.Infrastructure.Routeability`;
    return {managed: false, hosts, addressIndexes, error: {reason: 'DeprecatedField', message, path: at('/metadata/annotations', SERVICE_TYPE_ANNOTATION)}};
  }
  return {managed: false, hosts, addressIndexes};
}
