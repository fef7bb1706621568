/**
 * The adversarial inputs of issue 9, kept as fixtures: each says what it attacks. YAML
 * that reads well as a file lives in tests/fixtures/hostile/ (its comment says the same);
 * inputs that are mostly size or invisible characters are built here, at the scale that
 * proves the point and no larger (the suite runs on 2 cores in well under a minute).
 * Every YAML input goes through every face that reads YAML (validation, the simulator,
 * the routing diagram, completion); terminal lines, share links and CLI invocations have
 * their own lists.
 */
import {readFileSync} from 'node:fs';
import type {LabRequestInput} from '../../src/simulator/lab-request';

export interface HostileYaml {
  name: string;
  /** What the input attacks, and how. */
  attacks: string;
  text: string;
  /** A request from the lab's request panel that drives the simulator through the hostile part. */
  request: LabRequestInput;
  /** Inputs at full size get the large-case bound; the rest the ordinary one. */
  large?: boolean;
}

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/hostile/${name}`, import.meta.url), 'utf8');
const canary = readFileSync(new URL('../fixtures/reviews-canary.yaml', import.meta.url), 'utf8');
const get = (path: string, headers: Record<string, string> = {}): LabRequestInput => ({method: 'GET', host: 'reviews', path, headers});

/** A VirtualService for reviews in default, named `name`, sending everything to `subset`. */
function reviewsVs(name: string, subset: string): string {
  return `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews, subset: ${subset}}\n`;
}

/** Sizes of the generated inputs (issue 9 names larger ones for the CLI: 2.5M documents; these prove the same point). */
export const SIZES = {
  /** VirtualServices for one host: a report naming every other one per resource is quadratic (IST0109). */
  virtualServicesForOneHost: 20_000,
  /** Tiny documents in one stream. */
  tinyDocuments: 10_000,
  /** `- ` repeated on one YAML line, for completion. */
  sequenceMarkers: 60_000,
  /** A pasted terminal line, in characters. */
  pastedLine: 200 * 1024,
} as const;

export const HOSTILE_YAML: readonly HostileYaml[] = [
  {
    name: 'header regex: `.*` a hundred times then `!`',
    attacks: 'backtracking in the simulator\'s header regex (degree-100 polynomial on a value without `!`)',
    text: fixture('redos-dotstar-header.yaml'),
    request: get('/', {'end-user': 'a'.repeat(40)}),
  },
  {
    name: 'uri regex `/(a+)+b` against `/` and forty `a`s',
    attacks: 'exponential backtracking in the simulator\'s URI regex',
    text: fixture('redos-nested-quantifier-uri.yaml'),
    request: get(`/${'a'.repeat(40)}`),
  },
  {
    name: 'uri regex `(a{2}){600}`',
    attacks: 'nested repeats above RE2\'s limit of 1000 (Go: invalid repeat count)',
    text: fixture('regex-invalid-repeat-count.yaml'),
    request: get(`/${'a'.repeat(1200)}`),
  },
  {
    name: 'header value with a Mermaid `%%{init}%%` directive',
    attacks: 'directive injection into the routing diagram (restyling, a fetched URL)',
    text: fixture('mermaid-directive-injection.yaml'),
    request: get('/', {'end-user': "%%{init: {'themeCSS':'.node{background-image:url(http://example.invalid/x.png)}'}}%%"}),
  },
  {
    name: 'a Deployment with 100,000,000 replicas',
    attacks: 'pods listed one by one in the simulator and the diagram',
    text: fixture('replicas-hundred-million.yaml'),
    request: get('/'),
  },
  {
    name: 'a Deployment with replicas: 1e20',
    attacks: 'a float replica count above int32 and above 2^53',
    text: fixture('replicas-1e20.yaml'),
    request: get('/'),
  },
  {
    name: '`constructor`, `toString` and `__proto__` as header and query parameter names',
    attacks: 'inherited members of Object.prototype found by key lookups; prototype replacement',
    text: fixture('own-keys.yaml'),
    request: get('/'),
  },
  {
    name: '`constructor` and `__proto__` as field names and label keys',
    attacks: 'schema lookups by field name that find Object.prototype\'s members; label maps',
    text: fixture('own-keys-as-fields.yaml'),
    request: get('/'),
  },
  {
    name: 'YAML escapes producing ESC, BEL, CR and U+009B in names, hosts and header values',
    attacks: 'terminal control sequences in messages printed by the CLI',
    text: fixture('control-escapes.yaml'),
    request: get('/', {'x-\u001b[31mred': '\u009b31m'}),
  },
  {
    name: 'CR-only line endings',
    attacks: 'line counting: YAML 1.2 breaks lines at CR, the editors at CR too; positions must stay inside the text',
    text: canary.replace(/\n/g, '\r'),
    request: get('/'),
  },
  {
    name: 'a byte order mark after `---`',
    attacks: 'a BOM inside the stream (allowed only at its start), shifting columns',
    text: canary.replace(/^---\n/m, '---\n\ufeff'),
    request: get('/'),
  },
  {
    name: 'the empty text',
    attacks: 'every face with nothing to read',
    text: '',
    request: get('/'),
  },
  {
    name: `${SIZES.virtualServicesForOneHost.toLocaleString('en')} VirtualServices for one host`,
    attacks: 'quadratic work and quadratic output in duplicate-host analysis (IST0109) and in the simulator\'s choice',
    text: Array.from({length: SIZES.virtualServicesForOneHost}, (_, i) => reviewsVs(`reviews-${i}`, i % 2 ? 'v1' : 'v2')).join('---\n'),
    request: get('/'),
    large: true,
  },
  {
    name: `${SIZES.tinyDocuments.toLocaleString('en')} tiny documents`,
    attacks: 'per-document overhead in the stream (issue 9\'s 2.5M documents, at a unit-test scale)',
    text: '---\na: 1\n'.repeat(SIZES.tinyDocuments),
    request: get('/'),
    large: true,
  },
  {
    name: `a YAML line of ${SIZES.sequenceMarkers.toLocaleString('en')} \`- \``,
    attacks: 'completion\'s indentation scan and the parser\'s nesting (60,000 nested sequences on one line)',
    text: `${reviewsVs('reviews', 'v1')}  tcp:\n  ${'- '.repeat(SIZES.sequenceMarkers)}\n`,
    request: get('/'),
    large: true,
  },
];

/** Where completion is asked in a hostile text: its start, the end of its longest line, its end. */
export function completionPositions(text: string): Array<{line: number; column: number}> {
  const lines = text.split('\n');
  let longest = 0;
  lines.forEach((line, i) => {
    if (line.length > lines[longest]!.length) longest = i;
  });
  return [
    {line: 1, column: 1},
    {line: longest + 1, column: lines[longest]!.length + 1},
    {line: lines.length, column: lines[lines.length - 1]!.length + 1},
  ];
}

export interface HostileKeystrokes {
  name: string;
  attacks: string;
  /** xterm onData chunks, in order. */
  chunks: readonly string[];
  large?: boolean;
}

const CSI_8BIT = '\u009b';

export const HOSTILE_KEYSTROKES: readonly HostileKeystrokes[] = [
  {
    name: `a pasted line of ${SIZES.pastedLine / 1024} KB`,
    attacks: 'per-character redraws, command normalisation and the echo of an unknown command',
    chunks: [`kubectl get pods ${'a'.repeat(SIZES.pastedLine)}\r`],
    large: true,
  },
  {
    name: `a ${SIZES.pastedLine / 1024} KB pasted line, completed with Tab, edited in the middle`,
    attacks: 'completion and redraws on a long buffer',
    chunks: [`k get ${'x'.repeat(SIZES.pastedLine)}`, '\t', '\u001b[D'.repeat(3), 'y', '\r'],
    large: true,
  },
  {
    name: 'C1 control U+009B typed',
    attacks: 'the one-character CSI: echoed raw, xterm starts a control sequence (`\\u009b2J` clears the screen)',
    chunks: ['k', 'u', 'b', 'e', CSI_8BIT, '2', 'J', '\r'],
  },
  {
    name: 'C1 control U+009B pasted inside a command',
    attacks: 'the echo of the typed line and the "no output for" reply, which quotes it',
    chunks: [`kubectl get ${CSI_8BIT}2J${CSI_8BIT}31mpods\r`],
  },
  {
    name: 'ESC sequences pasted inside a command',
    attacks: 'OSC (window title) and SGR sequences carried in pasted text',
    chunks: ['kubectl get \u001b]0;pwned\u0007pods \u001b[31mred\r'],
  },
  {
    name: 'other C1 controls and DEL pasted',
    attacks: 'NEL, OSC, ST, DCS as single characters',
    chunks: ['echo \u0085\u008d\u0090\u009c\u009d\u007f done\r'],
  },
];

export interface HostileShareLink {
  name: string;
  attacks: string;
  hash: string;
  large?: boolean;
}

export const HOSTILE_SHARE_LINKS: readonly HostileShareLink[] = [
  {name: 'a payload one character over the limit', attacks: 'the size check\'s boundary', hash: `#lab-demo=${'A'.repeat(24 * 1024 + 1)}`},
  {name: 'a 4 MB payload', attacks: 'decoding before the size check (time and memory)', hash: `#lab-demo=${'A'.repeat(4 * 1024 * 1024)}`, large: true},
  {name: '1,000,000 `&` separators', attacks: 'the split of the fragment into entries', hash: `#${'&'.repeat(1_000_000)}lab-demo=aGk`, large: true},
  {name: 'base64 of bytes that are not UTF-8', attacks: 'decoding as text', hash: '#lab-demo=__79_g'},
  {name: 'characters outside base64url', attacks: 'the alphabet check', hash: '#lab-demo=aGk%3Cscript%3E'},
  {name: 'a payload of one character', attacks: 'impossible base64 length', hash: '#lab-demo=a'},
  {name: 'an empty payload', attacks: 'the empty edit', hash: '#lab-demo='},
  {name: 'the same block twice', attacks: 'which entry wins', hash: '#lab-demo=aGk&lab-demo=aG8'},
];
