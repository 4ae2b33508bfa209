import { describe, expect, it } from 'vitest';
import { parseStatementFile } from '../../../lib/bank/parsers/index.ts';
import { readStatementSource } from '../../../lib/bank/stores/index.ts';
import { BANK_FOLDERS, corpusSamples, readCorpusFile } from '../../support/corpus.ts';
import { mimeMail } from '../../support/mail.ts';
import { describeWithCorpus } from '../../support/needs-shared.ts';

const corpusFiles = corpusSamples(BANK_FOLDERS);

/** A forwarded bank mail with the statement files as base64 attachments. */
function email(attachments: { name: string; bytes: Uint8Array }[]): Uint8Array {
  return mimeMail({
    from: 'Boekhouding <boekhouding@example.nl>',
    to: 'demo-bank@example.nl',
    subject: 'Afschriften',
    attachments: attachments.map(({ name, bytes }) => ({ filename: name, content: bytes })),
  });
}

describeWithCorpus('readStatementSource over the corpus', () => {
  it.each(corpusFiles)(
    '$folder/$name: the same statements and import ids, as a file or mailed as an attachment',
    async ({ folder, name }) => {
      // Prepare
      const bytes = readCorpusFile(folder, name);
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
});

describe('readStatementSource', () => {
  it('says so when a mail carries no attachment', async () => {
    // Act
    const result = await readStatementSource(email([]), 'leeg.eml');
    // Assess
    expect(result.statements).toEqual([]);
    expect(result.errors).toEqual(['e-mail has no attachments: expected a bank statement file']);
  });
});
