import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {readSeed, repairMojibake, SEED_MISSING_REASON, seedAvailable} from './seed';
import {SEED_OUTLINE} from './seed-outline';

function mdxFiles(directory: string): string[] {
  return readdirSync(directory, {withFileTypes: true}).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return mdxFiles(path);
    return /\.mdx?$/.test(entry.name) ? [path] : [];
  });
}

const docs = mdxFiles('docs').map((path) => readFileSync(path, 'utf8'));

describe('repairMojibake', () => {
  it('turns the seed\'s double-encoded target emoji back into 🎯', () => {
    expect(repairMojibake('ðŸŽ¯ Learning Objectives')).toBe('🎯 Learning Objectives');
  });

  it('leaves correct text alone', () => {
    expect(repairMojibake('Ingress & Load Balancing — café 🎯')).toBe('Ingress & Load Balancing — café 🎯');
  });
});

describe.skipIf(!seedAvailable)(`the book against the seed chapter${seedAvailable ? '' : ` (skipped: ${SEED_MISSING_REASON})`}`, () => {
  const seed = seedAvailable ? readSeed() : {headings: [], codeBlocks: []};

  it('places every seed heading on a page, in the seed\'s order', () => {
    const outlined = SEED_OUTLINE.flatMap((page) => page.headings);
    const seedHeadings = seed.headings.filter((heading) => !heading.startsWith('Next Chapter'));
    // The outline may add headings of its own (the next-chapter page); the seed's must all be there, in order.
    const positions = seedHeadings.map((heading) => outlined.indexOf(heading));
    expect(positions.filter((position) => position < 0), `missing: ${seedHeadings.filter((_, i) => positions[i]! < 0).join(', ')}`).toEqual([]);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('shows every YAML block and command of the seed unchanged', () => {
    expect(seed.codeBlocks.length).toBeGreaterThanOrEqual(5);
    for (const block of seed.codeBlocks) {
      const fenced = `\`\`\`${block.language}`;
      const present = docs.some((doc) => doc.includes(block.code) && doc.includes(fenced));
      expect(present, `seed ${block.language} block starting "${block.code.split('\n')[0]}"`).toBe(true);
    }
  });

  it('never shows the double-encoded emoji', () => {
    expect(docs.length, 'chapter pages found in docs/').toBeGreaterThanOrEqual(SEED_OUTLINE.length);
    for (const doc of docs) expect(doc).not.toMatch(/ðŸ/);
  });
});
