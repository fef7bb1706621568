/**
 * The bundle's text with every non-ASCII character written as a \u escape. esbuild escapes
 * them in strings but leaves them in regular expression literals (a `µs` duration unit, ours
 * and cel-js's), and one such character makes the whole 3 MB source a two-byte string: Node
 * then decodes the file on its slow UTF-8 path at every start (about 70 million instructions,
 * against 7 million for ASCII, under cachegrind) and V8 scans twice the bytes. Outside
 * comments (minified away) a non-ASCII character can only be in a string, template, regular
 * expression or identifier, where `\uXXXX` means the same code unit.
 */
export function asciiOnly(text) {
  return text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
