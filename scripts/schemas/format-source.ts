/**
 * The string formats the imported CRDs use, as JavaScript source. The generator registers
 * them with Ajv (by evaluating this source once, at build time) and pastes the same source
 * into the generated module, so the browser bundle needs neither eval nor ajv-formats.
 *
 * The string formats check what the 1.33 API server checks: k8s.io/kube-openapi's strfmt
 * registry (pkg/validation/strfmt default.go, date.go, time.go, duration.go), for the formats
 * apiextensions-apiserver keeps (pkg/apiserver/validation/formats.go). The number formats
 * (int32, int64, uint32, double, float) are not among those: the API server strips them and
 * kube-openapi's format validator applies to strings only. int32 is the project's stricter
 * check: Istio decodes such fields into protobuf int32 and rejects out-of-range values.
 * Formats not listed here are accepted without checks, as the API server does.
 */
export const FORMATS_SOURCE = `(() => {
  // Go's net.parseIPv4: four decimal fields of at most 255. k8s.io/utils' ParseIPSloppy (the ipv4
  // format's parser) is Go 1.16's, which allows leading zeros; net.ParseIP since Go 1.17 (the ipv6
  // format's, through govalidator.IsIPv6) refuses them.
  const v4 = (s, sloppy) => {
    const fields = s.split(".");
    const digits = sloppy ? /^[0-9]+$/ : /^(?:0|[1-9][0-9]*)$/;
    return fields.length === 4 && fields.every((f) => digits.test(f) && Number(f) <= 255);
  };
  // Go's net.parseIPv6: colon-separated hex fields, one "::", an IPv4 tail only in the last 32 bits.
  // The sloppy fork reads a field of any length whose value fits 16 bits ("00001"); netip's, at most 4 digits.
  const v6 = (s, sloppy) => {
    let rest = s;
    let ellipsis = -1;
    let i = 0;
    if (rest.startsWith("::")) {
      ellipsis = 0;
      rest = rest.slice(2);
      if (rest === "") return true;
    }
    while (i < 16) {
      const field = /^[0-9A-Fa-f]*/.exec(rest)[0];
      if (field === "" || (sloppy ? parseInt(field, 16) > 0xffff : field.length > 4)) return false;
      if (rest[field.length] === ".") {
        if ((ellipsis < 0 && i !== 12) || i + 4 > 16 || !v4(rest, sloppy)) return false;
        rest = "";
        i += 4;
        break;
      }
      i += 2;
      rest = rest.slice(field.length);
      if (rest === "") break;
      if (rest[0] !== ":" || rest.length === 1) return false;
      rest = rest.slice(1);
      if (rest[0] === ":") {
        if (ellipsis >= 0) return false;
        ellipsis = i;
        rest = rest.slice(1);
        if (rest === "") break;
      }
    }
    if (rest !== "") return false;
    // Fewer than 8 fields need the "::"; 8 fields leave it nothing to stand for.
    return i < 16 ? ellipsis >= 0 : ellipsis < 0;
  };
  // Go's net.ParseIP: the first "." or ":" decides the family (netip also refuses a "%" zone).
  const ip = (s, sloppy) => {
    const first = s.search(/[.:]/);
    if (first < 0) return false;
    return s[first] === "." ? v4(s, sloppy) : v6(s, sloppy);
  };
  // govalidator.IsBase64, ^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$:
  // padded standard base64 with at least one quantum, so "" fails. Read as quanta, not by that
  // pattern, which backtracks over megabytes in JavaScript where Go's RE2 does not.
  const isBase64 = (s) =>
    s.length >= 4 && s.length % 4 === 0 && /^[A-Za-z0-9+/]*$/.test(s.slice(0, -4)) &&
    /^(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/.test(s.slice(-4));
  // strfmt.IsDate: time.Parse("2006-01-02"), which checks the day against the month (and leap years).
  const isDate = (s) => {
    const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(s);
    if (!m) return false;
    const year = Number(m[1]);
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][Number(m[2]) - 1];
    return days !== undefined && Number(m[3]) >= 1 && Number(m[3]) <= days;
  };
  // strfmt.IsDateTime: the lower-cased text split at every "t", a date before the first, and the
  // second matching DateTimePattern, whose fraction separator is "." (any character but a newline)
  // and whose zone is "z" or "+hh:mm" (any two digits each); hours, minutes and seconds are bounded.
  const isDateTime = (s) => {
    const parts = s.split(/[tT]/);
    if (parts.length < 2 || !isDate(parts[0])) return false;
    const m = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(?:[^\\n][0-9]+)?(?:[zZ]|[+-][0-9]{2}:[0-9]{2})$/u.exec(parts[1]);
    return m !== null && m[1] <= "23" && m[2] <= "59" && m[3] <= "59";
  };
  // kube-openapi's strfmt.ParseDuration: Go's time.ParseDuration ("1h30m", "-1.5s", "0"), else any
  // "<digits> <unit>" inside the text, a unit being a name ("ms", "sec", "hr", "wk") or a longer
  // word that starts with a group's last name ("3 hours", "2 days").
  const goDuration = (s) => {
    let rest = s[0] === "-" || s[0] === "+" ? s.slice(1) : s;
    if (rest === "0") return true;
    if (rest === "") return false;
    const nanos = {ns: 1, us: 1e3, "\u00b5s": 1e3, "\u03bcs": 1e3, ms: 1e6, s: 1e9, m: 6e10, h: 3.6e12};
    let total = 0;
    while (rest !== "") {
      const m = /^([0-9]*)(\\.[0-9]*)?([^0-9.]*)/.exec(rest);
      if (m[1] === "" && (m[2] === undefined || m[2] === ".")) return false;
      if (!(m[3] in nanos)) return false;
      total += Number((m[1] || "0") + (m[2] && m[2] !== "." ? m[2] : "")) * nanos[m[3]];
      rest = rest.slice(m[0].length);
    }
    return total <= 9223372036854775807;
  };
  const durationUnits = [["ns", "nano"], ["us", "\u00b5s", "micro"], ["ms", "milli"], ["s", "sec"], ["m", "min"], ["h", "hr", "hour"], ["d", "day"], ["w", "wk", "week"]];
  const duration = (s) => {
    if (goDuration(s)) return true;
    let ok = false;
    for (const m of s.matchAll(/([0-9]+)\\s*([A-Za-z\u00b5]+)/g)) {
      // strconv.Atoi: a factor past int64 fails the whole parse.
      if (BigInt(m[1]) > 9223372036854775807n) return false;
      const unit = m[2].toLowerCase();
      for (const variants of durationUnits) {
        variants.forEach((variant, i) => {
          if ((i === variants.length - 1 && unit.startsWith(variant)) || variant === unit) ok = true;
        });
      }
    }
    return ok;
  };
  return {
    int32: {type: "number", validate: (n) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647},
    int64: {type: "number", validate: (n) => Number.isInteger(n)},
    uint32: {type: "number", validate: (n) => Number.isInteger(n) && n >= 0 && n <= 4294967295},
    double: {type: "number", validate: () => true},
    float: {type: "number", validate: () => true},
    byte: {type: "string", validate: isBase64},
    "date-time": {type: "string", validate: isDateTime},
    // strfmt's isIPv4 (ParseIPSloppy, text with a ".") and govalidator.IsIPv6 (net.ParseIP, text with a ":").
    ipv4: {type: "string", validate: (s) => ip(s, true) && s.includes(".")},
    ipv6: {type: "string", validate: (s) => ip(s, false) && s.includes(":")},
    duration: {type: "string", validate: duration}
  };
})()`;

export type FormatDefinition = RegExp | {type: 'number' | 'string'; validate: (value: never) => boolean};

export function evaluateFormats(): Record<string, FormatDefinition> {
  // Build-time only: the generator runs in Node, never in the browser.
  return new Function(`return ${FORMATS_SOURCE};`)() as Record<string, FormatDefinition>;
}
