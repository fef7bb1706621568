/**
 * The conditions istiod 1.30.3 writes on each listener entry of a ListenerSet it accepted
 * (pilot/pkg/config/kube/gateway gateway_collection.go ListenerSetCollection, which runs
 * conversion.go buildListener on every entry with the parent Gateway's class controller, always
 * istiod's gateway controller: the only class with SupportsListenerSet), as listenerConditions.ts
 * judges any listener: UnsupportedProtocol, buildTLS's errors (the parent Gateway's `tls.frontend`
 * included), InvalidRouteKinds.
 * Conflicted is always False with "No errors found": istiod 1.30.3 does not compare a ListenerSet's
 * entries with its Gateway's listeners (supported_features.go skips the ListenerSet conformance
 * feature: ListenerSetHostnameConflict, ListenerSetProtocolConflict), so no conflict is reported.
 * The port, which detectListenerPortNumber defaults for HTTP and HTTPS, is required by the CRD.
 */
import {asArray, asObject, asString} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';
import {joinPointer as at} from '../../../pointer';
import type {AnalyzerContext} from '../../analyzer';
import {listenerConditions, type ListenerCondition, type ListenerVerdict} from './listenerConditions';
import {GATEWAY_CONTROLLER} from './gatewayClasses';
import {GATEWAY_GROUP, lookup} from './routes';

export interface ListenerEntryConditions {
  name: string;
  path: string;
  conditions: ListenerCondition[];
  /** All True, but the credential name left empty (listenerTls.ts emptyCredentialName). */
  emptyCredential?: ListenerVerdict['emptyCredential'];
}

/** The entries istiod marks with a False condition, or that serve the proxy's own certificate, in order; others are left out. */
export function listenerEntryConditions(ctx: AnalyzerContext, listenerSet: AnalysisResource): ListenerEntryConditions[] {
  const entries: ListenerEntryConditions[] = [];
  const gateway = parentGatewayOf(ctx, listenerSet);
  asArray(asObject(listenerSet.value.spec)?.listeners).forEach((item, i) => {
    const listener = asObject(item);
    if (!listener) return;
    const path = at('/spec/listeners', i);
    const {conditions, emptyCredential} = listenerConditions(ctx, listenerSet, gateway, GATEWAY_CONTROLLER, listener, path);
    const name = asString(listener.name) ?? '';
    if (emptyCredential) entries.push({name, path, conditions, emptyCredential});
    else if (conditions.length > 0) entries.push({name, path, conditions});
  });
  return entries;
}

/** The Gateway a ListenerSet's parentRef names (the caller knows its Gateway took it). */
export function parentGatewayOf(ctx: AnalyzerContext, listenerSet: AnalysisResource): AnalysisResource | undefined {
  const parentRef = asObject(asObject(listenerSet.value.spec)?.parentRef) ?? {};
  return lookup(ctx, GATEWAY_GROUP, 'Gateway', asString(parentRef.namespace) || listenerSet.namespace, asString(parentRef.name) ?? '');
}
