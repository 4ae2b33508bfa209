import { FormBodyError } from './form-body-error.ts';

/** Largest form body read (the sign-in and token forms are well under 8 KB). */
export const MAX_FORM_BYTES = 16 * 1024;
const MAX_FIELDS = 32;

/**
 * An `application/x-www-form-urlencoded` body as fields (first value of a repeated name wins, like the
 * token endpoint's rule that parameters appear once: a repeated one is refused). Never throws anything but
 * FormBodyError: for too many fields, a repeated field, or a body over MAX_FORM_BYTES.
 */
export function parseFormBody(body: string): Map<string, string> {
  if (Buffer.byteLength(body) > MAX_FORM_BYTES)
    throw new FormBodyError('(body)', `form body over ${MAX_FORM_BYTES} bytes`);
  const fields = new Map<string, string>();
  if (body === '') return fields;
  for (const pair of body.split('&')) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    const name = decode(at === -1 ? pair : pair.slice(0, at));
    const value = at === -1 ? '' : decode(pair.slice(at + 1));
    if (fields.has(name))
      throw new FormBodyError(name, `form field ${JSON.stringify(name.slice(0, 40))} appears twice`);
    fields.set(name, value);
    if (fields.size > MAX_FIELDS) throw new FormBodyError('(body)', `more than ${MAX_FIELDS} form fields`);
  }
  return fields;
}

/** Percent-decoding with `+` as space; a malformed escape is kept as written rather than throwing. */
function decode(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced.replace(/%([0-9A-Fa-f]{2})/g, (match, hex: string) => {
      const code = Number.parseInt(hex, 16);
      return code < 0x80 ? String.fromCharCode(code) : match;
    });
  }
}
