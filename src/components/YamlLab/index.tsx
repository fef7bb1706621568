import {useCallback, useRef, useState, type ComponentType, type ReactNode} from 'react';
import {usePluginData} from '@docusaurus/useGlobalData';
import {useLocation} from '@docusaurus/router';
import type {LabContext} from '@site/src/labs/lab-context';
import {labSummary} from '@site/src/labs/code-block-meta';
import {contentHash, labStorageKey} from '@site/src/labs/storage';
import {useLoadWhenNeeded} from '@site/src/labs/use-load-when-needed';
import ProblemsList from './ProblemsList';
import {RequestPanelSummary, RoutingDiagramSummary} from './PanelSummaries';
import ExerciseActions from './ExerciseActions';
import type {Exercise} from '@site/src/simulator/exercises';
import {editorHeight, lineCount} from './layout';
import type {LabEditorProps} from './LabEditor';
import styles from './styles.module.css';

export interface YamlLabProps {
  /** The YAML as the chapter wrote it. */
  code: string;
  /** Name of a lab context in labs/contexts/ (`lab=NAME` in the fence's meta). */
  context?: string;
  /** Stable identity of the block (`id=NAME`); defaults to a hash of the code. */
  id?: string;
  /** The plain highlighted block, shown until the editor loads and without JavaScript. */
  fallback: ReactNode;
  /** Makes the lab an exercise: Check, hints and solution under the editor. */
  exercise?: Exercise;
}


/**
 * A YAML block of an API family the labs teach (Istio's) as an editable lab. The server renders the highlighted YAML at
 * the editor's height; Monaco loads only when the reader comes near the lab or focuses it.
 */
export default function YamlLab({code, context, id, fallback, exercise}: YamlLabProps): ReactNode {
  const contexts = usePluginData('lab-contexts') as Record<string, LabContext>;
  if (context !== undefined && !contexts[context]) {
    // Thrown during the build's server rendering, so a wrong lab=NAME fails the build.
    throw new Error(`YAML lab refers to lab context "${context}", which labs/contexts/ does not define (known: ${Object.keys(contexts).join(', ')}).`);
  }
  const original = code.replace(/\n$/, '');
  const blockId = id ?? contentHash(original);
  const {pathname} = useLocation();
  const rootRef = useRef<HTMLDivElement>(null);
  const [Editor, setEditor] = useState<ComponentType<LabEditorProps> | null>(null);
  const [loadError, setLoadError] = useState<string>();

  const activate = useCallback(() => {
    if (Editor || loadError) return;
    import('./LabEditor')
      .then((module) => setEditor(() => module.default))
      .catch((error: unknown) => setLoadError(`The editor could not load (${String(error)}); the YAML above is still readable.`));
  }, [Editor, loadError]);

  useLoadWhenNeeded(rootRef, activate, !Editor);

  // The kinds, their family and whether the simulator routes through them come from the API families' catalog.
  const summary = labSummary(original, context ? contexts[context] : undefined);
  const title = summary.kinds.length > 0 ? summary.kinds.join(', ') : `${summary.family} YAML`;
  const routesTraffic = summary.routesRequests;
  const height = editorHeight(lineCount(original));
  return (
    <div ref={rootRef} className={styles.lab} data-lab="yaml" data-lab-id={blockId}>
      {Editor ? (
        <Editor
          original={original}
          title={title}
          blockId={blockId}
          storageKey={labStorageKey(pathname, blockId)}
          context={context ? contexts[context] : undefined}
          routesTraffic={routesTraffic}
          judgedAs={summary.judgedAs}
          exercise={exercise}
        />
      ) : (
        <>
          <div className={styles.header}>
            <span className={styles.title}>{title}</span>
            <span className={styles.badge}>Lab{context ? `: ${contexts[context]!.title}` : ''}</span>
          </div>
          <div className={styles.fallback} style={{height}} tabIndex={0} aria-label={`${title} lab: YAML editor loading`}>
            {fallback}
          </div>
          {loadError ? <p className={styles.loadError} role="alert">{loadError}</p> : <ProblemsList diagnostics={undefined} judgedAs={summary.judgedAs} />}
          {exercise && (
            <div className={styles.exercisePanel}>
              <ExerciseActions hintsShown={0} hintCount={exercise.hints.length} solutionShown={false} />
            </div>
          )}
          {routesTraffic && (
            <details className={styles.requestPanel}>
              <RequestPanelSummary />
              <p>The request simulator starts with the editor.</p>
            </details>
          )}
          {routesTraffic && (
            <details className={styles.requestPanel}>
              <RoutingDiagramSummary />
              <p>The diagram is drawn once the editor loads.</p>
            </details>
          )}
        </>
      )}
    </div>
  );
}
