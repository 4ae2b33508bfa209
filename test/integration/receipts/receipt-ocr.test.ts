import { describe, expect, it } from 'vitest';
import { parseReceiptText, ReceiptOcrError, TesseractReceiptOcr } from '../../../lib/receipts/index.ts';
import { bitmapTextPng } from '../../support/bitmap-text-png.ts';

describe('Class: TesseractReceiptOcr', () => {
  it('reads a rendered receipt with the local Dutch and English models, and the parser proposes its booking', async () => {
    // Prepare
    const image = bitmapTextPng(
      ['BAKKERIJ JANSEN', 'DATUM 31-10-2026', 'BROOD 5,20', 'TAART 6,30', 'TOTAAL 11,50', 'BTW 9% 0,95'],
      // At 3 pixels per font pixel tesseract reads this font best (15×21-pixel letters, like a 300 dpi scan).
      3,
    );
    const ocr = new TesseractReceiptOcr({ timeBudgetMs: 55_000 });

    // Act
    const { text } = await ocr.recognise(image);
    const proposal = parseReceiptText(text);

    // Assess
    expect(text).toMatch(/TOTAAL/);
    expect(proposal).toMatchObject({ date: '2026-10-31', totalCents: 1150, vatCents: 95 });
    expect(proposal.supplier).toMatch(/BAKKERIJ/);
  }, 60_000);

  it('stops at the time budget', async () => {
    // Prepare
    const ocr = new TesseractReceiptOcr({ timeBudgetMs: 1 });

    // Act + Assess
    await expect(ocr.recognise(bitmapTextPng(['TOTAAL 1,00']))).rejects.toBeInstanceOf(ReceiptOcrError);
  }, 30_000);

  it('refuses an image with too many pixels before decoding it', async () => {
    // Prepare
    const ocr = new TesseractReceiptOcr({ maxPixels: 100 });

    // Act + Assess
    await expect(ocr.recognise(bitmapTextPng(['TOTAAL 1,00']))).rejects.toThrow(/pixels/);
  });
});
