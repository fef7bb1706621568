/**
 * Messages that name related resources (the other VirtualServices for a host, the other
 * Gateways on a port...) name at most MAX_NAMED_RELATED of them and count the rest. istioctl
 * lists them all, in every message of the group: for n resources in conflict that is n
 * messages of n names each, and 20,000 VirtualServices for one host (a 3 MB manifest) came to
 * 400 million names, more than a process can hold. The first ones, in istioctl's order and
 * with its separator, say what to fix; the count says how much there is.
 */
export const MAX_NAMED_RELATED = 10;

/**
 * 19,990: one formatter, as toLocaleString builds one per call (a tenth of a large report's
 * analysis time), made on first use: building it loads the locale's data, ~20 ms at the start
 * of every run, most of which name no related resources at all.
 */
let count: Intl.NumberFormat | undefined;
const formatCount = (n: number): string => (count ??= new Intl.NumberFormat('en-US')).format(n);

/**
 * `names` joined by `separator`, cut after MAX_NAMED_RELATED with " and N more". `total`
 * counts names not passed (callers that only gather the first ones); default names.length.
 */
export function nameRelated(names: readonly string[], separator: string, total = names.length): string {
  const shown = names.slice(0, MAX_NAMED_RELATED).join(separator);
  const rest = total - Math.min(names.length, MAX_NAMED_RELATED);
  return rest > 0 ? `${shown} and ${formatCount(rest)} more` : shown;
}

/**
 * The names for a `%v` list parameter ([a b c]): the first MAX_NAMED_RELATED, then "and N more"
 * as one last element, so Go's slice printing gives nameRelated's text with a space separator.
 */
export function relatedList(names: readonly string[], total = names.length): string[] {
  const shown = names.slice(0, MAX_NAMED_RELATED);
  const rest = total - shown.length;
  return rest > 0 ? [...shown, `and ${formatCount(rest)} more`] : shown;
}

/** Analyzers group related resources as the model groups its indexes. */
export {pushTo} from '../model/groups';
