import {useCallback, useRef, useState, type ReactNode} from 'react';
import Mermaid from '@theme-original/Mermaid';
import type {Props} from '@theme/Mermaid';
import {useLoadWhenNeeded} from '@site/src/labs/use-load-when-needed';
import styles from './styles.module.css';

/**
 * Mermaid is a large library: draw a diagram only when the reader comes near it, so a
 * page with diagrams costs what a text page costs until then. Until it is drawn, the
 * diagram's source stands in for it (and is what a reader without JavaScript gets).
 */
export default function LazyMermaid(props: Props): ReactNode {
  const ref = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(false);
  const show = useCallback(() => setVisible(true), []);
  useLoadWhenNeeded(ref, show, !visible);
  return (
    <div ref={ref} className={styles.diagram} data-diagram={visible ? 'drawn' : 'pending'}>
      {visible ? (
        <Mermaid {...props} />
      ) : (
        <figure className={styles.pending} aria-label="Diagram (drawn when you reach it)">
          <pre className={styles.source}>{props.value}</pre>
        </figure>
      )}
    </div>
  );
}
