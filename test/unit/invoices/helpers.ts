import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JournalEntryBook, NormalizedEvent } from '../../../events/index.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const corpusRoot = join(repoRoot, '..', 'shared', 'corpus');
export const ublDir = join(corpusRoot, 'ubl');
export const testsetDir = join(corpusRoot, 'ubl-testsets');

export function corpusFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.xml$/i.test(f))
    .sort();
}

export function readCorpus(dir: string, file: string): Uint8Array {
  return new Uint8Array(readFileSync(join(dir, file)));
}

export function entryOf(events: NormalizedEvent[]): JournalEntryBook | undefined {
  const event = events.find((e) => e.type === 'journal-entry.book');
  return event?.type === 'journal-entry.book' ? event.data : undefined;
}

export const utf8 = (text: string) => new TextEncoder().encode(text);

/**
 * A minimal but valid PDF writer for tests: one page with text lines and optional embedded files
 * (EmbeddedFiles name tree), with a correct cross-reference table.
 */
export function buildPdf(options: {
  lines?: string[];
  files?: { name: string; content: Uint8Array; mimeType?: string }[];
}): Uint8Array {
  const lines = options.lines ?? [];
  const files = options.files ?? [];
  const objects: (string | Uint8Array)[] = [];
  const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\(/g, '\\(').replace(/\)/g, '\\)');
  const stream = `BT /F1 10 Tf 12 TL 40 800 Td ${lines.map((l) => `(${esc(l)}) Tj T*`).join(' ')} ET`;
  // 1 catalog, 2 pages, 3 page, 4 font, 5 content, then per file: filespec + embedded file stream.
  const fileRefs = files.map((_, i) => 6 + i * 2);
  const names = files.map((f, i) => `(${esc(f.name)}) ${fileRefs[i]} 0 R`).join(' ');
  objects.push(
    `<< /Type /Catalog /Pages 2 0 R${files.length ? ` /Names << /EmbeddedFiles << /Names [${names}] >> >>` : ''} >>`,
  );
  objects.push('<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  objects.push(
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
  );
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  objects.push(`<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`);
  files.forEach((f, i) => {
    const streamRef = 7 + i * 2;
    objects.push(
      `<< /Type /Filespec /F (${esc(f.name)}) /UF (${esc(f.name)}) /EF << /F ${streamRef} 0 R >> >>`,
    );
    const head = `<< /Type /EmbeddedFile /Subtype /${(f.mimeType ?? 'application/xml').replace('/', '#2F')} /Length ${f.content.byteLength} >>\nstream\n`;
    objects.push(
      Buffer.concat([
        Buffer.from(head, 'latin1'),
        Buffer.from(f.content),
        Buffer.from('\nendstream', 'latin1'),
      ]),
    );
  });
  const chunks: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let length = chunks[0]?.byteLength ?? 0;
  objects.forEach((body, i) => {
    offsets.push(length);
    const chunk = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`, 'latin1'),
      typeof body === 'string' ? Buffer.from(body, 'latin1') : Buffer.from(body),
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    chunks.push(chunk);
    length += chunk.byteLength;
  });
  const xref = [
    `xref\n0 ${objects.length + 1}\n`,
    '0000000000 65535 f \n',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`),
  ].join('');
  chunks.push(
    Buffer.from(
      `${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`,
      'latin1',
    ),
  );
  return new Uint8Array(Buffer.concat(chunks));
}

/** A multipart e-mail with base64 attachments. */
export function buildEmail(
  attachments: { filename: string; mimeType: string; content: Uint8Array }[],
  subject = 'Factuur',
): Uint8Array {
  const boundary = 'cashlink-test-boundary';
  const parts = attachments.map((a) =>
    [
      `--${boundary}`,
      `Content-Type: ${a.mimeType}; name="${a.filename}"`,
      `Content-Disposition: attachment; filename="${a.filename}"`,
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from(a.content).toString('base64').replace(/.{76}/g, '$&\r\n'),
    ].join('\r\n'),
  );
  const text = [
    'From: Leverancier <facturen@example.nl>',
    'To: inbox@example.nl',
    `Subject: ${subject}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Zie bijlage.',
    ...parts,
    `--${boundary}--`,
    '',
  ].join('\r\n');
  return utf8(text);
}
