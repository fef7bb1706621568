/**
 * The request to simulate, and a parser for the curl-like text the CLI and the
 * exercises use: `[METHOD] URL [-H 'name: value']... [-X METHOD]`.
 */
import {setOwn} from '../engine/model/own';

export class RequestSyntaxError extends Error {
  override name = 'RequestSyntaxError';
}

export interface SimRequest {
  method: string;
  scheme: 'http' | 'https';
  /** Host as written (no port), lowercase. */
  host: string;
  /** Port written in the URL; undefined means "the Service's port" (see simulate.ts). */
  port?: number;
  /** Path without the query string. */
  path: string;
  /** Raw query string without `?` ('' when none). */
  query: string;
  /** Lowercase header names (Envoy compares header names case-insensitively). */
  headers: Record<string, string>;
}

const METHODS = /^[A-Z]+$/;

/** Splits like a POSIX shell: whitespace separates, quotes group, backslash escapes. */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < text.length) current += text[++i];
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < text.length) {
      current += text[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (quote) throw new RequestSyntaxError(`unterminated ${quote} quote in request`);
  if (inWord) words.push(current);
  return words;
}

export function parseRequest(text: string): SimRequest {
  const words = shellWords(text);
  let method: string | undefined;
  let url: string | undefined;
  const headers: Record<string, string> = {};
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === '-H' || word === '--header') {
      const header = words[++i];
      if (header === undefined) throw new RequestSyntaxError(`${word} needs a value like "end-user: jason"`);
      const colon = header.indexOf(':');
      if (colon <= 0) throw new RequestSyntaxError(`header ${JSON.stringify(header)} must look like name:value`);
      setOwn(headers, header.slice(0, colon).trim().toLowerCase(), header.slice(colon + 1).trim());
    } else if (word === '-X' || word === '--request') {
      const value = words[++i];
      if (value === undefined) throw new RequestSyntaxError(`${word} needs a method`);
      method = value.toUpperCase();
    } else if (word.startsWith('-')) {
      throw new RequestSyntaxError(`unknown request option ${JSON.stringify(word)} (use -H name:value or -X METHOD)`);
    } else if (url === undefined && method === undefined && METHODS.test(word)) {
      method = word;
    } else if (url === undefined) {
      url = word;
    } else {
      throw new RequestSyntaxError(`unexpected ${JSON.stringify(word)}: give one URL`);
    }
  }
  if (url === undefined) throw new RequestSyntaxError('the request needs a URL, e.g. "GET http://reviews:9080/"');
  return {method: method ?? 'GET', headers, ...parseUrl(url)};
}

function parseUrl(url: string): Pick<SimRequest, 'scheme' | 'host' | 'port' | 'path' | 'query'> {
  const match = /^(?:(https?):\/\/)?([^/?#:]+|\[[^\]]+\])(?::([0-9]+))?([^?#]*)(?:\?([^#]*))?(?:#.*)?$/i.exec(url);
  if (!match) throw new RequestSyntaxError(`cannot read URL ${JSON.stringify(url)}: expected http://host[:port]/path`);
  const port = match[3] === undefined ? undefined : Number(match[3]);
  if (port !== undefined && (port < 1 || port > 65535)) throw new RequestSyntaxError(`port ${port} is out of range`);
  return {
    scheme: (match[1]?.toLowerCase() ?? 'http') as 'http' | 'https',
    host: match[2]!.toLowerCase(),
    port,
    path: match[4] || '/',
    query: match[5] ?? '',
  };
}

/** Query parameters as Envoy reads them: decoded, first value per name wins. */
export function queryParams(query: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decode(eq < 0 ? part : part.slice(0, eq));
    if (!params.has(name)) params.set(name, decode(eq < 0 ? '' : part.slice(eq + 1)));
  }
  return params;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

export function formatRequest(request: SimRequest, port: number | undefined = request.port): string {
  const headers = Object.entries(request.headers).map(([k, v]) => ` -H '${k}: ${v}'`).join('');
  return `${request.method} ${request.scheme}://${request.host}${port === undefined ? '' : `:${port}`}${request.path}${request.query ? `?${request.query}` : ''}${headers}`;
}
