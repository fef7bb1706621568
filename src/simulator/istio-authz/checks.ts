/**
 * The exercise checks `authorized` and `denied` (linkerd/checks.ts) on Istio's answers: every
 * destination workload with an Istio proxy must admit the request (`audit`: and an AUDIT
 * policy logs it) or refuse it (any way; 403 from RBAC, 401 from RequestAuthentication, or
 * `refused`: a closed connection, TCP RBAC, ztunnel or STRICT mTLS). A workload's answer is its
 * first enforcing proxy that does not allow (a waypoint before ztunnel), else its last; an ingress
 * gateway that allows stands aside for the destinations behind it (ingress.ts). A
 * request handed to an ext_authz provider passes neither check: the simulator cannot run it.
 */
import {pushTo} from '../../engine/model/groups';
import type {Decision} from '../decision';
import type {AuthorizedCheck, DeniedCheck} from '../linkerd/checks';
import {istioAnswers, type IstioAnswer} from './attach';

export type IstioDeniedCheck = DeniedCheck | 401;

function effective(all: readonly IstioAnswer[]): IstioAnswer[] {
  const behind = all.filter((a) => a.enforcer !== 'gateway');
  const answers = behind.length > 0 && all.every((a) => a.enforcer !== 'gateway' || a.verdict === 'allowed') ? behind : all;
  const byWorkload = new Map<string, IstioAnswer[]>();
  for (const a of answers) pushTo(byWorkload, `${a.workload.namespace}/${a.workload.name}`, a);
  return [...byWorkload.values()].map((list) => list.find((a) => a.verdict !== 'allowed') ?? list[list.length - 1]!);
}

function denial(a: IstioAnswer): IstioDeniedCheck | undefined {
  if (a.verdict === 'allowed' || a.verdict === 'ext-authz') return undefined;
  if (a.reset) return 'refused';
  return a.status === 401 ? 401 : 403;
}

function outcome(a: IstioAnswer): string {
  return `${a.workload.namespace}/${a.workload.name}: ${a.summary}`;
}

/** Undefined when no destination has an Istio answer. */
export function evaluateIstioCheck(check: {authorized: AuthorizedCheck} | {denied: IstioDeniedCheck}, decision: Decision): {passed: boolean; reason: string} | undefined {
  const answers = effective(istioAnswers(decision));
  if (answers.length === 0) return undefined;
  const reason = [...new Set(answers.map(outcome))].join('; ');
  if ('authorized' in check) return {passed: answers.every((a) => a.verdict === 'allowed' && (check.authorized !== 'audit' || a.audited)), reason};
  const expected = check.denied;
  return {passed: answers.every((a) => denial(a) !== undefined && (expected === true || denial(a) === expected)), reason};
}
