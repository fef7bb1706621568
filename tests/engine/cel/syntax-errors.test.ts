/**
 * Syntax errors as cel-go v0.23.2's parser reports them (cel/syntax-errors.ts): every error case
 * of cel-go's parser/parser_test.go (TestParse's testCases with an expected error, named by their
 * line in that file at v0.23.2), under the options its newTestParser uses (MaxRecursionDepth(32),
 * ErrorRecoveryLimit(4), ErrorRecoveryLookaheadTokenLimit(4), optional syntax off) and each case's
 * own; compared as test.Compare compares them, ignoring whitespace. One case is left out: the
 * 1,400-character line 1232, which gives the same errors as its neighbours. Then what Kubernetes'
 * options change, and the inputs people type.
 */
import {describe, expect, it} from 'vitest';
import {syntaxIssues, KUBERNETES_PARSER, type ParserOptions} from '../../../src/engine/cel/syntax-errors';
import {displayIssues} from '../../../src/engine/cel/display-issues';

/** parser_test.go newTestParser's options. */
const TEST_PARSER: ParserOptions = {...KUBERNETES_PARSER, optionalSyntax: false, maxRecursionDepth: 32, errorRecoveryLimit: 4, errorRecoveryLookaheadLimit: 4};
const display = (input: string, options: ParserOptions = KUBERNETES_PARSER) => displayIssues(input, syntaxIssues(input, options));
/** test/compare.go Compare: whitespace is not compared. */
const stripped = (text: string) => text.replace(/[ \n\t\r]/g, '');

const UPSTREAM: Array<{line: number; input: string; options?: Partial<ParserOptions>; expected: string}> = [
  {line: 390, input: "0xFFFFFFFFFFFFFFFFF",
    expected: "ERROR: <input>:1:1: invalid int literal\n| 0xFFFFFFFFFFFFFFFFF\n| ^"},
  {line: 396, input: "0xFFFFFFFFFFFFFFFFFu",
    expected: "ERROR: <input>:1:1: invalid uint literal\n| 0xFFFFFFFFFFFFFFFFFu\n| ^"},
  {line: 402, input: "1.99e90000009",
    expected: "ERROR: <input>:1:1: invalid double literal\n| 1.99e90000009\n| ^"},
  {line: 408, input: "*@a | b",
    expected: "ERROR: <input>:1:1: Syntax error: extraneous input '*' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}\n| *@a | b\n| ^\nERROR: <input>:1:2: Syntax error: token recognition error at: '@'\n| *@a | b\n| .^\nERROR: <input>:1:5: Syntax error: token recognition error at: '| '\n| *@a | b\n| ....^\nERROR: <input>:1:7: Syntax error: extraneous input 'b' expecting <EOF>\n| *@a | b\n| ......^"},
  {line: 423, input: "a | b",
    expected: "ERROR: <input>:1:3: Syntax error: token recognition error at: '| '\n| a | b\n| ..^\nERROR: <input>:1:5: Syntax error: extraneous input 'b' expecting <EOF>\n| a | b\n| ....^"},
  {line: 442, input: "has(m)",
    expected: "ERROR: <input>:1:5: invalid argument to has() macro\n| has(m)\n| ....^"},
  {line: 537, input: "[].existsOne(__result__, __result__)",
    expected: "ERROR: <input>:1:14: iteration variable overwrites accumulator variable\n| [].existsOne(__result__, __result__)\n| .............^"},
  {line: 570, input: "m.map(__result__, __result__)",
    expected: "ERROR: <input>:1:7: iteration variable overwrites accumulator variable\n| m.map(__result__, __result__)\n| ......^"},
  {line: 640, input: "m.filter(__result__, false)",
    expected: "ERROR: <input>:1:10: iteration variable overwrites accumulator variable\n| m.filter(__result__, false)\n| .........^"},
  {line: 646, input: "m.filter(a.b, false)",
    expected: "ERROR: <input>:1:11: argument is not an identifier\n| m.filter(a.b, false)\n| ..........^"},
  {line: 771, input: "{",
    expected: "ERROR: <input>:1:2: Syntax error: mismatched input '<EOF>' expecting {'[', '{', '}', '(', '.', ',', '-', '!', '?', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}\n| {\n| .^"},
  {line: 809, input: "TestAllTypes(){}",
    expected: "ERROR: <input>:1:15: Syntax error: mismatched input '{' expecting <EOF>\n| TestAllTypes(){}\n| ..............^"},
  {line: 815, input: "TestAllTypes{}()",
    expected: "ERROR: <input>:1:15: Syntax error: mismatched input '(' expecting <EOF>\n| TestAllTypes{}()\n| ..............^"},
  {line: 830, input: "1 + $",
    expected: "ERROR: <input>:1:5: Syntax error: token recognition error at: '$'\n| 1 + $\n| ....^\nERROR: <input>:1:6: Syntax error: mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}\n| 1 + $\n| .....^"},
  {line: 839, input: "1 + 2\n3 +",
    expected: "ERROR: <input>:2:1: Syntax error: mismatched input '3' expecting <EOF>\n| 3 +\n| ^"},
  {line: 861, input: "1.all(2, 3)",
    expected: "ERROR: <input>:1:7: argument must be a simple name\n| 1.all(2, 3)\n| ......^"},
  {line: 929, input: "1 + +",
    expected: "ERROR: <input>:1:5: Syntax error: mismatched input '+' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}\n| 1 + +\n| ....^\nERROR: <input>:1:6: Syntax error: mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}\n| 1 + +\n| .....^"},
  {line: 946, input: "{\"a\": 1}.\"a\"",
    expected: "ERROR: <input>:1:10: Syntax error: no viable alternative at input '.\"a\"'\n| {\"a\": 1}.\"a\"\n| .........^"},
  {line: 978, input: "\"\\xFh\"",
    expected: "ERROR: <input>:1:1: Syntax error: token recognition error at: '\"\\xFh'\n| \"\\xFh\"\n| ^\nERROR: <input>:1:6: Syntax error: token recognition error at: '\"'\n| \"\\xFh\"\n| .....^\nERROR: <input>:1:7: Syntax error: mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}\n| \"\\xFh\"\n| ......^"},
  {line: 991, input: "\"\\a\\b\\f\\n\\r\\t\\v\\'\\\"\\\\\\? Illegal escape \\>\"",
    expected: "ERROR: <input>:1:1: Syntax error: token recognition error at: '\"\\a\\b\\f\\n\\r\\t\\v\\'\\\"\\\\\\? Illegal escape \\>'\n| \"\\a\\b\\f\\n\\r\\t\\v\\'\\\"\\\\\\? Illegal escape \\>\"\n| ^\nERROR: <input>:1:42: Syntax error: token recognition error at: '\"'\n| \"\\a\\b\\f\\n\\r\\t\\v\\'\\\"\\\\\\? Illegal escape \\>\"\n| .........................................^\nERROR: <input>:1:43: Syntax error: mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}\n| \"\\a\\b\\f\\n\\r\\t\\v\\'\\\"\\\\\\? Illegal escape \\>\"\n| ..........................................^"},
  {line: 1015, input: "      '\ud83d\ude01' in ['\ud83d\ude01', '\ud83d\ude11', '\ud83d\ude26']\n\t\t\t&& in.\ud83d\ude01",
    expected: "ERROR: <input>:2:7: Syntax error: extraneous input 'in' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}\n|    && in.\ud83d\ude01\n| ......^\nERROR: <input>:2:10: Syntax error: token recognition error at: '\ud83d\ude01'\n|    && in.\ud83d\ude01\n| .........\uff3e\nERROR: <input>:2:11: Syntax error: no viable alternative at input '.'\n|    && in.\ud83d\ude01\n| .........\uff0e^"},
  {line: 1028, input: "as",
    expected: "ERROR: <input>:1:1: reserved identifier: as\n| as\n| ^"},
  {line: 1034, input: "break",
    expected: "ERROR: <input>:1:1: reserved identifier: break\n| break\n| ^"},
  {line: 1040, input: "const",
    expected: "ERROR: <input>:1:1: reserved identifier: const\n| const\n| ^"},
  {line: 1046, input: "continue",
    expected: "ERROR: <input>:1:1: reserved identifier: continue\n| continue\n| ^"},
  {line: 1052, input: "else",
    expected: "ERROR: <input>:1:1: reserved identifier: else\n| else\n| ^"},
  {line: 1058, input: "for",
    expected: "ERROR: <input>:1:1: reserved identifier: for\n| for\n| ^"},
  {line: 1064, input: "function",
    expected: "ERROR: <input>:1:1: reserved identifier: function\n| function\n| ^"},
  {line: 1070, input: "if",
    expected: "ERROR: <input>:1:1: reserved identifier: if\n| if\n| ^"},
  {line: 1076, input: "import",
    expected: "ERROR: <input>:1:1: reserved identifier: import\n| import\n| ^"},
  {line: 1082, input: "in",
    expected: "ERROR: <input>:1:1: Syntax error: mismatched input 'in' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}\n| in\n| ^\nERROR: <input>:1:3: Syntax error: mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}\n| in\n| ..^"},
  {line: 1091, input: "let",
    expected: "ERROR: <input>:1:1: reserved identifier: let\n| let\n| ^"},
  {line: 1097, input: "loop",
    expected: "ERROR: <input>:1:1: reserved identifier: loop\n| loop\n| ^"},
  {line: 1103, input: "package",
    expected: "ERROR: <input>:1:1: reserved identifier: package\n| package\n| ^"},
  {line: 1109, input: "namespace",
    expected: "ERROR: <input>:1:1: reserved identifier: namespace\n| namespace\n| ^"},
  {line: 1115, input: "return",
    expected: "ERROR: <input>:1:1: reserved identifier: return\n| return\n| ^"},
  {line: 1121, input: "var",
    expected: "ERROR: <input>:1:1: reserved identifier: var\n| var\n| ^"},
  {line: 1127, input: "void",
    expected: "ERROR: <input>:1:1: reserved identifier: void\n| void\n| ^"},
  {line: 1133, input: "while",
    expected: "ERROR: <input>:1:1: reserved identifier: while\n| while\n| ^"},
  {line: 1139, input: "[1, 2, 3].map(var, var * var)",
    expected: "ERROR: <input>:1:15: reserved identifier: var\n| [1, 2, 3].map(var, var * var)\n| ..............^\nERROR: <input>:1:15: argument is not an identifier\n| [1, 2, 3].map(var, var * var)\n| ..............^\nERROR: <input>:1:20: reserved identifier: var\n| [1, 2, 3].map(var, var * var)\n| ...................^\nERROR: <input>:1:26: reserved identifier: var\n| [1, 2, 3].map(var, var * var)\n| .........................^"},
  {line: 1154, input: "func{{a}}",
    expected: "ERROR: <input>:1:6: Syntax error: extraneous input '{' expecting {'}', ',', '?', IDENTIFIER, ESC_IDENTIFIER}\n| func{{a}}\n| .....^\nERROR: <input>:1:8: Syntax error: mismatched input '}' expecting ':'\n| func{{a}}\n| .......^\nERROR: <input>:1:9: Syntax error: extraneous input '}' expecting <EOF>\n| func{{a}}\n| ........^"},
  {line: 1166, input: "msg{:a}",
    expected: "ERROR: <input>:1:5: Syntax error: extraneous input ':' expecting {'}', ',', '?', IDENTIFIER, ESC_IDENTIFIER}\n| msg{:a}\n| ....^\nERROR: <input>:1:7: Syntax error: mismatched input '}' expecting ':'\n| msg{:a}\n| ......^"},
  {line: 1175, input: "{a}",
    expected: "ERROR: <input>:1:3: Syntax error: mismatched input '}' expecting ':'\n| {a}\n| ..^"},
  {line: 1181, input: "{:a}",
    expected: "ERROR: <input>:1:2: Syntax error: extraneous input ':' expecting {'[', '{', '}', '(', '.', ',', '-', '!', '?', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}\n| {:a}\n| .^\nERROR: <input>:1:4: Syntax error: mismatched input '}' expecting ':'\n| {:a}\n| ...^"},
  {line: 1190, input: "ind[a{b}]",
    expected: "ERROR: <input>:1:8: Syntax error: mismatched input '}' expecting ':'\n| ind[a{b}]\n| .......^"},
  {line: 1196, input: "--",
    expected: "ERROR: <input>:1:3: Syntax error: no viable alternative at input '-'\n| --\n| ..^\nERROR: <input>:1:3: Syntax error: mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}\n| --\n| ..^"},
  {line: 1205, input: "?",
    expected: "ERROR: <input>:1:1: Syntax error: mismatched input '?' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}\n| ?\n| ^\nERROR: <input>:1:2: Syntax error: mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}\n| ?\n| .^"},
  {line: 1214, input: "a ? b ((?))",
    expected: "ERROR: <input>:1:9: Syntax error: mismatched input '?' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}\n| a ? b ((?))\n| ........^\nERROR: <input>:1:10: Syntax error: mismatched input ')' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}\n| a ? b ((?))\n| .........^\nERROR: <input>:1:12: Syntax error: error recovery attempt limit exceeded: 4\n| a ? b ((?))\n| ...........^"},
  {line: 1226, input: "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n\t\t\t[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['too many']]]]]]]]]]]]]]]]]]]]]]]]]]]]\n\t\t\t]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    expected: "ERROR: <input>:-1:0: expression recursion limit exceeded: 32"},
  {line: 1280, input: "\u00f3\u00a0\u00a2\n\t\t\u00f3\u00a00\u00a0\n\t\t\u007f0\"\"\"\\\"\"\\\"\"\"\\\"\"\\\"\"\"\\\"\"\\\"\"\"\\\"\"\\\"\"\"\\\"\\\"\"\"\\\"\"\\\"\"\"\\\"\"\\\"\"\"\\\"\"\\\"\"\"\\\"!\\\"\"\"\\\"\"\\\"\"\"\\\"\"\\\"",
    expected: "ERROR: <input>:-1:0: error recovery token lookahead limit exceeded: 4\nERROR: <input>:1:1: Syntax error: token recognition error at: '\u00f3'\n| \u00f3\u00a0\u00a2\n| \uff3e\nERROR: <input>:1:2: Syntax error: token recognition error at: '\u00a0'\n| \u00f3\u00a0\u00a2\n| \uff0e\uff3e\nERROR: <input>:1:3: Syntax error: token recognition error at: '\u00a2'\n| \u00f3\u00a0\u00a2\n| \uff0e\uff0e\uff3e\nERROR: <input>:2:3: Syntax error: token recognition error at: '\u00f3'\n|   \u00f3\u00a00\u00a0\n| ..\uff3e\nERROR: <input>:2:4: Syntax error: token recognition error at: '\u00a0'\n|   \u00f3\u00a00\u00a0\n| ..\uff0e\uff3e\nERROR: <input>:2:6: Syntax error: token recognition error at: '\u00a0'\n|   \u00f3\u00a00\u00a0\n| ..\uff0e\uff0e.\uff3e\nERROR: <input>:3:3: Syntax error: token recognition error at: '\u007f'\n|   \u007f0\"\"\"\\\"\"\\\"\"\"\\\"\"\\\"\"\"\\\"\"\\\"\"\"\\\"\"\\\"\"\"\\\"\\\"\"\"\\\"\"\\\"\"\"\\\"\"\\\"\"\"\\\"\"\\\"\"\"\\\"!\\\"\"\"\\\"\"\\\"\"\"\\\"\"\\\"\n| ..^\nERROR: <input>:3:4: Syntax error: mismatched input '0' expecting <EOF>\n|   \u007f0\"\"\"\\\"\"\\\"\"\"\\\"\"\\\"\"\"\\\"\"\\\"\"\"\\\"\"\\\"\"\"\\\"\\\"\"\"\\\"\"\\\"\"\"\\\"\"\\\"\"\"\\\"\"\\\"\"\"\\\"!\\\"\"\"\\\"\"\\\"\"\"\\\"\"\\\"\n| ...^\nERROR: <input>:3:11: Syntax error: token recognition error at: '\\'\n|   \u007f0\"\"\"\\\"\"\\\"\"\"\\\"\"\\\"\"\"\\\"\"\\\"\"\"\\\"\"\\\"\"\"\\\"\\\"\"\"\\\"\"\\\"\"\"\\\"\"\\\"\"\"\\\"\"\\\"\"\"\\\"!\\\"\"\"\\\"\"\\\"\"\"\\\"\"\\\"\n| ..........^"},
  {line: 1591, input: "y!=y!=y!=y!=y!=y!=y!=y!=y!=-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y\n\t\t!=-y!=-y-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y\n\t\t!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y!=-y\n\t\t!=-y-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y\n\t\t!=-y!=-y-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y\n\t\t!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y",
    expected: "ERROR: <input>:-1:0: max recursion depth exceeded"},
  {line: 1601, input: "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['not fine']]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    expected: "ERROR: <input>:-1:0: expression recursion limit exceeded: 32"},
  {line: 1606, input: "1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10\n\t\t+ 11 + 12 + 13 + 14 + 15 + 16 + 17 + 18 + 19 + 20\n\t\t+ 21 + 22 + 23 + 24 + 25 + 26 + 27 + 28 + 29 + 30\n\t\t+ 31 + 32 + 33 + 34",
    expected: "ERROR: <input>:-1:0: max recursion depth exceeded"},
  {line: 1614, input: "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.A.B.C.D.E.F.G.H",
    expected: "ERROR: <input>:-1:0: max recursion depth exceeded"},
  {line: 1619, input: "a[1][2][3][4][5][6][7][8][9][10][11][12][13][14][15][16][17][18][19][20]\n\t\t     [21][22][23][24][25][26][27][28][29][30][31][32][33]",
    expected: "ERROR: <input>:-1:0: max recursion depth exceeded"},
  {line: 1625, input: "a < 1 < 2 < 3 < 4 < 5 < 6 < 7 < 8 < 9 < 10 < 11\n\t\t      < 12 < 13 < 14 < 15 < 16 < 17 < 18 < 19 < 20 < 21\n\t\t\t  < 22 < 23 < 24 < 25 < 26 < 27 < 28 < 29 < 30 < 31\n\t\t\t  < 32 < 33",
    expected: "ERROR: <input>:-1:0: max recursion depth exceeded"},
  {line: 1635, input: "a[1][2][3][4][5][6][7][8][9][10][11][12][13][14][15][16][17][18][19][20] !=\n\t\ta[1][2][3][4][5][6][7][8][9][10][11][12][13][14][15][16][17][18][19][20] !=\n\t\ta[1][2][3][4][5][6][7][8][9][10][11][12][13][14][15][16][17][18][19][20] !=\n\t\ta[1][2][3][4][5][6][7][8][9][10][11][12][13][14][15][16][17][18][19][20] !=\n\t\ta[1][2][3][4][5][6][7][8][9][10][11][12][13][14][15][16][17][18][19][20] !=\n\t\ta[1][2][3][4][5][6][7][8][9][10][11][12][13][14][15][16][17][18][19][20] !=\n\t\ta[1][2][3][4][5][6][7][8][9][10][11][12][13][14][15][16][17][18][19][20] !=\n\t\ta[1][2][3][4][5][6][7][8][9][10][11][12][13][14][15][16][17][18][19][20] !=\n\t\ta[1][2][3][4][5][6][7][8][9][10][11][12][13][14][15][16][17][18][19][20] !=\n\t\ta[1][2][3][4][5][6][7][8][9][10][11][12][13][14][15][16][17][18][19][20] !=\n\t\ta[1][2][3][4][5][6][7][8][9][10][11][12][13][14][15][16][17][18][19][20] !=\n\t\ta[1][2][3][4][5][6][7][8][9][10][11][12][13][14][15][16][17][18][19][20] !=\n\t\ta[1][2][3][4][5][6][7][8][9][10][11][12][13][14][15][16][17][18][19][20] !=\n\t\ta[1][2][3][4][5][6][7][8][9][10][11][12][13][14][15][16][17][18][19][20]",
    expected: "ERROR: <input>:-1:0: max recursion depth exceeded"},
  {line: 1652, input: "self.true == 1",
    expected: "ERROR: <input>:1:6: Syntax error: mismatched input 'true' expecting IDENTIFIER\n| self.true == 1\n| .....^"},
  {line: 1658, input: "a.?b && a[?b]",
    expected: "ERROR: <input>:1:2: unsupported syntax '.?'\n| a.?b && a[?b]\n| .^\nERROR: <input>:1:10: unsupported syntax '[?'\n| a.?b && a[?b]\n| .........^"},
  {line: 1709, input: "[?a, ?b]",
    expected: "ERROR: <input>:1:2: unsupported syntax '?'\n| [?a, ?b]\n| .^\nERROR: <input>:1:6: unsupported syntax '?'\n| [?a, ?b]\n| .....^"},
  {line: 1726, input: "Msg{?field: value} && {?'key': value}",
    expected: "ERROR: <input>:1:5: unsupported syntax '?'\n| Msg{?field: value} && {?'key': value}\n| ....^\nERROR: <input>:1:24: unsupported syntax '?'\n| Msg{?field: value} && {?'key': value}\n| .......................^"},
  {line: 1767, input: "`b-c`", options: {identEscapes: true},
    expected: "ERROR: <input>:1:1: Syntax error: mismatched input '`b-c`' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}\n| `b-c`\n| ^"},
  {line: 1774, input: "`b-c`()", options: {identEscapes: true},
    expected: "ERROR: <input>:1:1: Syntax error: extraneous input '`b-c`' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}\n| `b-c`()\n| ^\nERROR: <input>:1:7: Syntax error: mismatched input ')' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}\n| `b-c`()\n| ......^"},
  {line: 1784, input: "a.`$b`", options: {identEscapes: true},
    expected: "ERROR: <input>:1:3: Syntax error: token recognition error at: '`$'\n| a.`$b`\n| ..^\nERROR: <input>:1:6: Syntax error: token recognition error at: '`'\n| a.`$b`\n| .....^"},
  {line: 1794, input: "a.`b.c`()", options: {identEscapes: true},
    expected: "ERROR: <input>:1:8: Syntax error: mismatched input '(' expecting <EOF>\n| a.`b.c`()\n| .......^"},
  {line: 1801, input: "a.`b-c`",
    expected: "ERROR: <input>:1:3: unsupported syntax: '`'\n| a.`b-c`\n| ..^"},
  {line: 1808, input: "a.`b.c`",
    expected: "ERROR: <input>:1:3: unsupported syntax: '`'\n| a.`b.c`\n| ..^"},
  {line: 1815, input: "a.`in`",
    expected: "ERROR: <input>:1:3: unsupported syntax: '`'\n| a.`in`\n| ..^"},
  {line: 1822, input: "a.`/foo`",
    expected: "ERROR: <input>:1:3: unsupported syntax: '`'\n| a.`/foo`\n| ..^"},
  {line: 1829, input: "Message{`in`: true}",
    expected: "ERROR: <input>:1:9: unsupported syntax: '`'\n| Message{`in`: true}\n| ........^"},
  {line: 1848, input: "x{?.", options: {errorRecoveryLookaheadLimit: 10, errorRecoveryLimit: 10},
    expected: "ERROR: <input>:1:3: unsupported syntax '?'\n| x{?.\n| ..^\nERROR: <input>:1:4: Syntax error: mismatched input '.' expecting {IDENTIFIER, ESC_IDENTIFIER}\n| x{?.\n| ...^"},
  {line: 1862, input: "x{.",
    expected: "ERROR: <input>:1:3: Syntax error: mismatched input '.' expecting {'}', ',', '?', IDENTIFIER, ESC_IDENTIFIER}\n| x{.\n| ..^"},
  {line: 1869, input: "'3# < 10\" '& tru ^^", options: {errorReportingLimit: 2},
    expected: "ERROR: <input>:1:12: Syntax error: token recognition error at: '& '\n| '3# < 10\" '& tru ^^\n| ...........^\nERROR: <input>:1:18: Syntax error: token recognition error at: '^'\n| '3# < 10\" '& tru ^^\n| .................^\nERROR: <input>:1:19: Syntax error: More than 2 syntax errors\n| '3# < 10\" '& tru ^^\n| ..................^"},
  {line: 1884, input: "'\\udead' == '\\ufffd'",
    expected: "ERROR: <input>:1:1: invalid unicode code point\n| '\\udead' == '\\ufffd'\n| ^"},
];

describe("cel-go's parser_test.go error cases", () => {
  it.each(UPSTREAM)('line $line: $input', ({input, options, expected}) => {
    expect(stripped(display(input, {...TEST_PARSER, ...options}))).toBe(stripped(expected));
  });
});

/** Each error as `line:column: message` under Kubernetes' options. */
const errors = (input: string) => display(input).split('\n').filter((line) => line.startsWith('ERROR: ')).map((line) => line.slice('ERROR: <input>:'.length));
const EXPRESSION_START = "{'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}";

describe('what people type, as the API server (Kubernetes 1.33) words it', () => {
  it('`=` for `==`: the lexer refuses the lone `=` with the character after it, then the parser the operand left over', () => {
    expect(errors('self.replicas = 1')).toEqual(["1:15: Syntax error: token recognition error at: '= '", "1:17: Syntax error: extraneous input '1' expecting <EOF>"]);
  });

  it('a single `&` or `|`', () => {
    expect(errors('self.a & self.b')).toEqual(["1:8: Syntax error: token recognition error at: '& '", "1:10: Syntax error: mismatched input 'self' expecting <EOF>"]);
    expect(errors('self.a | self.b')[0]).toBe("1:8: Syntax error: token recognition error at: '| '");
  });

  it('a dangling operator: the expression that should follow, at the end', () => {
    expect(errors('self.a >')).toEqual([`1:9: Syntax error: mismatched input '<EOF>' expecting ${EXPRESSION_START}`]);
    expect(errors('size(self) > 0 &&')).toEqual([`1:18: Syntax error: mismatched input '<EOF>' expecting ${EXPRESSION_START}`]);
    expect(errors('self.b ? 1')).toEqual(["1:11: Syntax error: mismatched input '<EOF>' expecting ':'"]);
  });

  it('unbalanced parentheses and brackets: the missing one conjured at the end, an extra one refused', () => {
    expect(errors('(self.a > 1')).toEqual(["1:12: Syntax error: missing ')' at '<EOF>'"]);
    expect(errors('self.list[0')).toEqual(["1:12: Syntax error: missing ']' at '<EOF>'"]);
    expect(errors('size(self) > 1)')).toEqual(["1:15: Syntax error: extraneous input ')' expecting <EOF>"]);
    expect(errors('[1, 2')).toEqual(["1:6: Syntax error: mismatched input '<EOF>' expecting {']', ','}"]);
  });

  it('an unterminated string: the lexer gives the text it read, then the operand is missing', () => {
    expect(errors("self.name == 'abc")).toEqual(["1:14: Syntax error: token recognition error at: ''abc'", `1:18: Syntax error: mismatched input '<EOF>' expecting ${EXPRESSION_START}`]);
  });

  it('reserved words as names, and `self.` followed by nothing or by a keyword', () => {
    expect(errors('if self.a then 1')).toEqual(['1:1: reserved identifier: if', "1:4: Syntax error: mismatched input 'self' expecting <EOF>"]);
    expect(errors('var == package')).toEqual(['1:1: reserved identifier: var', '1:8: reserved identifier: package']);
    expect(errors('self.')).toEqual(["1:6: Syntax error: no viable alternative at input '.'"]);
    expect(errors('self.true == 1')).toEqual(["1:6: Syntax error: mismatched input 'true' expecting IDENTIFIER"]);
    // a reserved word is a field name after a dot
    expect(errors('self.package == 1')).toEqual([]);
  });

  it('number formats: a trailing dot or exponent, hexadecimal digits, and values out of range', () => {
    expect(errors('1.')).toEqual(["1:3: Syntax error: no viable alternative at input '.'"]);
    expect(errors('1e')).toEqual(["1:2: Syntax error: extraneous input 'e' expecting <EOF>"]);
    expect(errors('1e > 0')).toEqual(["1:2: Syntax error: mismatched input 'e' expecting <EOF>"]);
    expect(errors('0x1G')).toEqual(["1:4: Syntax error: extraneous input 'G' expecting <EOF>"]);
    expect(errors('self.a == 9223372036854775808')).toEqual(['1:11: invalid int literal']);
    expect(errors('-9223372036854775808 < 0 && 18446744073709551615u > 0u && .5 < 1e3 && 007 == 7')).toEqual([]);
  });

  it("macro arguments cel-go's expanders refuse", () => {
    expect(errors('has(self)')).toEqual(['1:5: invalid argument to has() macro']);
    expect(errors('self.map(1, x)')).toEqual(['1:10: argument is not an identifier']);
    expect(errors('self.all(k, k, true)')).toEqual(['1:13: duplicate variable name: k']);
    expect(errors('self.transformList(i, v.x, v)')).toEqual(['1:24: argument must be a simple name']);
  });

  it('accepts the optional syntax Kubernetes turns on (cel.OptionalTypes), and refuses backquoted names it does not', () => {
    expect(errors("self.a.?b.orValue('') == '' && self[?0].hasValue() && [?self.c] == [] && {?'k': self.d} == {}")).toEqual([]);
    expect(errors('self.`b-c` == 1')).toEqual(["1:6: unsupported syntax: '`'"]);
  });
});

describe('hostile input, in bounded time', () => {
  it('refuses nesting deeper than 250 while parsing, with no location', () => {
    expect(display(`${'('.repeat(300)}1${')'.repeat(300)} == 1`)).toBe('ERROR: <input>:-1:0: expression recursion limit exceeded: 250');
    expect(display(`${'['.repeat(251)}${']'.repeat(251)} == []`)).toBe('ERROR: <input>:-1:0: expression recursion limit exceeded: 250');
    expect(display(`${'('.repeat(249)}1${')'.repeat(249)} == 1`)).toBe('');
  });

  it('refuses a chain the visitor nests more than 250 deep (selections, arithmetic)', () => {
    expect(display(`self${'.a'.repeat(251)} == 1`)).toBe('ERROR: <input>:-1:0: max recursion depth exceeded');
    expect(display(Array.from({length: 300}, (_, i) => `${i}`).join(' + '))).toBe('ERROR: <input>:-1:0: max recursion depth exceeded');
  });

  it('refuses more than 100,000 code points without parsing', () => {
    expect(display(`self == '${'x'.repeat(100_000)}'`)).toBe('ERROR: <input>:-1:0: expression code point size exceeds limit: size: 100010, limit 100000');
  });

  it('stops at 100 syntax errors and says how many more there were', () => {
    const lines = display('@ '.repeat(150)).split('\n');
    expect(lines.filter((line) => line.startsWith('ERROR: '))).toHaveLength(100);
    expect(lines.at(-1)).toBe('1 more errors were truncated');
  });

  it('stops recovering after 30 attempts, and a recovery that would skip more than 256 tokens', () => {
    // each `?` without a value is a recovery; the 31st is refused and the parse stops there
    const recoveries = errors(`[${'?, '.repeat(40)}]`);
    expect(recoveries).toHaveLength(32);
    expect(recoveries.at(-1)).toBe('1:93: Syntax error: error recovery attempt limit exceeded: 30');
    expect(display(`1 ${'a '.repeat(300)}`)).toContain('ERROR: <input>:-1:0: error recovery token lookahead limit exceeded: 256');
    const started = performance.now();
    for (const input of ['('.repeat(99_000), '-'.repeat(99_000), `a${'.b'.repeat(49_000)}`, '@#$'.repeat(33_000), `f(${','.repeat(99_000)}`, '+'.repeat(99_000)]) syntaxIssues(input);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
