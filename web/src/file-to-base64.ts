/** Largest receipt the API takes (10 MB). */
export const MAX_RECEIPT_BYTES = 10 * 1024 * 1024;

/** Whether a picked file is something the receipt intake takes. */
export function receiptProblem(file: { size: number; type: string }): 'too-large' | 'wrong-type' | undefined {
  if (file.size > MAX_RECEIPT_BYTES) return 'too-large';
  if (!(file.type.startsWith('image/') || file.type === 'application/pdf')) return 'wrong-type';
  return undefined;
}

/** The file's bytes as base64 (without a data: prefix). */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

/** A byte count as people read it: `2,4 MB`. */
export function formatBytes(bytes: number, decimalComma: boolean): string {
  const text =
    bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} kB`;
  return decimalComma ? text.replace('.', ',') : text;
}
