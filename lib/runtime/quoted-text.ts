/**
 * How messages quote outside input: cut, so a swallowed file or a huge field cannot flood an error list or a
 * log line, and with control characters made visible, so a quoted value cannot forge a line of its own.
 * Lengths count code points, so a cut never splits a surrogate pair.
 */

const ELLIPSIS = '…';

/** `text` with at most `max` characters; when cut, the last of them is `…`. */
export function truncateText(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}${ELLIPSIS}`;
}

/** `text` with C0 controls and DEL written as escapes (`\n`, `\r`, `\t`, `\u0000`). */
export function visibleControls(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is made visible here.
  return text.replace(/[\u0000-\u001f\u007f]/g, (char) => {
    if (char === '\n') return '\\n';
    if (char === '\r') return '\\r';
    if (char === '\t') return '\\t';
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** Input as an error message quotes it: in double quotes, controls visible, at most `max` characters inside. */
export function quoteText(raw: string, max = 40): string {
  return `"${truncateText(visibleControls(raw), max)}"`;
}
