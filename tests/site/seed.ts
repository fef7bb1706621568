import {readFileSync} from 'node:fs';
import {sharedFile} from '../support/shared';

/** The seed chapter, read from ../shared (absent in a user's clone: callers skip then; under CI it must be there). */
const seed = sharedFile('seed/service-mesh-deep-dive.md', 'the seed chapter');
export const SEED_PATH = seed.path;
export const seedAvailable = seed.available;
export const SEED_MISSING_REASON = seed.reason;

// Windows-1252's characters in 0x80–0x9F, which UTF-8 text shows when misread as that code page.
const CP1252_HIGH: Record<string, number> = {
  '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89, 'Š': 0x8a,
  '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97,
  '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
};

/** Undoes double encoding (UTF-8 read as Windows-1252), as the seed's `ðŸŽ¯` for 🎯. */
export function repairMojibake(text: string): string {
  return text.replace(/[\u00c2-\u00f4][\u0080-\u00bf\u0152-\u2122]{1,3}/g, (run) => {
    const bytes = [...run].map((char) => CP1252_HIGH[char] ?? char.charCodeAt(0));
    if (bytes.some((byte) => byte > 0xff)) return run;
    const decoded = Buffer.from(bytes).toString('utf8');
    return decoded.includes('\ufffd') ? run : decoded;
  });
}

export interface SeedCodeBlock {
  language: string;
  code: string;
}

export interface Seed {
  /** Headings as a reader meets them: Markdown headings, admonition titles, bold labels, list of recommendations. */
  headings: string[];
  codeBlocks: SeedCodeBlock[];
}

export function readSeed(): Seed {
  const text = repairMojibake(readFileSync(SEED_PATH, 'utf8'));
  const headings: string[] = [];
  const codeBlocks: SeedCodeBlock[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const fence = /^```(\w*)/.exec(line);
    if (fence) {
      const body: string[] = [];
      while (++index < lines.length && !lines[index]!.startsWith('```')) body.push(lines[index]!);
      codeBlocks.push({language: fence[1]!, code: body.join('\n')});
      continue;
    }
    const markdownHeading = /^#{1,6}\s+(.*)$/.exec(line);
    const htmlHeading = /<h\d[^>]*>(.*?)<\/h\d>/.exec(line);
    const admonition = /^!!!\s+\w+\s+"(.*)"/.exec(line);
    const boldLabel = /^\*\*([^*]+):\*\*\s*$/.exec(line);
    const recommendation = /^\s+\d+\.\s+(.*)$/.exec(line);
    const found = markdownHeading?.[1] ?? htmlHeading?.[1] ?? admonition?.[1] ?? boldLabel?.[1] ?? recommendation?.[1];
    if (found) headings.push(found.trim());
  }
  return {headings, codeBlocks};
}
