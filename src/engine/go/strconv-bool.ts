/**
 * Go's strconv.ParseBool, the one reading of a boolean every Go tool here applies to text: istio's
 * env.Register booleans, Istio's annotations and labels (`istio.io/dry-run`,
 * `istio.io/ingress-use-waypoint`, `prometheus.istio.io/merge-metrics`) and pflag's `--flag=value`.
 * Linkerd's proxy reads its annotations with Rust's parser instead (linkerd-outbound-annotations.ts).
 */
import {goQuote} from '../analysis/messages';

const SPELLINGS: ReadonlyMap<string, boolean> = new Map([
  ['1', true], ['t', true], ['T', true], ['TRUE', true], ['true', true], ['True', true],
  ['0', false], ['f', false], ['F', false], ['FALSE', false], ['false', false], ['False', false],
]);

/** strconv.ParseBool: the value, or undefined where Go returns an error. */
export const parseGoBool = (text: string): boolean | undefined => SPELLINGS.get(text);

/** Whether text is one of ParseBool's true spellings: what a caller that treats an error as false reads. */
export const isGoTrue = (text: string | undefined): boolean => text !== undefined && SPELLINGS.get(text) === true;

/** The error strconv.ParseBool returns, or undefined when the text parses. */
export const parseGoBoolError = (text: string): string | undefined =>
  SPELLINGS.has(text) ? undefined : `strconv.ParseBool: parsing ${goQuote(text)}: invalid syntax`;

/**
 * istio's env.Register for a bool (pkg/env/var.go BoolVar.Lookup): an unset variable is the default,
 * and so is one ParseBool refuses (istiod warns and carries on).
 */
export const envBool = (value: string | undefined, fallback: boolean): boolean =>
  (value === undefined ? fallback : SPELLINGS.get(value) ?? fallback);
