import { UnsafeXmlError } from '../errors.ts';

/** Encodings we accept; everything else is refused rather than guessed. */
const SUPPORTED: Record<string, string> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-16': 'utf-16le',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'iso-8859-15': 'iso-8859-15',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'us-ascii': 'utf-8',
  ascii: 'utf-8',
};

/** Characters XML 1.0 forbids (C0 controls except tab, LF, CR); their presence means binary junk. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find control characters
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function declaredEncoding(head: string): string | undefined {
  const decl = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head);
  return decl?.[1]?.toLowerCase();
}

/**
 * Turns raw bytes into text: the BOM wins, then a UTF-16 signature without BOM, then the XML declaration,
 * else UTF-8. Decoding is strict (fatal) so undecodable input is refused instead of silently mangled.
 */
export function decodeXmlBytes(bytes: Uint8Array, maxBytes: number): string {
  if (bytes.byteLength === 0) throw new UnsafeXmlError('XML-EMPTY', 'the file is empty');
  if (bytes.byteLength > maxBytes) {
    throw new UnsafeXmlError(
      'XML-SIZE',
      `the file has ${bytes.byteLength} bytes, more than the limit of ${maxBytes}`,
    );
  }
  let encoding: string;
  let offset = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    encoding = 'utf-8';
    offset = 3;
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    encoding = 'utf-16le';
    offset = 2;
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    encoding = 'utf-16be';
    offset = 2;
  } else if (bytes[0] === 0x3c && bytes[1] === 0x00 && bytes[2] === 0x3f && bytes[3] === 0x00) {
    encoding = 'utf-16le';
  } else if (bytes[0] === 0x00 && bytes[1] === 0x3c && bytes[2] === 0x00 && bytes[3] === 0x3f) {
    encoding = 'utf-16be';
  } else {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.byteLength, 512)));
    const declared = declaredEncoding(head);
    if (declared === undefined) encoding = 'utf-8';
    else {
      const known = SUPPORTED[declared];
      if (!known)
        throw new UnsafeXmlError('XML-ENCODING', `the declared encoding "${declared}" is not supported`);
      // A UTF-16 declaration in a byte stream that is evidently 8-bit cannot be right.
      encoding = known.startsWith('utf-16') ? 'utf-8' : known;
    }
  }
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(offset));
  } catch (cause) {
    throw new UnsafeXmlError('XML-ENCODING', `the bytes are not valid ${encoding}`, { cause });
  }
  const bad = FORBIDDEN_CHARS.exec(text);
  if (bad) {
    throw new UnsafeXmlError(
      'XML-CHAR',
      `character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()} at offset ${bad.index} is not allowed in XML (binary data?)`,
    );
  }
  return text;
}
