import type {ReactNode} from 'react';
import styles from './styles.module.css';

/*
 * Title lines of the panels under a VirtualService lab. The server renders them too, in
 * closed <details>, so the lab keeps its height when the editor replaces the fallback.
 */

export function RequestPanelSummary({id}: {id?: string}): ReactNode {
  return (
    <summary id={id} className={styles.requestTitle}>
      Send a request <span className={styles.fieldLabel}>see where the mesh routes it under this YAML</span>
    </summary>
  );
}

export function RoutingDiagramSummary(): ReactNode {
  return (
    <summary className={styles.requestTitle}>
      Routing diagram <span className={styles.fieldLabel}>hosts, rules, destinations and pods, redrawn as you edit</span>
    </summary>
  );
}
