import type {ReactNode} from 'react';
import type {LinkerdAuthorization} from '@site/src/simulator/linkerd/authorize';
import {linkerdEvaluationStages, type LinkerdStageItem} from '@site/src/simulator/linkerd/evaluation';
import styles from './styles.module.css';

const RESULTS: Record<LinkerdStageItem['result'], string> = {admits: '✓ admits', rejects: '✗ does not admit', 'not-checked': 'not checked'};

function ItemLine({item}: {item: LinkerdStageItem}): ReactNode {
  return (
    <li className={item.decides ? styles.stageDecidingPolicy : undefined} data-policy={item.ref} data-deciding={item.decides} data-result={item.result}>
      {item.ref}
      {item.authentications.length > 0 ? ` (${item.authentications.join(', ')})` : ''}: {RESULTS[item.result]}
      {item.why ? `: ${item.why}` : ''}
      {item.decides && <strong> ← decides</strong>}
    </li>
  );
}

/**
 * Linkerd's allow/deny trace drawn: for each meshed destination's inbound proxy, the stages it
 * reaches (linkerd/evaluation.ts: Server or default policy, route, the route's and the Server's
 * authorizations, audit, nothing admits), the deciding stage and authorization marked.
 */
export default function LinkerdAuthorizationTrace({answers}: {answers: readonly LinkerdAuthorization[]}): ReactNode {
  return (
    <div className={styles.authzTraces}>
      {answers.map((answer, index) => (
        <figure key={index} className={styles.authzTrace} data-authz-trace data-mesh="linkerd" data-workload={answer.workload.name}>
          <figcaption>
            Evaluation at {answer.workload.name}&apos;s Linkerd proxy, port {answer.port}
          </figcaption>
          <ol className={styles.authzStages}>
            {linkerdEvaluationStages(answer).map((stage) => (
              <li
                key={stage.kind}
                className={stage.decides ? styles.stageDecides : stage.reached ? styles.stage : styles.stageNotReached}
                data-stage={stage.kind}
                data-decides={stage.decides}
                data-reached={stage.reached}
              >
                <span className={styles.stageTitle}>
                  {stage.title}
                  {stage.decides ? ': decides' : stage.reached ? '' : ' (not reached)'}
                </span>
                {stage.items.length > 0 && (
                  <ul className={styles.stagePolicies}>
                    {stage.items.map((item, index) => (
                      <ItemLine key={index} item={item} />
                    ))}
                  </ul>
                )}
                <span className={styles.stageOutcome}>{stage.outcome}</span>
              </li>
            ))}
          </ol>
        </figure>
      ))}
    </div>
  );
}
