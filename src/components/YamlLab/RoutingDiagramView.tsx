import {useEffect, useRef, useState, type ReactNode} from 'react';
import {MERMAID_SECURITY} from '@site/src/theme/Mermaid/security';
import {RoutingDiagramSummary} from './PanelSummaries';
import {diagramInWorker} from './validation-client';
import styles from './styles.module.css';

const REDRAW_DEBOUNCE_MS = 300;
let renderCount = 0;

async function renderSvg(source: string, dark: boolean): Promise<string> {
  const {default: mermaid} = await import('mermaid');
  mermaid.initialize({startOnLoad: false, ...MERMAID_SECURITY, theme: dark ? 'dark' : 'neutral'});
  const {svg} = await mermaid.render(`lab-routing-${++renderCount}`, source);
  return svg;
}

/**
 * The routing of the edited VirtualService as a diagram, redrawn (debounced) as the YAML
 * changes. While the YAML is invalid the last good diagram stays, marked as such.
 */
export default function RoutingDiagramView({yaml, context, dark, lab}: {yaml: string; context?: unknown[]; dark: boolean; lab: string}): ReactNode {
  const [open, setOpen] = useState(false);
  const [svg, setSvg] = useState<string>();
  const [stale, setStale] = useState<string>();
  const latest = useRef(0);

  useEffect(() => {
    if (!open) return undefined;
    const request = ++latest.current;
    const timer = setTimeout(async () => {
      const diagram = await diagramInWorker(yaml, context, lab);
      if (request !== latest.current) return;
      if (diagram.kind !== 'diagram') {
        setStale(
          diagram.kind === 'invalid'
            ? `The YAML is not valid (${diagram.message}): this is the last valid routing.`
            : diagram.kind === 'stopped'
              ? `${diagram.message} This is the last routing drawn.`
              : 'No VirtualService to draw.',
        );
        return;
      }
      try {
        const drawn = await renderSvg(diagram.source, dark);
        if (request !== latest.current) return;
        setSvg(drawn);
        setStale(undefined);
      } catch (error) {
        setStale(`The diagram could not be drawn (${String(error)}).`);
      }
    }, REDRAW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [open, yaml, context, dark, lab]);

  return (
    <details className={styles.requestPanel} data-routing-diagram onToggle={(event) => setOpen(event.currentTarget.open)}>
      <RoutingDiagramSummary />
      {stale && (
        <p className={styles.requestInvalid} data-stale>
          {stale}
        </p>
      )}
      {svg ? (
        // Mermaid's own output, rendered with securityLevel "strict" and directives locked (MERMAID_SECURITY) from labels that can only be text.
        <div className={styles.diagram} data-drawn dangerouslySetInnerHTML={{__html: svg}} />
      ) : (
        !stale && <p>Drawing…</p>
      )}
    </details>
  );
}
