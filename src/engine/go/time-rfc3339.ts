/**
 * Go's time.Parse(time.RFC3339, s) (src/time/format_rfc3339.go parseRFC3339, then format.go's
 * general parser when that fast path fails), which metav1.Time.UnmarshalJSON and cel-go's
 * string-to-timestamp conversion use. Between them they accept fractional seconds after a dot or
 * (from Go 1.17) a comma, and a zone offset of up to 24 hours and 60 minutes ("the range test use
 * > rather than >=, as some people do write offsets of 24 hours or 60 minutes"); a day must exist
 * in its month.
 */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/** The instant's Unix seconds (fractions dropped), or undefined when Go refuses the text. */
export function parseGoRfc3339(text: string): number | undefined {
  return parseGoRfc3339Instant(text)?.seconds;
}

/**
 * The instant Go reads: Unix seconds, nanoseconds (parseNanoseconds: the first nine digits of
 * the fraction, the rest dropped) and the zone offset in seconds east of UTC (`Z`: 0).
 */
export function parseGoRfc3339Instant(text: string): {seconds: number; nanos: number; offset: number} | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, reads years 0 to 99 as written
  date.setUTCFullYear(year, month, 0);
  const daysInMonth = date.getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) return undefined;
  let offset = 0;
  if (m[8] !== undefined) {
    const [zoneHours, zoneMinutes] = [Number(m[9]), Number(m[10])];
    if (zoneHours > 24 || zoneMinutes > 60) return undefined;
    offset = (m[8] === '-' ? -1 : 1) * (zoneHours * 3600 + zoneMinutes * 60);
  }
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  const nanos = m[7] === undefined ? 0 : Number(m[7].slice(0, 9).padEnd(9, '0'));
  return {seconds: date.getTime() / 1000 - offset, nanos, offset};
}
