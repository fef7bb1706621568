/**
 * Splits a typed command line into words the way a POSIX shell would for the
 * commands a learner types: quotes, backslashes, comments, pipes and bash
 * process substitution `<(...)`. Pure: no DOM, no Node.
 */
export type Word = {kind: 'word'; text: string} | {kind: 'pipe'} | {kind: 'substitution'; inner: string};

export function splitWords(line: string): Word[] {
  const words: Word[] = [];
  let current = '';
  let inWord = false;
  const flush = (): void => {
    if (inWord) words.push({kind: 'word', text: current});
    current = '';
    inWord = false;
  };
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (char === '\\' && i + 1 < line.length) {
      current += line[++i];
      inWord = true;
    } else if (char === "'") {
      const end = line.indexOf("'", i + 1);
      current += line.slice(i + 1, end < 0 ? line.length : end);
      i = end < 0 ? line.length : end;
      inWord = true;
    } else if (char === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        // Inside double quotes a backslash only escapes these characters.
        if (line[j] === '\\' && '"\\$`'.includes(line[j + 1] ?? '')) j++;
        current += line[j];
      }
      i = j;
      inWord = true;
    } else if (/\s/.test(char)) {
      flush();
    } else if (char === '#' && !inWord) {
      break; // a comment runs to the end of the line
    } else if (char === '|' && line[i + 1] !== '|') {
      flush();
      words.push({kind: 'pipe'});
    } else if (char === '<' && line[i + 1] === '(' && !inWord) {
      const end = matchingParen(line, i + 1);
      words.push({kind: 'substitution', inner: line.slice(i + 2, end)});
      i = end;
    } else {
      // The rest of a plain run in one slice, not character by character: a pasted line can be long.
      PLAIN_REST.lastIndex = i + 1;
      const rest = PLAIN_REST.exec(line)![0];
      current += char + rest;
      i += rest.length;
      inWord = true;
    }
  }
  flush();
  return words;
}

/** Characters that go on a word as they are once it has started (`#` and `<(` are only special at its start). */
const PLAIN_REST = /[^\s\\'"|]*/y;

function matchingParen(line: string, open: number): number {
  let depth = 0;
  for (let i = open; i < line.length; i++) {
    if (line[i] === '(') depth++;
    else if (line[i] === ')' && --depth === 0) return i;
  }
  return line.length;
}
