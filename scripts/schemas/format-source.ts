/**
 * The string formats the imported CRDs use, as JavaScript source. The generator registers
 * them with Ajv (by evaluating this source once, at build time) and pastes the same source
 * into the generated module, so the browser bundle needs neither eval nor ajv-formats.
 *
 * int32 is stricter than the API server, which does not bound int32 fields; Istio decodes
 * them into protobuf int32 and rejects out-of-range values, so a real cluster refuses them.
 * duration is kube-openapi's strfmt.ParseDuration, which the API server checks the format with.
 * Formats not listed here are accepted without checks, as the API server does.
 */
export const FORMATS_SOURCE = `(() => {
  // Go's net.ParseIP as k8s.io/utils/net's ParseIPSloppy reads it (IPv4 fields may have leading zeros; no zone).
  const v4 = (s) => {
    const parts = s.split(".");
    return parts.length === 4 && parts.every((p) => /^[0-9]+$/.test(p) && Number(p) <= 255);
  };
  const v6 = (s) => {
    if (!/^[0-9A-Fa-f:.]+$/.test(s) || !s.includes(":")) return false;
    const halves = s.split("::");
    if (halves.length > 2) return false;
    const groups = halves.map((h) => (h === "" ? [] : h.split(":")));
    const all = groups.flat();
    let count = all.length;
    if (all.length && all[all.length - 1].includes(".")) {
      if (!v4(all.pop())) return false;
      count++;
      if (halves.length === 2 && groups[1].length === 0) return false;
    }
    if (!all.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
    return halves.length === 2 ? count < 8 : count === 8;
  };
  const ip = (s) => v4(s) || v6(s);
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
    byte: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
    "date-time": /^\\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])[Tt ](?:[01]\\d|2[0-3]):[0-5]\\d:(?:[0-5]\\d|60)(?:\\.\\d+)?(?:[Zz]|[+-](?:[01]\\d|2[0-3]):?[0-5]\\d)?$/,
    // kube-openapi's strfmt: an IP address that contains a "." (ipv4) or a ":" (ipv6).
    ipv4: {type: "string", validate: (s) => ip(s) && s.includes(".")},
    ipv6: {type: "string", validate: (s) => ip(s) && s.includes(":")},
    duration: {type: "string", validate: duration}
  };
})()`;

export type FormatDefinition = RegExp | {type: 'number' | 'string'; validate: (value: never) => boolean};

export function evaluateFormats(): Record<string, FormatDefinition> {
  // Build-time only: the generator runs in Node, never in the browser.
  return new Function(`return ${FORMATS_SOURCE};`)() as Record<string, FormatDefinition>;
}
