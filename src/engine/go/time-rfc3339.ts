/**
 * Go's time.Parse(time.RFC3339, s), which metav1.Time.UnmarshalJSON and cel-go's
 * string-to-timestamp conversion use: format_rfc3339.go's fast path and, when it fails, the
 * general parser (time-parse.ts), which accepts more: a one-digit hour, a comma before the
 * fraction, zone offsets up to 24 hours and 60 minutes.
 */
import {parseGoTime, RFC3339, type GoInstant} from './time-parse';

/** The instant's Unix seconds (fractions dropped), or undefined when Go refuses the text. */
export function parseGoRfc3339(text: string): number | undefined {
  return parseGoRfc3339Instant(text)?.seconds;
}

/** The instant Go reads (nanoseconds: the first nine digits of the fraction), or undefined when Go refuses the text. */
export function parseGoRfc3339Instant(text: string): GoInstant | undefined {
  const parsed = parseGoTime(RFC3339, text);
  return 'error' in parsed ? undefined : parsed;
}
