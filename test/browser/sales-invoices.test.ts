import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.ts';
import { type BrowserHub, startBrowserHub } from './support/browser-hub.ts';
import { type LaunchedBrowser, launchChromium } from './support/chromium.ts';
import { describeWithParts } from './support/needs-parts.ts';
import { screenshot } from './support/screenshots.ts';
import { DEMO_USERS, signIn } from './support/sign-in.ts';

/** Bakkerij Van Dam in the CASH simulator's demo administration, with its e-mail address in CASH. */
const BAKERY = '100001';
const BAKERY_EMAIL = 'administratie@bakkerijvandam.nl';

/**
 * The bookkeeper bills hours: she registers two, makes the invoice, e-mails it (the hub's SES stand-in
 * writes the .eml with PDF and UBL), is told it went already when she sends it again and sends it again
 * on purpose, then credits one line: the credit note is in Facturen and that hour can be invoiced again.
 */
describeWithParts(['chromium', 'web-app', 'sign-in', 'app-api'], 'Facturen in Chromium', () => {
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

  const outbox = () => join(hub.stateDir, 'mail', 'outbox');
  const emlFiles = () => {
    try {
      return readdirSync(outbox())
        .filter((name) => name.endsWith('.eml'))
        .sort();
    } catch {
      return [];
    }
  };

  async function addHours(description: string, duration: string) {
    const form = page.getByRole('form', { name: 'Uren toevoegen' });
    await form.getByLabel(/^Relatie/).fill(BAKERY);
    await form.getByLabel(/^Omschrijving/).fill(description);
    await form.getByLabel(/^Uren \(bijv/).fill(duration);
    await form.getByLabel(/^Uurtarief/).fill('90,00');
    await form.getByRole('button', { name: 'Uren toevoegen' }).click();
    await page.getByLabel(`Selecteer ${description}`).waitFor();
  }

  it('invoices hours, e-mails once and again on purpose, credits a line and frees its hour', async () => {
    // Prepare: signed in, on Uren en facturen, two entries of hours for the bakery
    await signIn(page, hub.web, DEMO_USERS.bookkeeper);
    await page.getByRole('navigation').getByRole('link', { name: 'Uren en facturen', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Uren en facturen' }).waitFor();
    await addHours('Ontwerp', '1,5');
    await addHours('Bouw', '2');

    // Act: the invoice of both, with the bakery's address for the e-invoice
    await page.getByLabel('Selecteer Ontwerp').check();
    await page.getByLabel('Selecteer Bouw').check();
    await page.getByLabel('Straat en huisnummer').fill('Haarlemmerdijk 112');
    await page.getByLabel('Postcode').fill('1013 JG');
    await page.getByLabel('Plaats').fill('Amsterdam');
    const issued = page.waitForResponse(
      (r) => r.request().method() === 'POST' && /\/sales-invoices$/.test(new URL(r.url()).pathname),
    );
    await page.getByRole('button', { name: 'Factureren' }).click();
    const made = (await (await issued).json()) as { id: string; number: string; eventId: string };
    await page.getByText(`Factuur ${made.number} is gemaakt.`).waitFor();

    // Act: e-mail it to the address CASH has for the bakery (pre-filled)
    const mailForm = page.getByRole('form', { name: `${made.number} e-mailen` }).first();
    await expect
      .poll(() => mailForm.getByLabel(/^E-mailadres van de ontvanger/).inputValue())
      .toBe(BAKERY_EMAIL);
    await mailForm.getByRole('button', { name: 'Versturen' }).click();
    await page.getByText(`${made.number} is verstuurd naar ${BAKERY_EMAIL}.`).first().waitFor();

    // Assess: the .eml in the hub's outbox, to the bakery, with the PDF and the UBL
    await expect.poll(() => emlFiles().length, { message: hub.lines.join('') }).toBe(1);
    const mail = await simpleParser(readFileSync(join(outbox(), emlFiles()[0] as string)));
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value.map((a) => a.address) : []).toEqual([
      BAKERY_EMAIL,
    ]);
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [`factuur-${made.number}.pdf`, 'application/pdf'],
      [`factuur-${made.number}.xml`, 'application/xml'],
    ]);
    expect(mail.attachments[1]?.content.toString('utf8')).toContain(`<cbc:ID>${made.number}</cbc:ID>`);

    // Act: from the list, e-mail again: already sent, then Opnieuw versturen
    const list = page.getByRole('region', { name: 'Facturen', exact: true });
    const invoiceRow = list
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: made.number }) });
    await expect.poll(() => invoiceRow.getByText(BAKERY_EMAIL).count()).toBe(1);
    await invoiceRow.getByRole('button', { name: `E-mailen: ${made.number}` }).click();
    const again = list.getByRole('form', { name: `${made.number} e-mailen` });
    await expect
      .poll(() => again.getByLabel(/^E-mailadres van de ontvanger/).inputValue())
      .toBe(BAKERY_EMAIL);
    await again.getByRole('button', { name: 'Versturen' }).click();
    await list
      .getByText(new RegExp(`${made.number} is al verstuurd naar ${BAKERY_EMAIL.replace('.', '\\.')} op`))
      .waitFor();
    expect(emlFiles()).toHaveLength(1);
    await list.getByRole('button', { name: 'Opnieuw versturen' }).click();
    await list.getByText(`${made.number} is verstuurd naar ${BAKERY_EMAIL}.`).waitFor();
    await expect.poll(() => emlFiles().length).toBe(2);

    // Act: credit the Ontwerp line only
    await invoiceRow.getByRole('button', { name: `Crediteren: ${made.number}` }).click();
    const credit = list.getByRole('form', { name: `${made.number} crediteren` });
    await credit.getByLabel(/ Bouw: € /).uncheck();
    await credit.getByText('Te crediteren (excl. btw): € 135,00').waitFor();
    await credit.getByRole('button', { name: 'Creditnota maken' }).click();
    const madeCredit = list.getByText(/^Creditnota \d{4}-\d{4} is gemaakt: € 163,35\.$/);
    await madeCredit.waitFor();
    const creditNumber = /Creditnota (\d{4}-\d{4})/.exec(
      (await madeCredit.textContent()) ?? '',
    )?.[1] as string;

    // Assess: the credit note is in the list, the Ontwerp hour is invoiceable again, Bouw stays invoiced
    const creditRow = list
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: creditNumber }) });
    await creditRow.getByText(`Creditnota (creditnota bij ${made.number})`).waitFor();
    expect(await creditRow.getByText('€ 163,35').count()).toBe(1);
    await expect.poll(() => page.getByLabel('Selecteer Ontwerp').isEnabled()).toBe(true);
    expect(await page.getByLabel('Selecteer Bouw').isDisabled()).toBe(true);
    await screenshot(page, 'sales-invoices');
    expect(await seriousViolations(page)).toEqual([]);

    // Assess: the invoice's history on the Documenten page names both mailings
    await page.goto(`${hub.web}/documenten/${encodeURIComponent(made.eventId)}`, {
      waitUntil: 'networkidle',
    });
    const history = page.locator('ol.history');
    await expect
      .poll(
        async () => {
          // The page shows the history as loaded: read it again until both notes are there.
          await page.reload({ waitUntil: 'networkidle' });
          return history.getByText(`e-mailed to ${BAKERY_EMAIL}`, { exact: false }).count();
        },
        {
          timeout: 15_000,
          message: hub.lines.join(''),
        },
      )
      .toBe(2);
    expect(await seriousViolations(page)).toEqual([]);
  }, 180_000);
});
