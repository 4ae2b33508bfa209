import { startsAsImage, startsAsPdf } from '../invoices/file-start/index.ts';

/** What a receipt upload can be, decided by its first bytes, never by its name or declared type. */
export type ReceiptFileKind = 'jpeg' | 'png' | 'webp' | 'pdf';

/** Largest receipt file taken (the contract's 10 MB). */
export const MAX_RECEIPT_BYTES = 10 * 1024 * 1024;

export const RECEIPT_CONTENT_TYPES: Record<ReceiptFileKind, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  pdf: 'application/pdf',
};

export function receiptFileKind(bytes: Uint8Array): ReceiptFileKind | undefined {
  return startsAsImage(bytes) ?? (startsAsPdf(bytes) ? 'pdf' : undefined);
}

/** Width and height of a PNG (IHDR) or JPEG (first SOF marker); undefined when the header cannot be read. */
export function imageSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kind = startsAsImage(bytes);
  if (kind === 'png' && bytes.byteLength >= 24)
    return { width: view.getUint32(16), height: view.getUint32(20) };
  if (kind !== 'jpeg') return undefined;
  let at = 2;
  while (at + 9 < bytes.byteLength) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1] as number;
    const length = view.getUint16(at + 2);
    // SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return { height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
    if (length < 2) return undefined;
    at += 2 + length;
  }
  return undefined;
}
