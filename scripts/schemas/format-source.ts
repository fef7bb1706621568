/**
 * The string formats the imported CRDs use, as JavaScript source. The generator registers
 * them with Ajv (by evaluating this source once, at build time) and pastes the same source
 * into the generated module, so the browser bundle needs neither eval nor ajv-formats.
 *
 * int32 is stricter than the API server, which does not bound int32 fields; Istio decodes
 * them into protobuf int32 and rejects out-of-range values, so a real cluster refuses them.
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
    ipv6: {type: "string", validate: (s) => ip(s) && s.includes(":")}
  };
})()`;

export type FormatDefinition = RegExp | {type: 'number' | 'string'; validate: (value: never) => boolean};

export function evaluateFormats(): Record<string, FormatDefinition> {
  // Build-time only: the generator runs in Node, never in the browser.
  return new Function(`return ${FORMATS_SOURCE};`)() as Record<string, FormatDefinition>;
}
