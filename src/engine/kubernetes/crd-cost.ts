/**
 * The API server's static cost check of a CustomResourceDefinition's x-kubernetes-validations
 * (apiextensions-apiserver pkg/apis/apiextensions/validation validation.go,
 * ValidateCustomResourceDefinitionOpenAPISchema and validateCustomResourceDefinitionValidation;
 * cel_validation.go CELSchemaContext): each rule's worst-case cost, times how many times its
 * node can occur in one object, may be at most StaticEstimatedCostLimit, and all the rules of a
 * version's schema together at most StaticEstimatedCRDCostLimit. A messageExpression counts on
 * its own, once. The estimate is cel-go's (cel/estimate-cost.ts) over the schema's sizes
 * (cel/estimate-decl-type.ts).
 */
import {estimateCost} from '../cel/estimate-cost';
import {crdRuleEnvironment} from '../cel/estimate-library';
import {escapeCelName, maxCardinality, schemaDeclType, type DeclType, type JsonSchema} from '../cel/estimate-decl-type';
import {parseRule, type Expr} from '../cel/estimate-expr';
import {CODES} from '../codes';
import {compileCrdExpression, goValidationRule, referencesOldSelf, type CompiledExpression} from './crd-compile';
import {ruleFieldErrors} from './crd-rule-fields';
import {finding, isRecord, type Finding} from '../findings';

/** validation.go StaticEstimatedCostLimit. */
export const STATIC_ESTIMATED_COST_LIMIT = 10_000_000n;
/** validation.go StaticEstimatedCRDCostLimit. */
export const STATIC_ESTIMATED_CRD_COST_LIMIT = 100_000_000n;

const MAX_UINT64 = 2n ** 64n - 1n;

/** validation.go multiplyWithOverflowGuard. */
function multiplyGuarded(cost: bigint, cardinality: bigint): bigint {
  if (cost === 0n) return 0n;
  return cost * cardinality > MAX_UINT64 ? MAX_UINT64 : cost * cardinality;
}

/** validation.go getCostErrorMessage. */
export function costErrorMessage(costName: string, cost: bigint, limit: bigint): string {
  const exceedFactor = Number(cost) / Number(limit);
  const factor = exceedFactor > 100 ? 'more than 100x' : exceedFactor < 1.5 ? `${exceedFactor.toFixed(6)}x` : `${exceedFactor.toFixed(1)}x`;
  return `${costName} exceeds budget by factor of ${factor} (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)`;
}

/** cel_validation.go extractMaxElements: by how much a node multiplies its children's occurrences; undefined when unbounded. */
function maxElements(schema: JsonSchema): bigint | undefined {
  if (schema.type === 'object') {
    if (schema.additionalProperties !== undefined) return schema.maxProperties !== undefined ? BigInt(Math.max(0, schema.maxProperties)) : undefined;
    return 1n;
  }
  if (schema.type === 'array') return schema.maxItems !== undefined ? BigInt(Math.max(0, schema.maxItems)) : undefined;
  return 1n;
}

/** A rule's cost, where it is written (JSON pointer and the API server's field path). */
interface RuleCost {
  pointer: string;
  path: string;
  cost: bigint;
}

/** cel_validation.go TotalCost: the sum, and the four costliest rules of at least 1% of the limit. */
class TotalCost {
  total = 0n;
  mostExpensive: RuleCost[] = [];

  observe(rule: RuleCost): void {
    this.total = this.total + rule.cost > MAX_UINT64 ? MAX_UINT64 : this.total + rule.cost;
    if (rule.cost < STATIC_ESTIMATED_CRD_COST_LIMIT / 100n) return;
    this.mostExpensive.push(rule);
    this.mostExpensive.sort((a, b) => (a.cost > b.cost ? -1 : a.cost < b.cost ? 1 : 0));
    this.mostExpensive.length = Math.min(this.mostExpensive.length, 4);
  }
}

const forbidden = (pointer: string, path: string, message: string) => finding(pointer, 'value', 'error', CODES.crdRuleCost, `${path}: Forbidden: ${message}`);

/** Parsed rules by source (a CRD repeats its rules: Istio's 362 are 36 distinct ones), or the parser's error. */
const parsed = new Map<string, Expr | {error: unknown}>();
const MAX_PARSED = 4096;

function parsedRule(source: string): Expr | {error: unknown} {
  let rule = parsed.get(source);
  if (rule === undefined) {
    try {
      rule = parseRule(source);
    } catch (error) {
      rule = {error};
    }
    if (parsed.size < MAX_PARSED) parsed.set(source, rule);
  }
  return rule;
}

type CompiledRule = Extract<CompiledExpression, {ok: true}>;

/** An expression's estimated cost, or undefined for a tree the estimator does not know (left unjudged rather than guessed). */
function expressionCost({expr, checked}: CompiledRule, self: DeclType): bigint | undefined {
  if (!expr) return undefined;
  try {
    return estimateCost(expr, crdRuleEnvironment(self), checked).max;
  } catch {
    return undefined;
  }
}

/**
 * compilation.go compileRule: a rule that does not compile is refused (field.Invalid, printing the
 * rule) and costs 0; its messageExpression is then not compiled. Undefined for an empty one, which
 * compileRule skips (validation.go refuses it on its own).
 */
function compiled(rule: Record<string, unknown>, key: 'rule' | 'messageExpression', self: DeclType, at: string, field: string, out: SchemaCost): CompiledRule | undefined {
  const source = rule[key];
  if (typeof source !== 'string' || source.trim() === '') return undefined;
  const result = compileCrdExpression(source, parsedRule(source), self, key, rule.optionalOldSelf === true);
  if (result.ok) return result;
  out.findings.push(finding(`${at}/${key}`, 'value', 'error', CODES.crdRuleCompile, `${field}.${key}: Invalid value: ${goValidationRule(rule)}: ${result.detail}`));
  out.estimated.push({path: `${field}.${key}`, cost: 0n});
  return undefined;
}

export interface SchemaCost {
  findings: Finding[];
  total: TotalCost;
  /** How many schema errors the rules' fields have had so far (crd-rule-fields.ts). */
  schemaErrors: number;
  /** Every rule and messageExpression met, with its cost (0 when it does not compile, undefined when the estimator cannot read it). */
  estimated: Array<{path: string; cost: bigint | undefined}>;
}

/** Where a node is: its JSON pointer and its field path, kept as steps and joined only at a rule. */
interface Trail {
  pointer: string[];
  path: string[];
  /** The path of the highest list whose items old and new objects cannot be paired in (validation.go withForbidOldSelfValidations). */
  uncorrelatable?: string;
}

const escapePointer = (name: string) => name.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * One schema node, its children first as ValidateCustomResourceDefinitionOpenAPISchema recurses
 * (additionalProperties, properties, items), then its own rules. `cardinality` is the product of
 * its ancestors' maxItems and maxProperties (undefined when one is unbounded). `decl` is its
 * declaration read from an ancestor's that has rules (cel_validation.go typeInfoAccessor); a node
 * with rules and no such ancestor is converted on its own (CELSchemaContext.TypeInfo).
 */
function walk(node: JsonSchema, trail: Trail, cardinality: bigint | undefined, decl: DeclType | undefined, isRoot: boolean, out: SchemaCost): void {
  const rules = node['x-kubernetes-validations'];
  const hasRules = Array.isArray(rules) && rules.length > 0;
  const self = decl ?? (hasRules ? schemaDeclType(node, isRoot || node['x-kubernetes-embedded-resource'] === true) : undefined);
  const schemaErrorsBefore = out.schemaErrors;
  const factor = maxElements(node);
  const childCardinality = cardinality === undefined || factor === undefined ? undefined : multiplyGuarded(cardinality, factor);
  const visit = (child: JsonSchema, pointer: string, path: string, childDecl: DeclType | undefined) => {
    trail.pointer.push(pointer);
    trail.path.push(path);
    walk(child, trail, childCardinality, childDecl, false, out);
    trail.pointer.pop();
    trail.path.pop();
  };
  if (isRecord(node.additionalProperties)) visit(node.additionalProperties as JsonSchema, '/additionalProperties', '.additionalProperties', self?.kind === 'map' ? self.elem : undefined);
  if (isRecord(node.properties)) {
    for (const name of Object.keys(node.properties).sort()) {
      const child = node.properties[name];
      if (!isRecord(child)) continue;
      const escaped = self?.fields ? escapeCelName(name) : undefined;
      visit(child, `/properties/${escapePointer(name)}`, `.properties[${name}]`, escaped !== undefined ? self?.fields?.get(escaped) : undefined);
    }
  }
  if (isRecord(node.items)) {
    const outer = trail.uncorrelatable;
    // only a map list pairs its items by key; an unset list type is atomic
    if (outer === undefined && (node as Record<string, unknown>)['x-kubernetes-list-type'] !== 'map') trail.uncorrelatable = trail.path.join('');
    visit(node.items, '/items', '.items', self?.kind === 'list' ? self.elem : undefined);
    trail.uncorrelatable = outer;
  }
  if (!hasRules) return;
  const fieldErrors = ruleFieldErrors(rules, node, `${trail.pointer.join('')}/x-kubernetes-validations`, `${trail.path.join('')}.x-kubernetes-validations`);
  out.findings.push(...fieldErrors);
  out.schemaErrors += fieldErrors.length;
  // validation.go: with a schema error at this node or below, none of its rules is compiled
  if (self && out.schemaErrors === schemaErrorsBefore) estimateRules(rules, self, cardinality ?? maxCardinality(self.minSerializedSize), trail, out);
}

/** validation.go: each rule's cost times its node's cardinality against the per-rule limit; a messageExpression's once. */
function estimateRules(rules: NonNullable<JsonSchema['x-kubernetes-validations']>, self: DeclType, cardinality: bigint, trail: Trail, out: SchemaCost): void {
  const pointer = trail.pointer.join('');
  const path = trail.path.join('');
  rules.forEach((rule, i) => {
    if (!isRecord(rule)) return;
    const at = `${pointer}/x-kubernetes-validations/${i}`;
    const field = `${path}.x-kubernetes-validations[${i}]`;
    const compiledRule = compiled(rule, 'rule', self, at, field, out);
    // compilation.go UsesOldSelf is false for a rule that does not compile (and unknown for one left unjudged)
    if (typeof rule.optionalOldSelf === 'boolean' && !(compiledRule && (!compiledRule.expr || referencesOldSelf(compiledRule.expr)))) {
      out.findings.push(finding(`${at}/optionalOldSelf`, 'value', 'error', CODES.crdRuleInvalid,
        `${field}.optionalOldSelf: Invalid value: ${rule.optionalOldSelf}: may not be set if oldSelf is not used in rule`));
    }
    if (!compiledRule) return;
    if (trail.uncorrelatable !== undefined && compiledRule.expr && referencesOldSelf(compiledRule.expr)) {
      out.findings.push(finding(`${at}/rule`, 'value', 'error', CODES.crdTransitionRuleUncorrelatable,
        `${field}.rule: Invalid value: ${JSON.stringify(rule.rule)}: oldSelf cannot be used on the uncorrelatable portion of the schema within ${trail.uncorrelatable}`));
    }
    const cost = expressionCost(compiledRule, self);
    out.estimated.push({path: `${field}.rule`, cost});
    if (cost === undefined) return;
    const ruleCost = multiplyGuarded(cost, cardinality);
    if (ruleCost > STATIC_ESTIMATED_COST_LIMIT) {
      out.findings.push(forbidden(`${at}/rule`, `${field}.rule`, costErrorMessage('estimated rule cost', ruleCost, STATIC_ESTIMATED_COST_LIMIT)));
    }
    out.total.observe({pointer: `${at}/rule`, path: `${field}.rule`, cost: ruleCost});
    const message = compiled(rule, 'messageExpression', self, at, field, out);
    if (!message) return;
    const messageCost = expressionCost(message, self);
    out.estimated.push({path: `${field}.messageExpression`, cost: messageCost});
    if (messageCost === undefined) return;
    if (messageCost > STATIC_ESTIMATED_COST_LIMIT) {
      out.findings.push(forbidden(`${at}/messageExpression`, `${field}.messageExpression`, costErrorMessage('estimated messageExpression cost', messageCost, STATIC_ESTIMATED_COST_LIMIT)));
    }
    out.total.observe({pointer: `${at}/messageExpression`, path: `${field}.messageExpression`, cost: messageCost});
  });
}

/** The cost refusals of one schema (a version's openAPIV3Schema), as the API server words them, with what was estimated. */
export function estimateSchemaCost(schema: JsonSchema, pointer: string, path: string): SchemaCost {
  const out: SchemaCost = {findings: [], total: new TotalCost(), estimated: [], schemaErrors: 0};
  walk(schema, {pointer: [pointer], path: [path]}, 1n, undefined, true, out);
  if (out.total.total > STATIC_ESTIMATED_CRD_COST_LIMIT) {
    for (const rule of out.total.mostExpensive) {
      out.findings.push(forbidden(rule.pointer, rule.path, 'contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema'));
    }
    out.findings.push(forbidden(pointer, path,
      costErrorMessage('x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema', out.total.total, STATIC_ESTIMATED_CRD_COST_LIMIT)));
  }
  return out;
}

/** Every served version's schema of an apiextensions.k8s.io/v1 CustomResourceDefinition. */
export function checkCrdCost(resource: Record<string, unknown>): Finding[] {
  const spec = resource.spec;
  if (!isRecord(spec) || !Array.isArray(spec.versions)) return [];
  return spec.versions.flatMap((version, i) => {
    const schema = isRecord(version) && isRecord(version.schema) ? version.schema.openAPIV3Schema : undefined;
    if (!isRecord(schema)) return [];
    return estimateSchemaCost(schema as JsonSchema, `/spec/versions/${i}/schema/openAPIV3Schema`, `spec.versions[${i}].schema.openAPIV3Schema`).findings;
  });
}
