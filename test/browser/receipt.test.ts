import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPage, waitForReviewItem } from './support/app-navigation.ts';
import { seriousViolations } from './support/axe.ts';
import { type BrowserHub, startBrowserHub } from './support/browser-hub.ts';
import { type LaunchedBrowser, launchChromium, PHONE_DEVICE } from './support/chromium.ts';
import { describeWithParts } from './support/needs-parts.ts';
import { screenshot } from './support/screenshots.ts';
import { DEMO_USERS, signIn } from './support/sign-in.ts';

/** The bakery receipt the test photographs: prices include 21 % BTW (15,00 + 3,15 = 18,15). */
const RECEIPT_LINES: Array<[string, string]> = [
  ['Brood', '6,05'],
  ['Taart', '12,10'],
  ['TOTAAL', '18,15'],
  ['BTW 21%', '3,15'],
];
const RECEIPT_HTML = `<!doctype html><html lang="nl"><body style="margin:0;background:#fff">
<div id="receipt" style="width:420px;padding:24px 28px;font:26px/1.5 'DejaVu Sans Mono',monospace;color:#000;background:#fff">
<div style="font-weight:bold">BAKKERIJ JANSEN</div>
<div>Dorpsstraat 1, Utrecht</div>
<div>Datum 31-10-2026</div>
${RECEIPT_LINES.map(
  ([text, amount]) =>
    `<div style="display:flex;justify-content:space-between"><span>${text}</span><span>${amount}</span></div>`,
).join('\n')}
</div></body></html>`;

/** The receipt as a camera would hand it over: rendered by Chromium, saved as a PNG in `folder`. */
async function photographReceipt(context: BrowserContext, folder: string): Promise<string> {
  const studio = await context.newPage();
  try {
    await studio.setContent(RECEIPT_HTML);
    const path = join(folder, 'bonnetje-bakkerij.png');
    await studio.locator('#receipt').screenshot({ path, type: 'png' });
    return path;
  } finally {
    await studio.close();
  }
}

/**
 * The bookkeeper on her phone: she photographs a receipt on the Bonnetje page, sees what the local OCR
 * read (supplier, date, total, BTW), and finds it in *Te beoordelen* with the booking prefilled — a photo
 * is never booked without a person.
 */
describeWithParts(['chromium', 'web-app', 'sign-in', 'app-api'], 'Bonnetje in Chromium', () => {
  let hub: BrowserHub;
  let browser: LaunchedBrowser;
  let page: Page;
  let photos: string;

  beforeAll(async () => {
    photos = mkdtempSync(join(tmpdir(), 'cashlink-receipt-photo-'));
    hub = await startBrowserHub();
    // A phone held upright: the Bonnetje page is made for the camera of one.
    browser = await launchChromium({ bypassCSP: true, device: PHONE_DEVICE });
    page = await browser.context.newPage();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
    if (photos) rmSync(photos, { recursive: true, force: true });
  });

  it('a photographed receipt is read on the phone, proposed, and waits in review with its booking', async () => {
    // Prepare: the photo, and the bookkeeper signed in on a phone-sized screen
    const photo = await photographReceipt(browser.context, photos);
    await signIn(page, hub.web, DEMO_USERS.bookkeeper);
    await openPage(page, 'Bonnetje');
    await page.getByRole('heading', { level: 1, name: 'Bonnetje' }).waitFor();

    // Act: choose the photo in the file input (the camera on a phone) and send it
    await page.getByLabel('Foto of PDF').setInputFiles(photo);
    const answered = page.waitForResponse(
      (response) => response.request().method() === 'POST' && response.url().includes('/receipts'),
      { timeout: 60_000 },
    );
    await page.getByRole('button', { name: 'Versturen' }).click();
    const answer = await answered;
    const { documentId, proposal } = (await answer.json()) as {
      documentId: string;
      proposal?: Record<string, unknown>;
    };

    // Assess: the proposal, prefilled from what the OCR read
    expect(answer.status(), hub.lines.join('')).toBe(202);
    expect(proposal).toMatchObject({ date: '2026-10-31', totalCents: 1815, vatCents: 315 });
    const facts = page.locator('dl.facts');
    await facts.waitFor();
    const fact = (term: string) => facts.locator('div', { has: page.getByText(term, { exact: true }) });
    await expect.poll(() => fact('Leverancier').locator('dd').textContent()).toMatch(/BAKKERIJ JANSEN/);
    expect(await fact('Datum').locator('dd').textContent()).toBe('31-10-2026');
    expect(await fact('Totaal').locator('dd').textContent()).toMatch(/€\s18,15/);
    expect(await fact('BTW').locator('dd').textContent()).toMatch(/€\s3,15/);
    await page.getByText(`Ontvangen als document ${documentId}`).waitFor();
    await screenshot(page, 'receipt');
    expect(await seriousViolations(page)).toEqual([]);

    // Assess: the invoice flow puts the photo in review (never booked without a person)
    const item = page.locator(`a[href="/te-beoordelen/${encodeURIComponent(documentId)}"]`);
    await waitForReviewItem(page, item, () => hub.lines.join(''), 30_000);
    await item.first().click();
    await page.getByRole('heading', { name: 'Herkend op het bonnetje' }).waitFor();
    const amounts = page.getByLabel(/^Bedrag/);
    await expect
      .poll(async () => Promise.all((await amounts.all()).map((input) => input.inputValue())))
      .toEqual(['15,00', '3,15', '-18,15']);
    await page.getByRole('button', { name: 'Boeken' }).waitFor();
    await screenshot(page, 'receipt-review');
    expect(await seriousViolations(page)).toEqual([]);
  }, 120_000);
});
