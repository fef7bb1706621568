/**
 * Compiles each distinct CEL rule once per process. Istio's CRDs repeat the same 36 rules
 * 362 times, so the cache keeps compilation off the validation path entirely.
 */
import {adaptRuleSource} from './adapt-source';
import {meterEnvironment, meterProgram} from './cost';
import {createKubernetesEnvironment} from './kubernetes-library';

export type CelProgram = (context: {self: unknown}) => unknown;

export type CompiledRule = {ok: true; program: CelProgram} | {ok: false; error: string};

let environment: ReturnType<typeof createKubernetesEnvironment> | undefined;
const cache = new Map<string, CompiledRule>();

function env(): ReturnType<typeof createKubernetesEnvironment> {
  if (!environment) {
    environment = createKubernetesEnvironment();
    // Every rule's evaluation is costed, as the API server costs it (cost.ts).
    meterEnvironment(environment as unknown as Parameters<typeof meterEnvironment>[0]);
  }
  return environment;
}

/** Never throws: a rule the engine cannot compile comes back as {ok: false}. */
export function compileRule(source: string): CompiledRule {
  let compiled = cache.get(source);
  if (!compiled) {
    try {
      const parsed = env().parse(adaptRuleSource(source));
      meterProgram(parsed);
      const program = parsed as unknown as CelProgram;
      compiled = {ok: true, program};
    } catch (error) {
      compiled = {ok: false, error: errorSummary(error)};
    }
    cache.set(source, compiled);
  }
  return compiled;
}

/** cel-js's parsed tree of a program (parser.js ASTNode), type-checked once the program has run. */
export function parsedTree(program: CelProgram): unknown {
  return (program as unknown as {ast?: unknown}).ast;
}

/** First line of a cel-js error (the rest is a source excerpt meant for humans at a terminal). */
export function errorSummary(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}

/** Asked for every rule on every value: answered once per distinct rule. */
const transitionRules = new Map<string, boolean>();

/** Rules that compare with the previous object (`oldSelf`) only apply to updates, never to a create. */
export function isTransitionRule(source: string): boolean {
  let transition = transitionRules.get(source);
  if (transition === undefined) transitionRules.set(source, (transition = /\boldSelf\b/.test(source)));
  return transition;
}
