/** Turns js-yaml's syntax errors into messages that name the real mistake. */
import {lineStartOf, nextLineBreak} from './lines';

export interface SyntaxProblem {
  start: number;
  end: number;
  code: string;
  message: string;
}

/** An opening quote on one line whose string runs past it: js-yaml reports only the fallout. */
function findUnterminatedQuote(text: string, from: number, to: number): number | undefined {
  let lineStart = from;
  while (lineStart < to) {
    const lineBreak = nextLineBreak(text, lineStart, to);
    const lineEnd = lineBreak === -1 ? to : lineBreak;
    const line = text.slice(lineStart, lineEnd);
    const opening = /(?:^|[:\-?,[{]\s+|^\s*)(["'])/.exec(line);
    if (opening && !/^\s*#/.test(line)) {
      const quote = opening[1]!;
      const quoteAt = opening.index + opening[0].length - 1;
      const rest = line.slice(quoteAt + 1);
      const closed = quote === '"' ? /(^|[^\\])(\\\\)*"/.test(rest) : rest.replace(/''/g, '').includes("'");
      if (!closed) return lineStart + quoteAt;
    }
    lineStart = lineEnd + 1;
  }
  return undefined;
}

/** The innermost `[` or `{` still open at `to`, skipping quoted text and comments. */
function findUnclosedBracket(text: string, from: number, to: number): number | undefined {
  const open: number[] = [];
  let quote: string | undefined;
  for (let i = from; i < to; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = undefined;
      else if ((ch === '\n' || ch === '\r') && open.length === 0) quote = undefined;
      continue;
    }
    if (ch === '#' && (i === from || /\s/.test(text[i - 1]!))) {
      const lineBreak = nextLineBreak(text, i);
      i = lineBreak === -1 ? to : lineBreak;
      continue;
    }
    if ((ch === '"' || ch === "'") && (open.length > 0 || /[\s:\-[{,]/.test(text[i - 1] ?? ' '))) quote = ch;
    else if (ch === '[' || ch === '{') {
      // Only flow indicators that start a value, not brackets inside plain text.
      if (open.length > 0 || /(^|[\s:,\-])$/.test(text.slice(Math.max(from, i - 1), i))) open.push(i);
    } else if ((ch === ']' || ch === '}') && open.length) open.pop();
  }
  return open.length ? open[open.length - 1] : undefined;
}

export function describeSyntaxError(text: string, chunkStart: number, errorAt: number, reason: string): SyntaxProblem {
  const lineStart = lineStartOf(text, errorAt);
  const lineEndRaw = nextLineBreak(text, errorAt);
  const lineEnd = lineEndRaw === -1 ? text.length : lineEndRaw;

  if (/tab/i.test(reason)) {
    const tab = text.indexOf('\t', lineStart);
    const at = tab !== -1 && tab < lineEnd ? tab : errorAt;
    return {start: at, end: at + 1, code: 'yaml-tab-indentation',
      message: 'tab character used for indentation: YAML indentation must use spaces'};
  }
  if (/deficient indentation|end of the stream within a (single|double) quoted|unexpected end of the stream within a quoted/i.test(reason)) {
    const quoteAt = findUnterminatedQuote(text, chunkStart, errorAt);
    if (quoteAt !== undefined) {
      return {start: quoteAt, end: quoteAt + 1, code: 'yaml-unterminated-string',
        message: `unterminated quoted string: the ${text[quoteAt] === '"' ? 'double' : 'single'} quote opened here is never closed`};
    }
  }
  if (/deficient indentation|within a flow collection|missed comma|expected the node content/i.test(reason)) {
    const bracketAt = findUnclosedBracket(text, chunkStart, errorAt);
    if (bracketAt !== undefined) {
      const kind = text[bracketAt] === '[' ? 'flow sequence' : 'flow mapping';
      const closer = text[bracketAt] === '[' ? ']' : '}';
      return {start: bracketAt, end: bracketAt + 1, code: 'yaml-unclosed-bracket',
        message: `unclosed ${kind}: the '${text[bracketAt]}' opened here has no matching '${closer}'`};
    }
  }
  const end = errorAt < lineEnd ? lineEnd : Math.min(errorAt + 1, text.length);
  const code = /indentation/i.test(reason) ? 'yaml-indentation' : 'yaml-syntax';
  return {start: errorAt, end: Math.max(end, errorAt), code, message: `YAML syntax error: ${reason}`};
}
