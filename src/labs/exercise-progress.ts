/**
 * Progress per exercise, kept in localStorage beside the labs' edits: solved or
 * attempted, and when. Storage that is disabled or full loses progress, never work.
 */
import {EditStore} from './storage';

export type ExerciseStatus = 'solved' | 'attempted';

export interface ExerciseProgress {
  status: ExerciseStatus;
  /** Criteria passed at the last check, of all. */
  passed: number;
  total: number;
  checkedAt: string;
}

const KEY_PREFIX = 'meshdive:exercise:v1:';
export const PROGRESS_EVENT = 'meshdive:exercise-progress';

export function progressKey(exerciseId: string): string {
  return `${KEY_PREFIX}${exerciseId}`;
}

export function readProgress(exerciseId: string, store = new EditStore()): ExerciseProgress | undefined {
  const raw = store.load(progressKey(exerciseId));
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<ExerciseProgress>;
    if ((value.status === 'solved' || value.status === 'attempted') && typeof value.passed === 'number' && typeof value.total === 'number') {
      return {status: value.status, passed: value.passed, total: value.total, checkedAt: String(value.checkedAt ?? '')};
    }
  } catch {
    // Written by something else: treat as no progress.
  }
  return undefined;
}

/** Records a check; a solved exercise stays solved when a later attempt fails. */
export function recordCheck(exerciseId: string, passed: number, total: number, store = new EditStore(), now = new Date()): ExerciseProgress {
  const previous = readProgress(exerciseId, store);
  const solvedNow = passed === total && total > 0;
  const progress: ExerciseProgress = {
    status: solvedNow || previous?.status === 'solved' ? 'solved' : 'attempted',
    passed,
    total,
    checkedAt: now.toISOString(),
  };
  store.save(progressKey(exerciseId), JSON.stringify(progress));
  if (typeof window !== 'undefined') window.dispatchEvent(new CustomEvent(PROGRESS_EVENT, {detail: exerciseId}));
  return progress;
}
