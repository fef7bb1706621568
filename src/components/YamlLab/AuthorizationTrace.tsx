import type {ReactNode} from 'react';
import type {IstioAnswer} from '@site/src/simulator/istio-authz/attach';
import {evaluationStages, type StagePolicy} from '@site/src/simulator/istio-authz/evaluation';
import styles from './styles.module.css';
import TraceStage from './TraceStage';

function ruleText(rule: StagePolicy['rules'][number]): string {
  return `rules[${rule.index}] ${rule.outcome === 'matched' ? '✓ matches' : rule.outcome === 'skipped' ? 'skipped' : '✗ no match'}`;
}

function PolicyLine({policy}: {policy: StagePolicy}): ReactNode {
  return (
    <li className={policy.decides ? styles.stageDecidingPolicy : undefined} data-policy={policy.ref} data-deciding={policy.decides} data-matched-rule={policy.matchedRule ?? ''}>
      {policy.dryRun ? 'dry-run ' : ''}
      {policy.ref}
      {policy.provider ? ` (provider ${policy.provider})` : ''}:{' '}
      {policy.ignored ? `ignored: ${policy.ignored}` : policy.rules.length === 0 ? 'no rules: matches nothing' : policy.rules.map(ruleText).join(', ')}
      {policy.decides && <strong> ← decides</strong>}
    </li>
  );
}

/**
 * Istio's allow/deny trace drawn: for each enforcing proxy, its stages in evaluation order
 * (istio-authz/evaluation.ts), each policy with its rules' outcomes, the deciding stage and
 * policy highlighted and the stages after it marked as not reached.
 */
export default function AuthorizationTrace({answers}: {answers: readonly IstioAnswer[]}): ReactNode {
  return (
    <div className={styles.authzTraces}>
      {answers.map((answer, index) => (
        <figure key={index} className={styles.authzTrace} data-authz-trace data-workload={answer.workload.name} data-enforcer={answer.enforcer}>
          <figcaption>
            Evaluation at {answer.workload.name}&apos;s {answer.at.kind === 'waypoint' ? `waypoint ${answer.at.name}` : answer.enforcer}, port {answer.port} ({answer.protocol === 'tcp' ? 'TCP' : 'HTTP'})
          </figcaption>
          <ol className={styles.authzStages}>
            {evaluationStages(answer).map((stage) => (
              <TraceStage key={stage.kind} stage={stage} items={stage.policies.map((policy) => <PolicyLine key={policy.ref} policy={policy} />)} />
            ))}
          </ol>
        </figure>
      ))}
    </div>
  );
}
