/**
 * The "Play" mode's clock: turns a cast into output events on a timeline with
 * long pauses capped (asciinema's idle_time_limit) and a mark at each command,
 * so a player can seek, step to the next command and draw a progress bar.
 */
import type {Cast} from './format';

export interface TimelineOutput {
  time: number;
  data: string;
}

export interface TimelineMark {
  time: number;
  label: string;
}

export interface Timeline {
  outputs: TimelineOutput[];
  marks: TimelineMark[];
  duration: number;
}

export const DEFAULT_IDLE_LIMIT = 2;

export function buildTimeline(cast: Cast): Timeline {
  const limit = cast.header.idle_time_limit ?? DEFAULT_IDLE_LIMIT;
  const outputs: TimelineOutput[] = [];
  const marks: TimelineMark[] = [];
  let previous = 0;
  let clock = 0;
  for (const [time, code, data] of cast.events) {
    clock += Math.min(Math.max(time - previous, 0), limit);
    previous = time;
    if (code === 'o') outputs.push({time: clock, data});
    else if (code === 'm') marks.push({time: clock, label: data});
  }
  return {outputs, marks, duration: clock};
}

/** Output written in (from, to]: what a player flushes on each tick. */
export function outputsBetween(timeline: Timeline, from: number, to: number): string {
  let text = '';
  for (const output of timeline.outputs) if (output.time > from && output.time <= to) text += output.data;
  return text;
}

/** Everything up to a time: what a player writes after a backwards seek and a terminal reset. */
export function outputsUntil(timeline: Timeline, to: number): string {
  return outputsBetween(timeline, -Infinity, to);
}

/** The next command's mark strictly after a time, or the end. */
export function nextMarkTime(timeline: Timeline, after: number): number {
  return timeline.marks.find((mark) => mark.time > after + 1e-6)?.time ?? timeline.duration;
}
