import type {ReactNode} from 'react';
import type {LinkerdAuthorization} from '@site/src/simulator/linkerd/authorize';
import {linkerdEvaluationStages, type LinkerdStageItem} from '@site/src/simulator/linkerd/evaluation';
import styles from './styles.module.css';
import TraceStage from './TraceStage';

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
              <TraceStage key={stage.kind} stage={stage} items={stage.items.map((item, index) => <ItemLine key={index} item={item} />)} />
            ))}
          </ol>
        </figure>
      ))}
    </div>
  );
}
