import { createInflate } from 'node:zlib';
import { ContainerError } from '../errors.ts';

/**
 * pdf.js inflates streams without any limit (a 3.7 KB PDF can inflate to 1.5 GB), so every stream is
 * decoded here first, through its whole filter chain, with a running cap: the document is refused before
 * pdf.js sees it when its streams together decode to more than the byte budget or take longer than the
 * time budget. Nothing decoded is kept beyond the cap.
 */
/** One stream may decode to at most this much, whatever is left of the document's budget. */
export const MAX_STREAM_BYTES = 64 * 1024 * 1024;

export interface DecodeBudget {
  /** Decoded bytes all streams of one document may add up to. */
  maxDecodedBytes: number;
  /** `Date.now()` after which decoding stops. */
  deadline: number;
}

/** Filters that end the measurement: images pdf.js decodes to at most their stated size (text is never read from them). */
const IMAGE_FILTERS = new Set(['DCTDecode', 'DCT', 'JPXDecode', 'CCITTFaxDecode', 'CCF', 'JBIG2Decode']);
const FILTER_ALIASES: Record<string, string> = {
  Fl: 'FlateDecode',
  LZW: 'LZWDecode',
  AHx: 'ASCIIHexDecode',
  A85: 'ASCII85Decode',
  RL: 'RunLengthDecode',
};

class BudgetExceeded extends Error {}

/** A running count of decoded bytes and time for one document. */
class DecodeMeter {
  private used = 0;
  constructor(private readonly budget: DecodeBudget) {}

  /** Bytes one more decoded buffer may still hold. */
  get remaining(): number {
    return this.budget.maxDecodedBytes - this.used;
  }

  add(bytes: number): void {
    this.used += bytes;
    if (this.used > this.budget.maxDecodedBytes) {
      throw new ContainerError(
        'PDF-TOO-LARGE',
        `the PDF's streams decompress to more than ${this.budget.maxDecodedBytes} bytes; it is not opened`,
      );
    }
    this.checkTime();
  }

  checkTime(): void {
    if (Date.now() > this.budget.deadline) {
      throw new ContainerError('PDF-TOO-SLOW', 'decompressing the PDF took longer than its time budget');
    }
  }
}

/** What a filter decoded: its length, and the bytes when another filter is to read them. */
interface Decoded {
  length: number;
  bytes?: Uint8Array;
}

/**
 * Inflates from `input` (which may run on past the stream's end: zlib stops at its final block), capped;
 * the output is kept only when another filter is to read it, else just counted.
 */
function inflateCapped(input: Uint8Array, cap: number, meter: DecodeMeter, keep: boolean): Promise<Decoded> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const inflater = createInflate({ chunkSize: 64 * 1024 });
    const finish = () =>
      resolve({ length: total, bytes: keep ? new Uint8Array(Buffer.concat(chunks, total)) : undefined });
    inflater.on('data', (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > cap) {
        inflater.destroy(new BudgetExceeded());
        return;
      }
      if (keep) chunks.push(chunk);
      try {
        meter.checkTime();
      } catch (error) {
        inflater.destroy(error as Error);
      }
    });
    // pdf.js keeps what it decoded before a corrupt block, so that is what is measured.
    inflater.on('error', (error) =>
      error instanceof ContainerError || error instanceof BudgetExceeded ? reject(error) : finish(),
    );
    inflater.on('end', finish);
    inflater.end(input);
  });
}

function asciiHexDecode(input: Uint8Array): Uint8Array {
  const text = Buffer.from(input).toString('latin1');
  const end = text.indexOf('>');
  const digits = (end < 0 ? text : text.slice(0, end)).replace(/[^0-9A-Fa-f]/g, '');
  return new Uint8Array(Buffer.from(digits.length % 2 ? `${digits}0` : digits, 'hex'));
}

function ascii85Decode(input: Uint8Array, cap: number): Uint8Array {
  const out: number[] = [];
  let group: number[] = [];
  const flush = (count: number) => {
    let value = 0;
    for (let i = 0; i < 5; i++) value = value * 85 + (group[i] ?? 84);
    for (let i = 0; i < count - 1; i++) out.push((value >>> (24 - 8 * i)) & 0xff);
    group = [];
  };
  for (let i = 0; i < input.length; i++) {
    const c = input[i] ?? 0;
    if (c === 0x7e) break; // ~> ends the data
    if (c === 0x7a && group.length === 0) out.push(0, 0, 0, 0);
    else if (c >= 0x21 && c <= 0x75) {
      group.push(c - 0x21);
      if (group.length === 5) flush(5);
    }
    if (out.length > cap) throw new BudgetExceeded();
  }
  if (group.length > 1) flush(group.length);
  return new Uint8Array(out);
}

function runLengthDecode(input: Uint8Array, cap: number): Uint8Array {
  const out = Buffer.alloc(Math.min(cap, input.length * 128) + 128);
  let length = 0;
  for (let i = 0; i < input.length; ) {
    const n = input[i++] ?? 128;
    if (n === 128) break;
    const count = n < 128 ? n + 1 : 257 - n;
    if (length + count > cap) throw new BudgetExceeded();
    if (n < 128) {
      out.set(input.subarray(i, i + count), length);
      i += count;
    } else {
      out.fill(input[i++] ?? 0, length, length + count);
    }
    length += count;
  }
  return new Uint8Array(out.subarray(0, length));
}

/** LZW as PDF writes it (MSB first, 9–12 bit codes, EarlyChange 1), writing at most `cap` bytes. */
function lzwDecode(input: Uint8Array, cap: number, earlyChange: boolean): Uint8Array {
  const out: Uint8Array[] = [];
  let length = 0;
  let table: Uint8Array[] = [];
  const reset = () => {
    table = Array.from({ length: 258 }, (_, i) => new Uint8Array([i]));
  };
  reset();
  let bits = 0;
  let buffer = 0;
  let width = 9;
  let previous: Uint8Array | undefined;
  for (let i = 0; i < input.length; i++) {
    buffer = ((buffer << 8) | (input[i] ?? 0)) >>> 0;
    bits += 8;
    while (bits >= width) {
      const code = (buffer >>> (bits - width)) & ((1 << width) - 1);
      bits -= width;
      if (code === 256) {
        reset();
        width = 9;
        previous = undefined;
        continue;
      }
      if (code === 257) return concat(out, length);
      let entry = table[code];
      if (!entry && previous && code === table.length) {
        entry = new Uint8Array([...previous, previous[0] ?? 0]);
      }
      if (!entry) return concat(out, length);
      if (previous && table.length < 4096) table.push(new Uint8Array([...previous, entry[0] ?? 0]));
      length += entry.length;
      if (length > cap) throw new BudgetExceeded();
      out.push(entry);
      previous = entry;
      const limit = table.length + (earlyChange ? 1 : 0);
      width = limit > 2047 ? 12 : limit > 1023 ? 11 : limit > 511 ? 10 : 9;
    }
  }
  return concat(out, length);
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  return new Uint8Array(Buffer.concat(parts, length));
}

/**
 * Every filter chain named in a stream's dictionary text, as full names in the order they apply. Normally
 * one; a /Filter inside a nested dictionary (a decoy `<< /Filter /DCTDecode >>`) is measured as well rather
 * than trusted, so no chain pdf.js might apply is left out.
 */
export function filterChainsOf(dictionary: string): string[][] {
  const chains = [...dictionary.matchAll(/\/Filter\s*(\[[^\]]*\]|\/[^\s/<>[\]()]+)/g)].map((match) =>
    [...(match[1] ?? '').matchAll(/\/([^\s/<>[\]()]+)/g)].map((m) => {
      const name = (m[1] ?? '').replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) =>
        String.fromCharCode(Number.parseInt(hex, 16)),
      );
      return FILTER_ALIASES[name] ?? name;
    }),
  );
  return [...new Map(chains.map((chain) => [chain.join(' '), chain])).values()];
}

/** Decodes one stream through its filters within what is left of the budget. */
async function measureStream(
  data: Uint8Array,
  filters: string[],
  dictionary: string,
  meter: DecodeMeter,
): Promise<void> {
  let current = data;
  const earlyChange = !/\/EarlyChange\s+0\b/.test(dictionary);
  for (const [index, filter] of filters.entries()) {
    if (IMAGE_FILTERS.has(filter)) return;
    const cap = Math.min(meter.remaining, MAX_STREAM_BYTES);
    let decoded: Decoded;
    try {
      if (filter === 'FlateDecode') {
        decoded = await inflateCapped(current, cap, meter, index < filters.length - 1);
      } else if (filter === 'LZWDecode') decoded = whole(lzwDecode(current, cap, earlyChange));
      else if (filter === 'ASCIIHexDecode') decoded = whole(asciiHexDecode(current));
      else if (filter === 'ASCII85Decode') decoded = whole(ascii85Decode(current, cap));
      else if (filter === 'RunLengthDecode') decoded = whole(runLengthDecode(current, cap));
      else return; // A filter pdf.js does not know: it reads nothing from the stream either.
    } catch (error) {
      if (!(error instanceof BudgetExceeded)) throw error;
      throw new ContainerError(
        'PDF-TOO-LARGE',
        `a stream of the PDF decompresses (${filter}) to more than ${cap} bytes, beyond its budget; it is not opened`,
      );
    }
    meter.add(decoded.length);
    if (!decoded.bytes) return;
    current = decoded.bytes;
  }
}

const whole = (bytes: Uint8Array): Decoded => ({ length: bytes.byteLength, bytes });

const STREAM_KEYWORD = /stream\r?\n/g;

/**
 * Measures every stream of a PDF (dictionary from the object's start to the `stream` keyword; data from
 * there to the end of the file, as decoders stop by themselves) and throws `PDF-TOO-LARGE` or
 * `PDF-TOO-SLOW` beyond the budget. Encrypted streams cannot be measured without decrypting; their
 * decoders fail on the ciphertext and count what they produced.
 */
export async function checkStreamBudget(bytes: Uint8Array, budget: DecodeBudget): Promise<void> {
  const meter = new DecodeMeter(budget);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  for (const match of text.matchAll(STREAM_KEYWORD)) {
    const start = match.index;
    if (text.slice(Math.max(0, start - 3), start) === 'end') continue;
    const objectStart = Math.max(text.lastIndexOf(' obj', start), text.lastIndexOf('endstream', start), 0);
    const dictionary = text.slice(objectStart, start);
    if (!dictionary.includes('/Filter')) continue;
    for (const filters of filterChainsOf(dictionary)) {
      await measureStream(bytes.subarray(start + match[0].length), filters, dictionary, meter);
    }
  }
}
