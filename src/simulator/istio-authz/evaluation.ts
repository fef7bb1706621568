/**
 * One enforcing proxy's answer (authorize.ts) laid out in the order the proxy evaluates it, for the
 * lab's drawn allow/deny trace: the connection (a failed one ends there), RequestAuthentication (a
 * rejected token is a 401 before any policy), then the HTTP filter chain istiod builds
 * (pilot/pkg/security/authz/builder/builder.go build: the CUSTOM builder's ext_authz filter, then
 * the RBAC filters for AUDIT, DENY and ALLOW, in that order), and the default when no policy
 * decides (allowed without ALLOW policies, else the implicit deny). Exactly one stage decides;
 * the stages after it are not reached. Types only are imported, so a page can bundle it.
 */
import type {PolicyAction} from './policies';
import type {IstioAuthorization} from './authorize';

export type StageKind = 'connection' | 'jwt' | PolicyAction | 'default';

export interface StagePolicy {
  ref: string;
  dryRun: boolean;
  provider?: string;
  ignored?: string;
  rules: Array<{index: number; outcome: 'matched' | 'not-matched' | 'skipped'}>;
  matchedRule?: number;
  /** This policy's matching rule decided the request. */
  decides: boolean;
}

export interface EvaluationStage {
  kind: StageKind;
  title: string;
  policies: StagePolicy[];
  /** What this stage does with the request, in words. */
  outcome: string;
  decides: boolean;
  /** False for stages after the deciding one. */
  reached: boolean;
}

const ACTION_TITLES: Record<PolicyAction, string> = {
  CUSTOM: 'CUSTOM (ext_authz)',
  AUDIT: 'AUDIT (logs only)',
  DENY: 'DENY',
  ALLOW: 'ALLOW',
};

/** The answer's stages; `refused` is set when the connection failed before any authorization. */
export function evaluationStages(answer: IstioAuthorization & {refusedConnection?: string}): EvaluationStage[] {
  const stages: Array<Omit<EvaluationStage, 'reached'>> = [];
  const refused = answer.refusedConnection !== undefined;
  stages.push({
    kind: 'connection', title: 'Connection', policies: [], decides: refused,
    outcome: refused ? `fails: ${answer.refusedConnection}` : answer.peer.principal ? `peer principal ${answer.peer.principal}` : 'no peer principal (not Istio mTLS)',
  });
  if (answer.jwt.requestAuthentications.length > 0) {
    const rejected = answer.verdict === 'unauthenticated';
    stages.push({
      kind: 'jwt', title: 'RequestAuthentication', policies: [], decides: rejected,
      outcome: rejected ? answer.summary : answer.jwt.requestPrincipal ? `token accepted: request principal ${answer.jwt.requestPrincipal}` : `token ${answer.jwt.outcome}: no request principal`,
    });
  }
  const decided = answer.decidedBy;
  for (const action of ['CUSTOM', 'AUDIT', 'DENY', 'ALLOW'] as const) {
    const policies = answer.policies.filter((p) => p.action === action);
    if (policies.length === 0 && (action === 'AUDIT' || refused)) continue;
    const decides = !refused && decided?.action === action;
    const drawn: StagePolicy[] = policies.map((p) => ({
      ref: `${p.namespace}/${p.name}`, dryRun: p.dryRun, provider: p.provider, ignored: p.ignored, matchedRule: p.matchedRule,
      rules: p.rules.map((r) => ({index: r.index, outcome: r.outcome})),
      decides: decides && decided!.name === p.name && decided!.namespace === p.namespace,
    }));
    stages.push({kind: action, title: ACTION_TITLES[action], policies: drawn, decides, outcome: stageOutcome(action, answer, drawn, decides)});
  }
  if (!refused && answer.verdict !== 'unauthenticated' && decided === undefined) {
    stages.push({kind: 'default', title: 'Default', policies: [], decides: true, outcome: answer.summary});
  }
  const decider = stages.findIndex((s) => s.decides);
  return stages.map((s, i) => ({...s, reached: decider < 0 || i <= decider}));
}

function stageOutcome(action: PolicyAction, answer: IstioAuthorization, policies: StagePolicy[], decides: boolean): string {
  if (policies.length === 0) return action === 'ALLOW' ? 'no ALLOW policy' : `no ${action} policy`;
  if (decides) return answer.summary;
  const active = policies.filter((p) => !p.dryRun && !p.ignored);
  if (action === 'AUDIT') return active.some((p) => p.matchedRule !== undefined) ? 'a rule matches: the request is logged' : 'no rule matches: not logged';
  if (active.length === 0) return 'only dry-run or ignored policies: they never decide';
  if (action === 'ALLOW') return 'no rule matches';
  return 'no rule matches: on to the next stage';
}
