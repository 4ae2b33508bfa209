import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseStatementFile } from '../../../lib/bank/parsers/index.ts';
import { readStatementSource } from '../../../lib/bank/stores/index.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const corpus = join(repoRoot, '..', 'shared', 'corpus');
const corpusFiles = ['mt940', 'camt053', 'bankcsv'].flatMap((folder) =>
  readdirSync(join(corpus, folder))
    .filter((name) => !name.endsWith('.md'))
    .map((name) => ({ folder, name })),
);

/** A forwarded bank mail with the statement file as a base64 attachment. */
function email(attachments: { name: string; bytes: Uint8Array }[]): Uint8Array {
  const boundary = 'cashlink-test-boundary';
  const parts = attachments.map((a) =>
    [
      `--${boundary}`,
      `Content-Type: application/octet-stream; name="${a.name}"`,
      'Content-Transfer-Encoding: base64',
      `Content-Disposition: attachment; filename="${a.name}"`,
      '',
      (
        Buffer.from(a.bytes)
          .toString('base64')
          .match(/.{1,76}/g) ?? []
      ).join('\r\n'),
    ].join('\r\n'),
  );
  return Buffer.from(
    [
      'From: Boekhouding <boekhouding@example.nl>',
      'To: demo-bank@example.nl',
      'Subject: Afschriften',
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
    ].join('\r\n'),
  );
}

describe('readStatementSource', () => {
  it.each(corpusFiles)(
    '$folder/$name: the same statements and import ids, as a file or mailed as an attachment',
    async ({ folder, name }) => {
      // Prepare
      const bytes = new Uint8Array(readFileSync(join(corpus, folder, name)));
      const direct = parseStatementFile(bytes, name);
      // Act
      const asFile = await readStatementSource(bytes, name);
      const mailed = await readStatementSource(email([{ name, bytes }]), 'forwarded.eml');
      // Assess
      expect(asFile.statements).toEqual(direct.statements);
      expect(mailed.format).toBe('email');
      expect(mailed.attachments).toEqual([name]);
      expect(mailed.statements.flatMap((s) => s.entries.map((e) => e.importId))).toEqual(
        direct.statements.flatMap((s) => s.entries.map((e) => e.importId)),
      );
      expect(mailed.errors).toEqual(direct.errors.map((error) => `${name}: ${error}`));
    },
  );

  it('says so when a mail carries no attachment', async () => {
    // Act
    const result = await readStatementSource(email([]), 'leeg.eml');
    // Assess
    expect(result.statements).toEqual([]);
    expect(result.errors).toEqual(['e-mail has no attachments: expected a bank statement file']);
  });
});
