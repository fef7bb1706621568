import type {ReactNode} from 'react';
import styles from './styles.module.css';

/** The panel's title line; the server renders it too, so the lab does not grow when the editor loads. */
export default function RequestPanelSummary({id}: {id?: string}): ReactNode {
  return (
    <summary id={id} className={styles.requestTitle}>
      Send a request <span className={styles.fieldLabel}>see where the mesh routes it under this YAML</span>
    </summary>
  );
}
