import {useEffect, type RefObject} from 'react';

/**
 * Heavy widgets (editors, terminals, diagrams) load when the reader comes near them,
 * not with the page: reading never waits for them, and a page costs no more than a
 * text page until the reader acts. "Near" means within a screen's margin of the
 * viewport once the reader has interacted with the page (scrolled, pointed, typed);
 * focusing or pointing at the widget itself loads it at once.
 */
const INTERACTIONS = ['scroll', 'wheel', 'pointermove', 'pointerdown', 'keydown', 'touchstart'] as const;
let interacted = false;
const waiting = new Set<() => void>();

function markInteracted(): void {
  if (interacted) return;
  interacted = true;
  for (const event of INTERACTIONS) window.removeEventListener(event, markInteracted, true);
  for (const resume of [...waiting]) resume();
  waiting.clear();
}

function whenInteracted(callback: () => void): () => void {
  // A reader who scrolled before the page hydrated (a slow machine, a link to an anchor) has
  // acted already, though no listener was there to see it: waiting for another act would
  // leave the widgets in view unloaded.
  if (!interacted && window.scrollY > 0) markInteracted();
  if (interacted) {
    callback();
    return () => undefined;
  }
  if (waiting.size === 0) {
    for (const event of INTERACTIONS) window.addEventListener(event, markInteracted, {capture: true, passive: true});
  }
  waiting.add(callback);
  return () => waiting.delete(callback);
}

/** Calls `load` once the element is needed; `load` must be stable (useCallback) and idempotent. */
export function useLoadWhenNeeded(ref: RefObject<HTMLElement | null>, load: () => void, enabled = true): void {
  useEffect(() => {
    const element = ref.current;
    if (!element || !enabled) return undefined;
    element.addEventListener('focusin', load);
    element.addEventListener('pointerenter', load);
    let stopObserving = () => undefined as void;
    const cancelWait = whenInteracted(() => {
      if (typeof IntersectionObserver === 'undefined') {
        load();
        return;
      }
      const observer = new IntersectionObserver((entries) => entries.some((entry) => entry.isIntersecting) && load(), {rootMargin: '200px 0px'});
      observer.observe(element);
      stopObserving = () => observer.disconnect();
    });
    return () => {
      element.removeEventListener('focusin', load);
      element.removeEventListener('pointerenter', load);
      cancelWait();
      stopObserving();
    };
  }, [ref, load, enabled]);
}
