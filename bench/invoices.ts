/**
 * Invoices per second per core through parse + validate + map over the UBL corpus, against a bare
 * fast-xml-parser parse of the same bytes. Runs single-threaded, so the numbers are per core.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import {
  bookInvoice,
  inMemoryInvoiceContext,
  invoiceSettings,
  parseInvoiceXml,
  processInvoiceFile,
  validateInvoice,
} from '../lib/invoices/index.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = join(repoRoot, '..', 'shared', 'corpus', 'ubl');

function loadCorpus(): Uint8Array[] {
  return readdirSync(corpus)
    .filter((f) => /\.xml$/i.test(f))
    .sort()
    .map((f) => new Uint8Array(readFileSync(join(corpus, f))));
}

async function perSecond(
  files: Uint8Array[],
  minMillis: number,
  work: (bytes: Uint8Array) => unknown,
): Promise<number> {
  for (const bytes of files) await work(bytes);
  let done = 0;
  const start = performance.now();
  while (performance.now() - start < minMillis) {
    for (const bytes of files) await work(bytes);
    done += files.length;
  }
  return done / ((performance.now() - start) / 1000);
}

export async function benchInvoices(): Promise<Record<string, number | string>> {
  const files = loadCorpus();
  const settings = invoiceSettings({ allowNewRelations: true });
  const totalBytes = files.reduce((s, f) => s + f.byteLength, 0);
  // Embedded PDFs (base64) make up most of the bytes of some files; they are decoded but not opened.
  const pipeline = await perSecond(files, 2000, (bytes) => {
    const { document } = parseInvoiceXml(bytes);
    validateInvoice(document);
    return bookInvoice({ document, direction: 'purchase', settings, relation: {} });
  });
  const plain = files.filter((f) => f.byteLength < 100 * 1024);
  const plainRate = await perSecond(plain, 1500, (bytes) => {
    const { document } = parseInvoiceXml(bytes);
    validateInvoice(document);
    return bookInvoice({ document, direction: 'purchase', settings, relation: {} });
  });
  const bare = new XMLParser({ ignoreAttributes: false });
  const bareRate = await perSecond(files, 2000, (bytes) => bare.parse(Buffer.from(bytes)));
  const full = await perSecond(files, 2000, (bytes) =>
    processInvoiceFile(
      { bytes, filename: 'bench.xml', direction: 'purchase', administration: 'DEMO', tenant: 'bench' },
      // A fresh context per file so nothing is a duplicate and every file runs the whole way.
      inMemoryInvoiceContext({ settings: { allowNewRelations: true } }),
    ),
  );
  return {
    'corpus files': files.length,
    'corpus size (kB)': Math.round(totalBytes / 1024),
    'parse+validate+map invoices/s (1 core)': Math.round(pipeline),
    'same, files < 100 kB (no embedded PDF) invoices/s': Math.round(plainRate),
    'processInvoiceFile incl. events invoices/s': Math.round(full),
    'bare fast-xml-parser parses/s': Math.round(bareRate),
    'ratio bare parse / pipeline': (bareRate / pipeline).toFixed(2),
    'target ≥ 500/s': pipeline >= 500 ? 'met' : 'NOT met',
  };
}
