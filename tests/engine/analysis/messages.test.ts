/**
 * The message table: istioctl's (generated from its messages.yaml) must be the reference's,
 * name for name; the project's own must not reuse istioctl's names or codes; templates are
 * filled as Go's fmt.Sprintf fills them.
 */
import {readFileSync} from 'node:fs';
import {load} from 'js-yaml';
import {describe, expect, it} from 'vitest';
import {MESSAGE_TABLE} from '../../../src/engine/analysis/messages.generated';
import {PROJECT_MESSAGE_TABLE} from '../../../src/engine/analysis/messages.project';
import {formatTemplate, messageText, messageType, messageTypeByCode} from '../../../src/engine/analysis/messages';
import {CODES} from '../../../src/engine/codes';
import {sharedFile} from '../../support/shared';

const reference = sharedFile('reference/istio-1.30.3/analysis-messages.yaml', "istioctl's analysis message table");

describe.skipIf(!reference.available)("istioctl's message table (pkg/config/analysis/msg/messages.yaml at 1.30.3)", () => {
  const {messages} = load(reference.available ? readFileSync(reference.path, 'utf8') : 'messages: []') as {
    messages: Array<{name: string; code: string; level: string; template: string}>;
  };

  it('has every message of the reference with its code, level and template, and no other', () => {
    const table = Object.fromEntries(Object.entries(MESSAGE_TABLE).map(([name, m]) => [name, {code: m.code, level: m.level, template: m.template}]));
    const expected = Object.fromEntries(messages.map((m) => [m.name, {code: m.code, level: m.level, template: m.template}]));
    expect(messages.length).toBeGreaterThan(60);
    expect(table).toEqual(expected);
  });
});

describe("the project's own messages", () => {
  it('reuse neither a name nor a code of istioctl', () => {
    const istioCodes = new Set<string>(Object.values(MESSAGE_TABLE).map((m) => m.code));
    for (const [name, m] of Object.entries(PROJECT_MESSAGE_TABLE)) {
      expect(Object.keys(MESSAGE_TABLE)).not.toContain(name);
      expect(istioCodes.has(m.code)).toBe(false);
    }
  });

  it("are the codes CODES exports, and its two istioctl codes (used by the webhook rules) are the table's", () => {
    expect(CODES.duplicateResource).toBe(PROJECT_MESSAGE_TABLE.DuplicateResource.code);
    expect(CODES.virtualServiceUnreachableRule).toBe(MESSAGE_TABLE.VirtualServiceUnreachableRule.code);
    expect(CODES.virtualServiceIneffectiveMatch).toBe(MESSAGE_TABLE.VirtualServiceIneffectiveMatch.code);
  });

  it('are found by their code like istioctl messages', () => {
    expect(messageTypeByCode('duplicate-resource')?.name).toBe('DuplicateResource');
    expect(messageTypeByCode('IST0101')?.name).toBe('ReferencedResourceNotFound');
    expect(messageType('DuplicateResource').level).toBe('Warning');
  });
});

describe('templates filled as fmt.Sprintf fills them', () => {
  it('quotes %q as strconv.Quote and prints %v of a list as a Go slice', () => {
    expect(messageText('ReferencedResourceNotFound', ['host', 'a"b'])).toBe('Referenced host not found: "a\\"b"');
    expect(messageText('MultipleSidecarsWithoutWorkloadSelectors', [['a', 'b'], 'ns'])).toBe(
      'The Sidecars [a b] in namespace "ns" have no workload selector, which can lead to undefined behavior.');
  });

  it('says a missing parameter as Go does, and keeps %%', () => {
    expect(formatTemplate('%s and %d%%', ['x'])).toBe('x and %!d(MISSING)%');
  });
});
