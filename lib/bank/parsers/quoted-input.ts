/**
 * Input quoted in an error message: in double quotes, control characters made visible (`\n`, `\t`) and cut
 * at `max` characters with `…`, so a swallowed file or a huge field cannot flood a document's errors.
 */
export function quotedInput(raw: string, max = 40): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is made visible here.
  const visible = raw.replace(/[\u0000-\u001f\u007f]/g, (char) => {
    if (char === '\n') return '\\n';
    if (char === '\r') return '\\r';
    if (char === '\t') return '\\t';
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  const chars = [...visible];
  return `"${chars.length > max ? `${chars.slice(0, max).join('')}…` : visible}"`;
}
