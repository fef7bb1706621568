/**
 * The string formats the Istio CRDs use, as JavaScript source. The generator registers
 * them with Ajv (by evaluating this source once, at build time) and pastes the same source
 * into the generated module, so the browser bundle needs neither eval nor ajv-formats.
 *
 * int32 is stricter than the API server, which does not bound int32 fields; Istio decodes
 * them into protobuf int32 and rejects out-of-range values, so a real cluster refuses them.
 * Formats not listed here are accepted without checks, as the API server does.
 */
export const FORMATS_SOURCE = `{
  int32: {type: "number", validate: (n) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647},
  int64: {type: "number", validate: (n) => Number.isInteger(n)},
  uint32: {type: "number", validate: (n) => Number.isInteger(n) && n >= 0 && n <= 4294967295},
  double: {type: "number", validate: () => true},
  float: {type: "number", validate: () => true},
  byte: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
  "date-time": /^\\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])[Tt ](?:[01]\\d|2[0-3]):[0-5]\\d:(?:[0-5]\\d|60)(?:\\.\\d+)?(?:[Zz]|[+-](?:[01]\\d|2[0-3]):?[0-5]\\d)?$/
}`;

export type FormatDefinition = RegExp | {type: 'number' | 'string'; validate: (value: never) => boolean};

export function evaluateFormats(): Record<string, FormatDefinition> {
  // Build-time only: the generator runs in Node, never in the browser.
  return new Function(`return ${FORMATS_SOURCE};`)() as Record<string, FormatDefinition>;
}
