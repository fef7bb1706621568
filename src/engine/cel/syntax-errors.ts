/**
 * The syntax errors cel-go v0.23.2's parser reports for a rule (parser/parser.go Parse), in its
 * words and at its locations, as Kubernetes 1.33 configures it (optional syntax on, identifier
 * escapes off, the default limits):
 *
 * - the lexer's "token recognition error at: '...'" (syntax-lexer.ts);
 * - the ANTLR 4.13 parser's errors with its default error strategy, as CEL.g4's generated parser
 *   (parser/gen/cel_parser.go) drives it: "mismatched input 'X' expecting {...}", "extraneous
 *   input 'X' expecting ...", "missing ')' at 'X'", "no viable alternative at input '...'", each
 *   after "Syntax error: ", with ANTLR's recovery (single-token deletion and insertion, resync to
 *   the follow sets of the rules under way, no report until a token matches again), so the errors
 *   after the first are the ones cel-go gives too; cel-go's limits on recovery attempts (30), on
 *   tokens skipped in one recovery (256) and on syntax errors reported (100);
 * - what cel-go's visitor then refuses in the tree (syntax-tree-checks.ts);
 * - the recursion limits: "expression recursion limit exceeded: 250" (one grammar rule nested
 *   more than 250 deep while parsing) and "max recursion depth exceeded" (the visitor's count),
 *   and "expression code point size exceeds limit".
 *
 * What is not reproduced: ANTLR's adaptive prediction is not run. Each decision is written out
 * as the choice SLL prediction makes for this grammar: the only alternative still alive after
 * k tokens, the lowest one where two stay alike (`-1` is a literal, not a negation), and "leave
 * the loop" where every alternative dies once outside the rule (`a.b.` is an identifier then a
 * selection). The expected-token sets are those of the generated parser's states, written out
 * too. All 75 error cases of parser_test.go agree (tests/engine/cel/syntax-errors.test.ts); an
 * input whose recovery needs full-context prediction could still differ after its first error.
 */
import {CEL_RESERVED} from './escaping';
import {T, displayTokenSet, escapeWhitespace, lex, type LexIssue, type Token} from './syntax-lexer';
import type {CheckIssue} from './type-check';
import {treeIssues, type SyntaxNode as Node, type TreeCheckOptions} from './syntax-tree-checks';

export interface ParserOptions extends TreeCheckOptions {
  errorRecoveryLimit: number;
  errorRecoveryLookaheadLimit: number;
  errorReportingLimit: number;
  expressionSizeCodePointLimit: number;
}

/** parser.go NewParser's defaults as Kubernetes' base environment leaves them. */
export const KUBERNETES_PARSER: ParserOptions = {
  optionalSyntax: true,
  identEscapes: false,
  maxRecursionDepth: 250,
  errorRecoveryLimit: 30,
  errorRecoveryLookaheadLimit: 256,
  errorReportingLimit: 100,
  expressionSizeCodePointLimit: 100_000,
};

type TokenSet = ReadonlySet<number>;
/** Marks a set that reaches the end of the rule (ANTLR's epsilon). */
const EPS = 0;
const set = (...types: number[]): TokenSet => new Set(types);
const union = (...sets: TokenSet[]): TokenSet => new Set(sets.flatMap((s) => [...s]));

const LITERAL_FIRST = set(T.MINUS, T.CEL_TRUE, T.CEL_FALSE, T.NUL, T.NUM_FLOAT, T.NUM_INT, T.NUM_UINT, T.STRING, T.BYTES);
const PRIMARY_FIRST = union(LITERAL_FIRST, set(T.LBRACKET, T.LBRACE, T.LPAREN, T.DOT, T.IDENTIFIER));
/** What an expression can start with. */
const EXPR_FIRST = union(PRIMARY_FIRST, set(T.EXCLAM));
const OPT_EXPR_FIRST = union(EXPR_FIRST, set(T.QUESTIONMARK));
const FIELD_FIRST = set(T.QUESTIONMARK, T.IDENTIFIER, T.ESC_IDENTIFIER);
const RELATIONS = set(T.LESS, T.LESS_EQUALS, T.GREATER_EQUALS, T.GREATER, T.EQUALS, T.NOT_EQUALS, T.IN);
const PRODUCTS = set(T.STAR, T.SLASH, T.PERCENT);
const SUMS = set(T.PLUS, T.MINUS);
const NUMBERS = set(T.NUM_INT, T.NUM_FLOAT);
const AFTER_MEMBER = set(T.DOT, T.LBRACKET, EPS);
const END = set(EPS);
const EOF_ONLY = set(T.EOF);
const QUESTION = set(T.QUESTIONMARK);
const QUESTION_OR_END = set(T.QUESTIONMARK, EPS);
const COLON = set(T.COLON);
const COMMA = set(T.COMMA);
const COMMA_OR_END = set(T.COMMA, EPS);
const COMMA_OR_RBRACE = set(T.COMMA, T.RBRACE);
const OR = set(T.LOGICAL_OR);
const AND = set(T.LOGICAL_AND);
const OR_OR_END = set(T.LOGICAL_OR, EPS);
const AND_OR_END = set(T.LOGICAL_AND, EPS);
const RELATION_FOLLOW = union(RELATIONS, END);
const CALC_FOLLOW = union(PRODUCTS, SUMS, END);
const EXCLAM = set(T.EXCLAM);
const MINUS = set(T.MINUS);
const NOT_LOOP = union(EXCLAM, PRIMARY_FIRST);
const NEGATE_LOOP = union(MINUS, PRIMARY_FIRST);
const DOT = set(T.DOT);
const DOT_OR_BRACKET = set(T.DOT, T.LBRACKET);
const DOT_OR_IDENTIFIER = set(T.DOT, T.IDENTIFIER);
const DOT_OR_LBRACE = set(T.DOT, T.LBRACE);
const IDENTIFIER = set(T.IDENTIFIER);
const ESC_IDENTIFIER = set(T.ESC_IDENTIFIER);
const FIELD_NAME = set(T.IDENTIFIER, T.ESC_IDENTIFIER);
const LPAREN = set(T.LPAREN);
const RPAREN = set(T.RPAREN);
const LBRACKET = set(T.LBRACKET);
const RBRACKET = set(T.RPRACKET);
const LBRACE = set(T.LBRACE);
const RBRACE = set(T.RBRACE);
const ARGS_NEXT = union(EXPR_FIRST, RPAREN);
const FIELDS_NEXT = union(FIELD_FIRST, COMMA_OR_RBRACE);

/** A recognition error of the generated parser (caught by the rule it happens in). */
class Recognition {
  constructor(readonly kind: 'mismatch' | 'noViable', readonly offending: Token, readonly expected: TokenSet, readonly start?: Token) {}
}
/** The panics cel-go recovers from in parse(): the parse stops, what was reported stays. */
class Bail {
  constructor(readonly internal?: string) {}
}



class CelParser {
  private pos = 0;
  private errorMode = false;
  private lastErrorIndex = -1;
  private lastErrorStates = new Set<number>();
  private recoveryAttempts = 0;
  private state = -1;
  private reports = 0;
  /** The follow sets of the rule invocations under way (GetErrorRecoverySet's context stack). */
  private readonly follows: TokenSet[] = [];
  private readonly invokers: number[] = [];
  private readonly depths = new Map<string, number>();

  /** The last token the stream has fetched from the lexer, and the lexer's errors not yet reported. */
  private fetched = -1;
  private lexIssue = 0;

  constructor(private readonly tokens: Token[], private readonly lexIssues: readonly LexIssue[], readonly issues: CheckIssue[], private readonly limits: ParserOptions) {}

  // ---- the token stream ----

  /**
   * CommonTokenStream fetches tokens as the parser looks ahead (Consume fetches the next one), and
   * the lexer reports an error when it lexes past it: the errors after the parse stops are never
   * reported.
   */
  private fetch(index: number): void {
    while (this.fetched < Math.min(index, this.tokens.length - 1)) {
      const token = this.tokens[++this.fetched]!;
      while (this.lexIssue < this.lexIssues.length && (token.type === T.EOF || this.lexIssues[this.lexIssue]!.at < token.at)) {
        const {at, message} = this.lexIssues[this.lexIssue++]!;
        this.syntaxError(at, message);
      }
    }
  }
  private la(k: number): Token {
    const index = Math.min(this.pos + k - 1, this.tokens.length - 1);
    this.fetch(index);
    return this.tokens[index]!;
  }
  private consume(): void {
    if (this.la(1).type !== T.EOF) this.pos++;
    this.fetch(this.pos);
  }

  // ---- reporting (parser.go SyntaxError) ----

  syntaxError(at: number, message: string): void {
    const reserved = /^no viable alternative at input '.(true|false|null)'$/.exec(message);
    const text = reserved ? `mismatched input '${reserved[1]}' expecting IDENTIFIER` : message;
    if (this.reports < this.limits.errorReportingLimit) {
      this.reports++;
      this.issues.push({at, message: `Syntax error: ${text}`});
      return;
    }
    this.issues.push({at, message: `Syntax error: More than ${this.limits.errorReportingLimit} syntax errors`});
    throw new Bail();
  }

  // ---- ANTLR's DefaultErrorStrategy, with cel-go's recoveryLimitErrorStrategy ----

  /** ATN getExpectedTokens: a state's next tokens, followed out through the callers while the rule can end. */
  private expected(next: TokenSet): Set<number> {
    const out = new Set([...next].filter((type) => type !== EPS));
    let following = next;
    for (let i = this.follows.length - 1; i >= 0 && following.has(EPS); i--) {
      following = this.follows[i]!;
      for (const type of following) if (type !== EPS) out.add(type);
    }
    if (following.has(EPS)) out.add(T.EOF);
    return out;
  }

  private recoverySet(): Set<number> {
    const out = new Set<number>();
    for (const follow of this.follows) for (const type of follow) if (type !== EPS) out.add(type);
    return out;
  }

  private reportError(error: Recognition): void {
    if (this.errorMode) return;
    this.errorMode = true;
    if (error.kind === 'noViable') {
      const start = error.start!;
      const input = start.type === T.EOF ? '<EOF>' : this.textBetween(start, error.offending);
      this.syntaxError(error.offending.at, `no viable alternative at input '${escapeWhitespace(input)}'`);
    } else {
      this.syntaxError(error.offending.at, `mismatched input ${display(error.offending)} expecting ${displayTokenSet(error.expected)}`);
    }
  }

  /** The tokens' text from `start` through `stop`, without EOF (CommonTokenStream.GetTextFromTokens). */
  private textBetween(start: Token, stop: Token): string {
    const from = this.tokens.indexOf(start);
    const to = this.tokens.indexOf(stop);
    return this.tokens.slice(from, to + 1).filter((token) => token.type !== T.EOF).map((token) => token.text).join('');
  }

  /** recoveryLimitErrorStrategy.checkAttempts. */
  private checkAttempts(): void {
    if (this.recoveryAttempts === this.limits.errorRecoveryLimit) {
      this.recoveryAttempts++;
      this.syntaxError(this.la(1).at, `error recovery attempt limit exceeded: ${this.limits.errorRecoveryLimit}`);
      throw new Bail();
    }
    this.recoveryAttempts++;
  }

  /** lookaheadConsumer: a recovery may skip at most errorRecoveryLookaheadLimit tokens. */
  private recoveryConsumer(): () => void {
    let consumed = 0;
    return () => {
      if (consumed >= this.limits.errorRecoveryLookaheadLimit) {
        throw new Bail(`error recovery token lookahead limit exceeded: ${this.limits.errorRecoveryLookaheadLimit}`);
      }
      consumed++;
      this.consume();
    };
  }

  private recover(): void {
    this.checkAttempts();
    const consume = this.recoveryConsumer();
    if (this.lastErrorIndex === this.pos && this.lastErrorStates.has(this.state)) consume();
    this.lastErrorIndex = this.pos;
    this.lastErrorStates.add(this.state);
    const stop = this.recoverySet();
    while (this.la(1).type !== T.EOF && !stop.has(this.la(1).type)) consume();
  }

  private endErrorCondition(): void {
    this.errorMode = false;
    this.lastErrorStates = new Set();
    this.lastErrorIndex = -1;
  }

  /** Sync at a decision or loop state whose next tokens are `next`. */
  private sync(state: number, next: TokenSet, loopBack = false): void {
    this.state = state;
    if (this.errorMode) return;
    const la = this.la(1);
    if (next.has(EPS) || next.has(la.type)) return;
    if (loopBack) {
      this.reportUnwanted(next);
      const stop = union(this.expected(next), this.recoverySet());
      while (this.la(1).type !== T.EOF && !stop.has(this.la(1).type)) this.consume();
      return;
    }
    if (this.singleTokenDeletion(next, () => this.consume())) return;
    throw new Recognition('mismatch', la, this.expected(next));
  }

  private reportUnwanted(next: TokenSet): void {
    if (this.errorMode) return;
    this.errorMode = true;
    this.syntaxError(this.la(1).at, `extraneous input ${display(this.la(1))} expecting ${displayTokenSet(this.expected(next))}`);
  }

  private singleTokenDeletion(next: TokenSet, consume: () => void): boolean {
    if (!this.expected(next).has(this.la(2).type)) return false;
    this.reportUnwanted(next);
    consume();
    this.endErrorCondition();
    return true;
  }

  /** Match of one token type (or a set of them) at `state`; `after` is what can follow it in the rule. */
  private match(state: number, types: TokenSet, after: TokenSet): Token | undefined {
    this.state = state;
    const la = this.la(1);
    if (types.has(la.type)) {
      this.endErrorCondition();
      this.consume();
      return la;
    }
    // RecoverInline
    this.checkAttempts();
    const consume = this.recoveryConsumer();
    if (this.singleTokenDeletion(types, consume)) {
      const matched = this.la(1);
      consume();
      return matched;
    }
    if (this.expected(after).has(la.type)) {
      if (!this.errorMode) {
        this.errorMode = true;
        this.syntaxError(la.at, `missing ${displayTokenSet(this.expected(types))} at ${display(la)}`);
      }
      return undefined;
    }
    throw new Recognition('mismatch', la, this.expected(types));
  }

  // ---- rules ----
  // Each rule is one method with its own try/catch (as the generated code's errorExit), so a
  // nesting level costs few stack frames: 250 levels of parentheses must fit any JS stack.

  /** Entering a rule: its follow set pushed, its depth counted, the state that invoked it kept. */
  private begin(name: string, follow: TokenSet): void {
    this.follows.push(follow);
    this.invokers.push(this.state);
    this.enter(name);
  }
  /** ExitRule: the state is the invoking one again (which Recover's loop failsafe reads). */
  private end(name: string): void {
    this.exit(name);
    this.follows.pop();
    this.state = this.invokers.pop()!;
  }
  /** A rule's errorExit: a recognition error is reported and recovered from; anything else goes on up. */
  private failed(error: unknown): undefined {
    if (!(error instanceof Recognition)) throw error;
    this.reportError(error);
    this.recover();
    return undefined;
  }

  /**
   * parser.go recursionListener: one grammar rule entered more than maxRecursionDepth deep. A
   * left-recursive rule's iterations (`a.b.c`, `1 + 2 + 3`) leave its depth as it was: the
   * generated code exits the rule before each PushNewRecursionContext enters it again.
   */
  private enter(name: string): void {
    const depth = (this.depths.get(name) ?? 0) + 1;
    this.depths.set(name, depth);
    if (depth > this.limits.maxRecursionDepth) throw new Bail(`expression recursion limit exceeded: ${this.limits.maxRecursionDepth}`);
  }
  private exit(name: string): void {
    this.depths.set(name, Math.max(0, (this.depths.get(name) ?? 0) - 1));
  }

  start(): Node | undefined {
    this.fetch(0);
    this.follows.push(EOF_ONLY);
    this.state = 34;
    const expr = this.expr(EOF_ONLY);
    this.follows.pop();
    try {
      this.match(35, EOF_ONLY, END);
    } catch (error) {
      this.failed(error);
    }
    return expr;
  }

  private noViable(start: Token, offending: Token): Recognition {
    return new Recognition('noViable', offending, new Set(), start);
  }

  private expr(follow: TokenSet): Node | undefined {
    this.begin('expr', follow);
    try {
      this.state = 37;
      const condition = this.logical(T.LOGICAL_OR, QUESTION_OR_END);
      this.sync(43, QUESTION_OR_END);
      if (this.la(1).type !== T.QUESTIONMARK) return condition;
      const op = this.match(38, QUESTION, EXPR_FIRST);
      this.state = 39;
      const then = this.logical(T.LOGICAL_OR, COLON);
      this.match(40, COLON, EXPR_FIRST);
      this.state = 41;
      const otherwise = this.expr(END);
      return {kind: 'operator', at: op?.at ?? this.la(1).at, nested: true, children: [condition, then, otherwise]};
    } catch (error) {
      return this.failed(error);
    } finally {
      this.end('expr');
    }
  }

  /** conditionalOr (`op` ||) and conditionalAnd (`op` &&): `e (op e)*`. */
  private logical(op: typeof T.LOGICAL_OR | typeof T.LOGICAL_AND, follow: TokenSet): Node | undefined {
    const or = op === T.LOGICAL_OR;
    const name = or ? 'conditionalOr' : 'conditionalAnd';
    const [first, loop, opState, next] = or ? [45, 50, 46, 47] : [53, 58, 54, 55];
    const opOrEnd = or ? OR_OR_END : AND_OR_END;
    const operand = () => (or ? this.logical(T.LOGICAL_AND, opOrEnd) : this.binary('relation', 0, opOrEnd));
    this.begin(name, follow);
    const children: Array<Node | undefined> = [];
    let at: number | undefined;
    try {
      this.state = first;
      children.push(operand());
      this.sync(loop, opOrEnd);
      while (this.la(1).type === op) {
        const token = this.match(opState, or ? OR : AND, EXPR_FIRST);
        at ??= token?.at;
        this.state = next;
        children.push(operand());
        this.sync(loop + 2, opOrEnd);
      }
    } catch (error) {
      this.failed(error);
    } finally {
      this.end(name);
    }
    return children.length === 1 ? children[0] : {kind: 'operator', at: at ?? this.la(1).at, nested: false, children};
  }

  /** relation and calc, left-recursive, with ANTLR's precedence climbing: `operand (op rhs)*`. */
  private binary(name: 'relation' | 'calc', precedence: number, follow: TokenSet): Node | undefined {
    const relation = name === 'relation';
    const [first, loop] = relation ? [62, 69] : [73, 83];
    const loopFollow = relation ? RELATION_FOLLOW : CALC_FOLLOW;
    this.begin(name, follow);
    // what was built before an error, which the visitor still reads (ANTLR keeps the partial tree)
    let left: Node | undefined;
    try {
      this.state = first;
      left = relation ? this.binary('calc', 0, loopFollow) : this.unary(loopFollow);
      for (;;) {
        this.sync(loop, loopFollow);
        const la = this.la(1).type;
        const level = relation ? (RELATIONS.has(la) ? 1 : 0) : PRODUCTS.has(la) ? 2 : SUMS.has(la) ? 1 : 0;
        if (level === 0 || precedence > level) return left;
        // the generated parser's states: the operator, then the right operand's invocation
        const [opState, rightState] = relation ? [65, 66] : level === 2 ? [76, 77] : [79, 80];
        const op = this.match(opState, relation ? RELATIONS : level === 2 ? PRODUCTS : SUMS, EXPR_FIRST);
        this.state = rightState;
        const right = this.binary(name, level + 1, loopFollow);
        left = {kind: 'operator', at: op?.at ?? this.la(1).at, nested: true, children: [left, right]};
      }
    } catch (error) {
      this.failed(error);
      return left;
    } finally {
      this.end(name);
    }
  }

  private unary(follow: TokenSet): Node | undefined {
    this.begin('unary', follow);
    try {
      this.sync(99, EXPR_FIRST);
      const first = this.la(1);
      if (first.type !== T.EXCLAM && (first.type !== T.MINUS || NUMBERS.has(this.la(2).type))) {
        this.state = 86;
        return this.member(END);
      }
      const not = first.type === T.EXCLAM;
      if (!not && !PRIMARY_FIRST.has(this.la(2).type)) throw this.noViable(first, this.la(2));
      const loopNext = not ? NOT_LOOP : NEGATE_LOOP;
      this.sync(not ? 88 : 94, not ? EXCLAM : MINUS);
      let count = 0;
      for (;;) {
        this.match(not ? 87 : 93, not ? EXCLAM : MINUS, loopNext);
        count++;
        this.sync(not ? 90 : 96, loopNext, true);
        if (this.la(1).type !== first.type) break;
        if (!not && !PRIMARY_FIRST.has(this.la(2).type)) throw this.noViable(this.la(1), this.la(2));
      }
      if (!not && !PRIMARY_FIRST.has(this.la(1).type)) throw this.noViable(this.la(1), this.la(1));
      this.state = not ? 92 : 98;
      const operand = this.member(END);
      return count % 2 === 0 ? operand : {kind: 'operator', at: first.at, nested: false, children: [operand]};
    } catch (error) {
      return this.failed(error);
    } finally {
      this.end('unary');
    }
  }

  private member(follow: TokenSet): Node | undefined {
    this.begin('member', follow);
    let operand: Node | undefined;
    try {
      this.state = 102;
      operand = this.primary(AFTER_MEMBER);
      for (;;) {
        this.sync(128, AFTER_MEMBER);
        const la = this.la(1);
        if (la.type !== T.DOT && la.type !== T.LBRACKET) return operand;
        this.sync(126, DOT_OR_BRACKET);
        operand = la.type === T.LBRACKET ? this.index(operand, la) : this.memberDot(operand, la);
      }
    } catch (error) {
      this.failed(error);
      return operand;
    } finally {
      this.end('member');
    }
  }

  /** member's Index alternative: `[ '?'? expr ]`. */
  private index(operand: Node | undefined, la: Token): Node {
    const open = this.match(119, LBRACKET, OPT_EXPR_FIRST);
    this.sync(121, OPT_EXPR_FIRST);
    const optional = this.la(1).type === T.QUESTIONMARK;
    if (optional) this.match(120, QUESTION, EXPR_FIRST);
    this.state = 123;
    const index = this.expr(RBRACKET);
    this.match(124, RBRACKET, AFTER_MEMBER);
    return {kind: 'index', at: open?.at ?? la.at, operand, index, optional};
  }

  /** member's Select and MemberCall alternatives, told apart by the tokens after the dot. */
  private memberDot(operand: Node | undefined, la: Token): Node {
    const after = this.la(2);
    if (after.type === T.IDENTIFIER && this.la(3).type === T.LPAREN) {
      this.match(111, DOT, IDENTIFIER);
      const name = this.match(112, IDENTIFIER, LPAREN);
      const open = this.match(113, LPAREN, ARGS_NEXT);
      const args = this.callArguments(115, 114);
      this.match(117, RPAREN, AFTER_MEMBER);
      return {kind: 'call', at: open?.at ?? la.at, start: la.at, name: name?.text ?? '', target: operand, args, reserved: false, nested: true};
    }
    if (!FIELD_FIRST.has(after.type)) throw this.noViable(la, after);
    const dot = this.match(105, DOT, FIELD_FIRST);
    this.sync(107, FIELD_FIRST);
    const optional = this.la(1).type === T.QUESTIONMARK;
    if (optional) this.match(106, QUESTION, FIELD_NAME);
    this.state = 109;
    const field = this.escapeIdent(AFTER_MEMBER);
    return {kind: 'select', at: dot?.at ?? la.at, operand, optional, ...(field?.type === T.ESC_IDENTIFIER ? {escaped: field} : {})};
  }

  /** `exprList?` before a call's closing parenthesis. */
  private callArguments(syncState: number, listState: number): Node[] {
    this.sync(syncState, ARGS_NEXT);
    if (!EXPR_FIRST.has(this.la(1).type)) return [];
    this.state = listState;
    this.begin('exprList', RPAREN);
    const args: Node[] = [];
    try {
      this.state = 186;
      args.push(this.expr(COMMA_OR_END) ?? {kind: 'error', at: -1});
      this.sync(191, COMMA_OR_END);
      while (this.la(1).type === T.COMMA) {
        this.match(187, COMMA, EXPR_FIRST);
        this.state = 188;
        args.push(this.expr(COMMA_OR_END) ?? {kind: 'error', at: -1});
        this.sync(193, COMMA_OR_END);
      }
    } catch (error) {
      this.failed(error);
    } finally {
      this.end('exprList');
    }
    return args;
  }

  /** Whether the tokens ahead are a message construction's `.? a.b.c {`. */
  private messageAhead(): boolean {
    let k = this.la(1).type === T.DOT ? 2 : 1;
    if (this.la(k).type !== T.IDENTIFIER) return false;
    k++;
    while (this.la(k).type === T.DOT && this.la(k + 1).type === T.IDENTIFIER) k += 2;
    return this.la(k).type === T.LBRACE;
  }

  private primary(follow: TokenSet): Node | undefined {
    this.begin('primary', follow);
    try {
      this.sync(184, PRIMARY_FIRST);
      const first = this.la(1);
      switch (first.type) {
        case T.DOT: case T.IDENTIFIER:
          return this.name(first);
        case T.LPAREN: {
          this.match(144, LPAREN, EXPR_FIRST);
          this.state = 145;
          const inner = this.expr(RPAREN);
          this.match(146, RPAREN, END);
          return inner;
        }
        case T.LBRACKET:
          return this.aggregate(first, [148, 150, 149, 153, 152, 155], T.RPRACKET);
        case T.LBRACE:
          return this.aggregate(first, [156, 158, 157, 161, 160, 163], T.RBRACE);
      }
      if (!LITERAL_FIRST.has(first.type)) throw this.noViable(first, first);
      this.state = 183;
      return this.literal(END);
    } catch (error) {
      return this.failed(error);
    } finally {
      this.end('primary');
    }
  }

  /** primary's Ident, GlobalCall and CreateMessage alternatives, which start with `.`? and a name. */
  private name(first: Token): Node {
    const leading = first.type === T.DOT;
    const id = leading ? this.la(2) : first;
    if (id.type !== T.IDENTIFIER) throw this.noViable(first, id);
    if (this.la(leading ? 3 : 2).type === T.LPAREN) {
      this.sync(136, DOT_OR_IDENTIFIER);
      if (leading) this.match(135, DOT, IDENTIFIER);
      const name = this.match(138, IDENTIFIER, LPAREN);
      const open = this.match(139, LPAREN, ARGS_NEXT);
      const args = this.callArguments(141, 140);
      this.match(143, RPAREN, END);
      const text = name?.text ?? '';
      return {kind: 'call', at: open?.at ?? first.at, start: first.at, name: (leading ? '.' : '') + text, args, reserved: CEL_RESERVED.has(text), nested: false};
    }
    if (this.messageAhead()) return this.message(first);
    this.sync(132, DOT_OR_IDENTIFIER);
    if (leading) this.match(131, DOT, IDENTIFIER);
    const name = this.match(134, IDENTIFIER, END);
    const text = name?.text ?? '';
    // a reserved name is an error expression placed at the context's start (the leading dot)
    const reserved = CEL_RESERVED.has(text);
    return {kind: 'ident', at: reserved ? first.at : (name?.at ?? first.at), name: (leading ? '.' : '') + text, reserved};
  }

  /** A list or map literal: `open items? ','? close`. */
  private aggregate(open: Token, states: readonly number[], close: number): Node {
    const [openState, syncItems, itemsState, syncComma, commaState, closeState] = states as [number, number, number, number, number, number];
    const list = close === T.RPRACKET;
    const closing = set(close);
    const commaOrClose = set(T.COMMA, close);
    const itemsNext = union(OPT_EXPR_FIRST, commaOrClose);
    this.match(openState, set(open.type), itemsNext);
    this.sync(syncItems, itemsNext);
    let children: Array<Node | undefined> = [];
    if (OPT_EXPR_FIRST.has(this.la(1).type)) {
      this.state = itemsState;
      children = list ? this.listInit(commaOrClose) : this.entries('mapInitializerList', commaOrClose, OPT_EXPR_FIRST, [220, 221, 222, 230, 223, 224, 225, 226]);
    }
    this.sync(syncComma, commaOrClose);
    if (this.la(1).type === T.COMMA) this.match(commaState, COMMA, closing);
    this.match(closeState, closing, END);
    return {kind: 'operator', at: open.at, nested: false, children, ...(list ? {} : {entries: 'map' as const})};
  }

  private listInit(follow: TokenSet): Array<Node | undefined> {
    this.begin('listInit', follow);
    const items: Array<Node | undefined> = [];
    try {
      this.state = 194;
      items.push(this.optExpr(COMMA_OR_END));
      for (;;) {
        this.sync(199, COMMA_OR_END);
        if (this.la(1).type !== T.COMMA || !OPT_EXPR_FIRST.has(this.la(2).type)) return items;
        this.match(195, COMMA, OPT_EXPR_FIRST);
        this.state = 196;
        items.push(this.optExpr(COMMA_OR_END));
      }
    } catch (error) {
      this.failed(error);
      return items;
    } finally {
      this.end('listInit');
    }
  }

  /** mapInitializerList and fieldInitializerList: `key ':' expr (',' key ':' expr)*`, as key, value, key, value... */
  private entries(name: string, follow: TokenSet, keyFirst: TokenSet, states: readonly number[]): Array<Node | undefined> {
    const [firstKey, firstColon, firstValue, loop, comma, nextKey, nextColon, nextValue] = states as [number, number, number, number, number, number, number, number];
    const map = name === 'mapInitializerList';
    const key = () => (map ? this.optExpr(COLON) : this.optField());
    this.begin(name, follow);
    const children: Array<Node | undefined> = [];
    try {
      this.state = firstKey;
      children.push(key());
      this.match(firstColon, COLON, EXPR_FIRST);
      this.state = firstValue;
      children.push(this.expr(COMMA_OR_END));
      for (;;) {
        this.sync(loop, COMMA_OR_END);
        if (this.la(1).type !== T.COMMA || !keyFirst.has(this.la(2).type)) return children;
        this.match(comma, COMMA, keyFirst);
        this.state = nextKey;
        children.push(key());
        this.match(nextColon, COLON, EXPR_FIRST);
        this.state = nextValue;
        children.push(this.expr(COMMA_OR_END));
      }
    } catch (error) {
      this.failed(error);
      return children;
    } finally {
      this.end(name);
    }
  }

  /** CreateMessage: `.? IDENT ('.' IDENT)* '{' fieldInitializerList? ','? '}'`. */
  private message(first: Token): Node {
    this.sync(165, DOT_OR_IDENTIFIER);
    if (first.type === T.DOT) this.match(164, DOT, IDENTIFIER);
    this.match(167, IDENTIFIER, DOT_OR_LBRACE);
    this.sync(172, DOT_OR_LBRACE);
    while (this.la(1).type === T.DOT) {
      this.match(168, DOT, IDENTIFIER);
      this.match(169, IDENTIFIER, DOT_OR_LBRACE);
      this.sync(174, DOT_OR_LBRACE, true);
    }
    const open = this.la(1);
    this.match(175, LBRACE, FIELDS_NEXT);
    this.sync(177, FIELDS_NEXT);
    let children: Array<Node | undefined> = [];
    const fieldsAt = this.la(1).at;
    if (FIELD_FIRST.has(this.la(1).type)) {
      this.state = 176;
      children = this.entries('fieldInitializerList', COMMA_OR_RBRACE, FIELD_FIRST, [202, 203, 204, 212, 205, 206, 207, 208]);
    }
    this.sync(180, COMMA_OR_RBRACE);
    if (this.la(1).type === T.COMMA) this.match(179, COMMA, RBRACE);
    this.match(182, RBRACE, END);
    return {kind: 'operator', at: open.at, nested: false, children, entries: 'message', fieldsAt};
  }

  private optField(): Node | undefined {
    this.begin('optField', COLON);
    try {
      this.sync(216, FIELD_FIRST);
      const question = this.la(1);
      const optional = question.type === T.QUESTIONMARK;
      if (optional) this.match(215, QUESTION, FIELD_NAME);
      this.state = 218;
      const field = this.escapeIdent(END);
      const name: Node = {kind: 'select', at: field?.at ?? question.at, ...(field?.type === T.ESC_IDENTIFIER ? {escaped: field} : {})};
      return optional ? {kind: 'opt', at: question.at, value: name} : name;
    } catch (error) {
      return this.failed(error);
    } finally {
      this.end('optField');
    }
  }

  private escapeIdent(follow: TokenSet): Token | undefined {
    this.begin('escapeIdent', follow);
    try {
      this.sync(235, FIELD_NAME);
      const la = this.la(1);
      if (la.type === T.IDENTIFIER) return this.match(233, IDENTIFIER, END);
      if (la.type === T.ESC_IDENTIFIER) return this.match(234, ESC_IDENTIFIER, END);
      throw this.noViable(la, la);
    } catch (error) {
      return this.failed(error);
    } finally {
      this.end('escapeIdent');
    }
  }

  private optExpr(follow: TokenSet): Node | undefined {
    this.begin('optExpr', follow);
    try {
      this.sync(238, OPT_EXPR_FIRST);
      const question = this.la(1);
      const optional = question.type === T.QUESTIONMARK;
      if (optional) this.match(237, QUESTION, EXPR_FIRST);
      this.state = 240;
      const value = this.expr(END);
      return optional ? {kind: 'opt', at: question.at, value} : value;
    } catch (error) {
      return this.failed(error);
    } finally {
      this.end('optExpr');
    }
  }

  private literal(follow: TokenSet): Node | undefined {
    this.begin('literal', follow);
    try {
      this.sync(256, LITERAL_FIRST);
      const first = this.la(1);
      if (first.type === T.MINUS) {
        const number = this.la(2);
        if (!NUMBERS.has(number.type)) throw this.noViable(first, number);
        const isInt = number.type === T.NUM_INT;
        this.sync(isInt ? 243 : 248, set(T.MINUS, number.type));
        this.match(isInt ? 242 : 247, MINUS, set(number.type));
        const token = this.match(isInt ? 245 : 250, set(number.type), END);
        return {kind: 'literal', at: first.at, type: number.type, text: `-${token?.text ?? ''}`};
      }
      if (!LITERAL_FIRST.has(first.type)) throw this.noViable(first, first);
      const token = this.match(245, set(first.type), END);
      return {kind: 'literal', at: first.at, type: first.type, text: token?.text ?? ''};
    } catch (error) {
      return this.failed(error);
    } finally {
      this.end('literal');
    }
  }
}

/** GetTokenErrorDisplay. */
const display = (token: Token) => `'${escapeWhitespace(token.text)}'`;

/**
 * Every error cel-go's parser reports for `source` (lexer, parser and visitor), in report order,
 * `at` undefined for those without a location (the limits); empty when it parses.
 */
export function syntaxIssues(source: string, options: ParserOptions = KUBERNETES_PARSER): CheckIssue[] {
  const issues: CheckIssue[] = [];
  const size = [...source].length;
  if (size > options.expressionSizeCodePointLimit) {
    return [{at: undefined, message: `expression code point size exceeds limit: size: ${size}, limit ${options.expressionSizeCodePointLimit}`}];
  }
  const {tokens, issues: lexIssues} = lex(source);
  const parser = new CelParser(tokens, lexIssues, issues, options);
  let tree: Node | undefined;
  try {
    tree = parser.start();
  } catch (error) {
    if (!(error instanceof Bail)) throw error;
    if (error.internal) issues.push({at: undefined, message: error.internal});
    return issues;
  }
  treeIssues(tree, issues, options);
  return issues;
}
