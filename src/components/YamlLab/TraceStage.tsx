import type {ReactNode} from 'react';
import styles from './styles.module.css';

/** What both meshes' evaluation stages say of themselves (istio-authz/evaluation.ts, linkerd/evaluation.ts). */
export interface DrawnStage {
  kind: string;
  title: string;
  decides: boolean;
  reached: boolean;
  outcome: string;
}

/**
 * One stage of a drawn allow/deny trace: its title, the policies or authorizations it weighed,
 * its outcome. The deciding stage is framed; stages after it are marked as not reached.
 */
export default function TraceStage({stage, items}: {stage: DrawnStage; items: readonly ReactNode[]}): ReactNode {
  return (
    <li
      className={stage.decides ? styles.stageDecides : stage.reached ? styles.stage : styles.stageNotReached}
      data-stage={stage.kind}
      data-decides={stage.decides}
      data-reached={stage.reached}
    >
      <span className={styles.stageTitle}>
        {stage.title}
        {stage.decides ? ': decides' : stage.reached ? '' : ' (not reached)'}
      </span>
      {items.length > 0 && <ul className={styles.stagePolicies}>{items}</ul>}
      <span className={styles.stageOutcome}>{stage.outcome}</span>
    </li>
  );
}
