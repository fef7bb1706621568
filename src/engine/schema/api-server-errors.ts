/**
 * Schema failures worded as the 1.33 API server words them. kube-openapi's validator
 * (k8s.io/kube-openapi c8a335a9a2ff, the version apiextensions-apiserver v0.33 pins) reports
 * errors with the texts of pkg/validation/errors/schema.go and validate/schema_messages.go;
 * apiextensions-apiserver's kubeOpenAPIResultToFieldErrors (pkg/apiserver/validation/validation.go)
 * turns each into a field error, printed as apimachinery v0.33's field.Error.Error()
 * (pkg/util/validation/field/errors.go): `<field>: <type>[: <value>][: <detail>]`.
 */
import {goQuote} from '../analysis/messages';
import {goFloat, goNumber, goSyntax} from '../go/fmt';
import {parsePointer} from './pointer';

/**
 * The name kube-openapi gives the value at a data pointer: properties and map entries joined with
 * "." (objectValidator: `o.Path + "." + key`), list items as `[i]` (schemaSliceValidator), the
 * root property without a leading dot. Map keys are not bracketed, unlike field.Path's Key.
 */
export function openApiName(resource: unknown, pointer: string): string {
  let name = '';
  let current = resource;
  for (const segment of parsePointer(pointer)) {
    if (Array.isArray(current)) name += `[${segment}]`;
    else name += name === '' ? segment : `.${segment}`;
    current = typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[segment] : undefined;
  }
  return name;
}

/** The field of the error: `fldPath.Child(err.Name)`, and the validator's nil fldPath ("<nil>") when the name is empty. */
function field(name: string): string {
  return name === '' || name === '.' ? '<nil>' : name;
}

/**
 * field.Error's bad value: strings quoted (%q), int64, float64 and bool with %v, objects and lists
 * as Go's %#v of their decoded form. A nil value becomes the string "null" and is then quoted like
 * any string (apimachinery v0.33 ErrorBody: `value = "null"` before the %q case).
 */
export function goBadValue(value: unknown): string {
  if (value === null || value === undefined) return '"null"';
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'boolean') return String(value);
  return goSyntax(value);
}

/** The field errors kubeOpenAPIResultToFieldErrors makes, by kube-openapi error code. */
export const fieldErrors = {
  /** RequiredFailCode: field.Required(errPath, ""). */
  required: (name: string): string => `${field(name)}: Required value`,
  /** EnumFailCode: field.NotSupported, the allowed values as strings (JSON for non-strings), each strconv.Quote'd. */
  notSupported: (name: string, value: unknown, allowed: readonly unknown[]): string => {
    const values = allowed.map((v) => goQuote(typeof v === 'string' ? v : JSON.stringify(v)));
    return `${field(name)}: Unsupported value: ${goBadValue(value)}${values.length > 0 ? `: supported values: ${values.join(', ')}` : ''}`;
  },
  /** TooLongFailCode: field.TooLongMaxLength, which omits the value. */
  tooLong: (name: string, max: number): string => `${field(name)}: Too long: may not be more than ${max} bytes`,
  /** MaxItemsFailCode and TooManyPropertiesCode: field.TooMany with the count found. */
  tooMany: (name: string, actual: number, max: number): string => `${field(name)}: Too many: ${actual}: must have at most ${max} items`,
  /** InvalidTypeCode (field.TypeInvalid) and every other code (field.Invalid): both print "Invalid value". */
  invalid: (name: string, value: unknown, detail: string): string => `${field(name)}: Invalid value: ${goBadValue(value)}: ${detail}`,
  /** An error that is not an *errors.Validation (the combinators'): field.Invalid(fldPath, "", err.Error()) with the nil fldPath. */
  composite: (detail: string): string => `<nil>: Invalid value: "": ${detail}`,
};

/** A bound as kube-openapi prints it: int64 when the value is an integer (MinimumInt), else float64 (Minimum). */
function bound(limit: number, value: unknown): string {
  return typeof value === 'number' && Number.isInteger(value) ? String(Math.trunc(limit)) : goFloat(limit);
}

/** kube-openapi's error texts (pkg/validation/errors/schema.go), `in` being "body" for a request body. */
export const openApiErrors = {
  /** InvalidType with a string value (typeFailWithData): the JSON type found, or a failed format's value. */
  invalidType: (name: string, type: string, value: string): string => `${name} in body must be of type ${type}: ${goQuote(value)}`,
  tooShort: (name: string, min: number): string => `${name} in body should be at least ${min} chars long`,
  pattern: (name: string, pattern: string): string => `${name} in body should match '${pattern}'`,
  minimum: (name: string, min: number, exclusive: boolean, value: unknown): string =>
    `${name} in body should be greater than${exclusive ? '' : ' or equal to'} ${bound(min, value)}`,
  maximum: (name: string, max: number, exclusive: boolean, value: unknown): string =>
    `${name} in body should be less than${exclusive ? '' : ' or equal to'} ${bound(max, value)}`,
  multipleOf: (name: string, factor: number): string => `${name} in body should be a multiple of ${goFloat(factor)}`,
  minItems: (name: string, min: number): string => `${name} in body should have at least ${min} items`,
  uniqueItems: (name: string): string => `${name} in body shouldn't contain duplicates`,
  minProperties: (name: string, min: number): string => `${name} in body should have at least ${min} properties`,
  /** validate/schema_messages.go MustValidateOnlyOneSchemaError. */
  oneOf: (name: string, valid: number): string =>
    `${goQuote(name)} must validate one and only one schema (oneOf). ${valid === 0 ? 'Found none valid' : `Found ${valid} valid alternatives`}`,
  anyOf: (name: string): string => `${goQuote(name)} must validate at least one schema (anyOf)`,
  allOf: (name: string, noneValid: boolean): string => `${goQuote(name)} must validate all the schemas (allOf)${noneValid ? '. None validated' : ''}`,
  not: (name: string): string => `${goQuote(name)} must not validate the schema (not)`,
};

/** kube-openapi's name for a JSON value's type (typeValidator.schemaInfoForType over the decoded value). */
export function openApiTypeOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'object') return 'object';
  return typeof value;
}
