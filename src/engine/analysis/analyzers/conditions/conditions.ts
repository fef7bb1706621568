/** conditions/conditions.go (ConditionAnalyzer): IST0171 on a status condition that reads as negative. */
import {asArray, asObject, stringOr} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';
import type {Analyzer, KindRef} from '../../analyzer';

const ref = (group: string, kind: string): KindRef => ({group, kind});
const GATEWAY_API = 'gateway.networking.k8s.io';
const WAYPOINT_BOUND = {'istio.io/WaypointBound': 'False'};
const GATEWAY_CONDITIONS = {Accepted: 'False', Programmed: 'False', ResolvedRefs: 'False'};

/**
 * negativeConditionsToReport: per kind, the condition types and the status that is negative, and
 * where the kind's status keeps its conditions (routes: under each parent).
 */
const WATCHED: ReadonlyArray<{kind: KindRef; negative: Readonly<Record<string, string>>; perParent?: boolean}> = [
  {kind: ref('', 'Service'), negative: WAYPOINT_BOUND},
  {kind: ref('networking.istio.io', 'ServiceEntry'), negative: WAYPOINT_BOUND},
  {kind: ref('networking.istio.io', 'WorkloadEntry'), negative: WAYPOINT_BOUND},
  {kind: ref('security.istio.io', 'AuthorizationPolicy'), negative: {ZtunnelAccepted: 'False', WaypointAccepted: 'False'}},
  {kind: ref(GATEWAY_API, 'Gateway'), negative: GATEWAY_CONDITIONS},
  {kind: ref(GATEWAY_API, 'HTTPRoute'), negative: GATEWAY_CONDITIONS, perParent: true},
  {kind: ref(GATEWAY_API, 'GRPCRoute'), negative: GATEWAY_CONDITIONS, perParent: true},
];

/**
 * Each condition whose status is the negative one for its type; a type the table does not name
 * counts as negative when its status is empty too (Go's zero value compares equal). An
 * AuthorizationPolicy's WaypointAccepted condition with reason PartiallyInvalid is reported as well,
 * whatever its status. No field line: the Go code adds none.
 */
export const conditionAnalyzer: Analyzer = {
  name: 'conditions.ConditionAnalyzer',
  inputs: WATCHED.map((watched) => watched.kind),
  analyze(ctx) {
    for (const {kind, negative, perParent} of WATCHED) {
      const isAuthorizationPolicy = kind.kind === 'AuthorizationPolicy';
      for (const resource of ctx.resources(kind.group, kind.kind)) {
        for (const condition of conditionsOf(resource, perParent === true)) {
          const type = stringOr(condition.type);
          const reason = stringOr(condition.reason);
          const parameters = [type, reason, stringOr(condition.message)];
          const negativeStatus = Object.prototype.hasOwnProperty.call(negative, type) ? negative[type] : '';
          if (stringOr(condition.status) === negativeStatus) ctx.report(resource, 'NegativeConditionStatus', parameters);
          if (isAuthorizationPolicy && type === 'WaypointAccepted' && reason === 'PartiallyInvalid') ctx.report(resource, 'NegativeConditionStatus', parameters);
        }
      }
    }
  },
};

/** extractConditions: status.conditions, or for routes every status.parents[].conditions. */
function conditionsOf(resource: AnalysisResource, perParent: boolean): Array<Record<string, unknown>> {
  const status = asObject(resource.value.status);
  if (!status) return [];
  const lists = perParent ? asArray(status.parents).map((parent) => asObject(parent)?.conditions) : [status.conditions];
  return lists.flatMap((list) => asArray(list).map((condition) => asObject(condition) ?? {}));
}
