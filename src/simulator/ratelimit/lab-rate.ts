/**
 * The lab request panel's rate field: requests per second, read from the text the reader typed.
 * A small module of its own, so the page bundles the bound without the simulator (plan.ts runs in
 * the engine's worker). The panel's runs are ten seconds long, like `meshdive route --rate`'s.
 */

/** The highest rate the panel simulates: 1000 requests per second for ten seconds is 10,000 requests. */
export const MAX_LAB_RATE = 1000;

/** The rate as a number, or what is wrong with the text; blank means no rate (undefined). */
export function readLabRate(text: string | undefined): number | {error: string} | undefined {
  const written = text?.trim() ?? '';
  if (written === '') return undefined;
  if (!/^\d+(\.\d+)?$/.test(written)) return {error: `The rate must be a number of requests per second, got "${written.slice(0, 40)}".`};
  const rate = Number(written);
  if (!(rate > 0) || rate > MAX_LAB_RATE) return {error: `The rate must be above 0 and at most ${MAX_LAB_RATE} requests per second, got ${written}.`};
  return rate;
}
