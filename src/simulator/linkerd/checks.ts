/**
 * Exercise checks on Linkerd's authorization (exercises.ts, schemas/labs/exercise.schema.json):
 * `authorized` (every meshed destination pod admits the request; `audit`: admitted only by the
 * audit authorization, so logged) and `denied` (every one refuses it: any way, or with 403,
 * 404 or a refused connection).
 */
import type {Decision} from '../decision';
import {linkerdAnswers} from './attach';
import type {LinkerdAuthorization} from './authorize';

export type AuthorizedCheck = true | 'audit';
export type DeniedCheck = true | 403 | 404 | 'refused';
export type LinkerdCheck = {authorized: AuthorizedCheck} | {denied: DeniedCheck};

function outcome(a: LinkerdAuthorization): string {
  return `${a.workload.namespace}/${a.workload.name} port ${a.port}: ${a.summary}`;
}

function denial(a: LinkerdAuthorization): DeniedCheck | undefined {
  if (a.verdict === 'refused') return 'refused';
  if (a.verdict === 'forbidden') return 403;
  if (a.verdict === 'no-route') return 404;
  return undefined;
}

export function evaluateLinkerdCheck(check: LinkerdCheck, decision: Decision): {passed: boolean; reason: string} {
  const answers = linkerdAnswers(decision);
  if (answers.length === 0) return {passed: false, reason: `no destination pod is meshed by Linkerd (${decision.summary})`};
  const reason = [...new Set(answers.map(outcome))].join('; ');
  if ('authorized' in check) {
    const passed = answers.every((a) => a.verdict === 'allowed' && (check.authorized !== 'audit' || a.audit));
    return {passed, reason};
  }
  const expected = check.denied;
  const passed = answers.every((a) => denial(a) !== undefined && (expected === true || denial(a) === expected));
  return {passed, reason};
}

export function describeLinkerdCheck(check: LinkerdCheck, request: string): string {
  if ('authorized' in check) return check.authorized === 'audit' ? `Linkerd lets ${request} through in audit mode` : `Linkerd authorizes ${request}`;
  const how = check.denied === true ? '' : check.denied === 'refused' ? ' (connection refused)' : ` with ${check.denied}`;
  return `Linkerd denies ${request}${how}`;
}
