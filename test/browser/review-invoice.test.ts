import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { waitForReviewItem } from './support/app-navigation.ts';
import { seriousViolations } from './support/axe.ts';
import { type BrowserHub, startBrowserHub } from './support/browser-hub.ts';
import { type LaunchedBrowser, launchChromium } from './support/chromium.ts';
import { dropPurchaseInvoice } from './support/mailbox.ts';
import { describeWithParts } from './support/needs-parts.ts';
import { screenshot } from './support/screenshots.ts';
import { DEMO_USERS, signIn } from './support/sign-in.ts';

/** A purchase invoice in Swedish kronor: the invoice flow cannot convert it, so it waits for a person. */
const FOREIGN_INVOICE = 'en16931-testfiles__BIS_Billing_30-Elhandel.xml';
/** A supplier of the CASH simulator's demo administration (CASH wants it on the creditor line). */
const SUPPLIER = '200001';

/**
 * The bookkeeper's morning: an invoice dropped in the mailbox waits in *Te beoordelen*; she opens it,
 * completes the booking beside the original, *Boeken*, and the CASH simulator holds the boekstuk.
 */
describeWithParts(['chromium', 'web-app', 'sign-in', 'app-api'], 'review queue in Chromium', () => {
  let hub: BrowserHub;
  let browser: LaunchedBrowser;
  let page: Page;

  beforeAll(async () => {
    hub = await startBrowserHub();
    browser = await launchChromium({ bypassCSP: true });
    page = await browser.context.newPage();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });

  it('an invoice that went to review is completed in the queue, booked, and in CASH', async () => {
    // Prepare: the invoice arrives by the mailbox and goes to review
    dropPurchaseInvoice(hub, FOREIGN_INVOICE);
    await signIn(page, hub.web, DEMO_USERS.bookkeeper);
    const item = page.getByRole('link', { name: /El-Handlar'n Sverige AB/ });
    await waitForReviewItem(page, item, () => hub.lines.join(''));
    await screenshot(page, 'review-queue');
    expect(await seriousViolations(page)).toEqual([]);

    // Act: open it, complete what the invoice flow could not (the amounts in euros, the accounts), book
    await item.first().click();
    await page.getByRole('button', { name: 'Boeken' }).waitFor();
    await page.getByLabel(/^Dagboek/).fill('INK');
    const ledgers = page.getByLabel(/^Grootboekrekening/);
    const amounts = page.getByLabel(/^Bedrag/);
    await page
      .getByLabel(/^Tekst/)
      .nth(0)
      .fill('Inkoop El-Handlarn');
    await ledgers.nth(0).fill('4000');
    await amounts.nth(0).fill('100,00');
    await ledgers.nth(1).fill('1600');
    await amounts.nth(1).fill('-100,00');
    await page
      .getByLabel(/^Relatie/)
      .nth(1)
      .fill(SUPPLIER);
    await screenshot(page, 'review-invoice');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Boeken' }).click();

    // Assess: the app confirms, and CASH has the boekstuk with the person's line
    await page.getByText('Geboekt: het boekstuk gaat naar CASH.').waitFor({ timeout: 20_000 });
    const cash = hub.addresses.cashSimulator as string;
    await expect
      .poll(
        async () => {
          const answer = await fetch(`${cash}/get/index/0301T?admin=DEMO`, {
            headers: { authorization: 'local-dev-key' },
          });
          return JSON.stringify(await answer.json());
        },
        { timeout: 30_000, interval: 500, message: hub.lines.join('') },
      )
      .toContain('Inkoop El-Handlarn');
    await screenshot(page, 'review-invoice-booked');
  }, 180_000);
});
