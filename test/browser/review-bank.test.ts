import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeDutchIban } from '../../lib/bank/matching/index.ts';
import { waitForReviewItem } from './support/app-navigation.ts';
import { seriousViolations } from './support/axe.ts';
import { type BrowserHub, startBrowserHub } from './support/browser-hub.ts';
import { type LaunchedBrowser, launchChromium } from './support/chromium.ts';
import { dropStatement } from './support/mailbox.ts';
import { describeWithParts } from './support/needs-parts.ts';
import { screenshot } from './support/screenshots.ts';
import { DEMO_USERS, signIn } from './support/sign-in.ts';

/** The CASH simulator's key for the demo administration (the hub's default). */
const CASH_KEY = 'local-dev-key';
/** Our own ABN AMRO account: the demo tenant books its statements in the ABN journal. */
const OWN_IBAN = makeDutchIban('ABNA', '0417991234');
/** The hotel of the demo administration (100002, open invoice 260121 of €2964,50), paying from a new account. */
const HOTEL = '100002';
const HOTEL_INVOICE = '260121';
const NEW_ACCOUNT = makeDutchIban('RABO', '0555123456');
/** The name the hotel's new account carries: like the relation's, not equal to it. */
const PAYER = 'De Zeeuwse Stromen';
/** A new sales invoice of the hotel, booked through the partner API before the statements arrive. */
const NEW_INVOICE = '260140';

interface PartnerDocument {
  status: string;
  history: Array<{ status: string }>;
  result?: { decision?: string; reasons?: string[] };
}

/**
 * The bookkeeper's bank morning: a payment from an account nobody knows yet waits in *Te beoordelen* with
 * the matcher's proposal; she accepts it, CASH holds the payment, and the next payment from that account
 * is booked by itself, without review, because the matcher learned the account from her confirmation.
 */
describeWithParts(['chromium', 'web-app', 'sign-in', 'app-api'], 'bank proposal in Chromium', () => {
  let hub: BrowserHub;
  let browser: LaunchedBrowser;
  let page: Page;
  let partnerKey: string;

  beforeAll(async () => {
    hub = await startBrowserHub();
    browser = await launchChromium({ bypassCSP: true });
    page = await browser.context.newPage();
    partnerKey = (
      JSON.parse(readFileSync(join(hub.stateDir, 'partner-api-key.json'), 'utf8')) as { apiKey: string }
    ).apiKey;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });

  /** A document as the partner API shows it (status, history, what the connector decided). */
  async function partnerDocument(id: string): Promise<PartnerDocument | undefined> {
    const answer = await fetch(`${hub.addresses.api}/v1/documents/${id}`, {
      headers: { authorization: `Bearer ${partnerKey}` },
    });
    return answer.status === 200 ? ((await answer.json()) as PartnerDocument) : undefined;
  }

  /** Polls until the document is booked; answers it. */
  async function booked(id: string): Promise<PartnerDocument> {
    await expect
      .poll(async () => (await partnerDocument(id))?.status, {
        timeout: 30_000,
        interval: 250,
        message: `document ${id} not booked\n${hub.lines.join('')}`,
      })
      .toBe('booked');
    return (await partnerDocument(id)) as PartnerDocument;
  }

  /** The ABN journal lines CASH holds that settle `invoice` of the hotel. */
  async function hotelPayments(invoice: string): Promise<Array<Record<string, string>>> {
    const answer = await fetch(`${hub.addresses.cashSimulator}/get/index/0301T?admin=DEMO`, {
      headers: { authorization: CASH_KEY },
    });
    const rows = ((await answer.json()) as { R0301?: Array<Record<string, string>> }).R0301 ?? [];
    return rows.filter(
      (row) => row.F0901 === 'ABN' && row.F0201 === '1300' && row.F0101 === HOTEL && row.F0309 === invoice,
    );
  }

  it('a proposal accepted in the queue is booked, and the next line from that IBAN books itself', async () => {
    // Prepare: the hotel's new invoice is in CASH (the business system sent it), then the first statement:
    // €2964,50 from an account CASH does not know, under a name like the hotel's
    const sent = await fetch(`${hub.addresses.api}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${partnerKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        events: [
          {
            administration: 'DEMO',
            type: 'journal-entry.book',
            source: { externalId: `factuur-${NEW_INVOICE}` },
            data: {
              journal: 'VRK',
              date: '2026-11-20',
              description: 'Onderhoud warmtepomp',
              lines: [
                {
                  ledgerAccount: '1300',
                  amountCents: 60_500,
                  relationNumber: HOTEL,
                  invoiceNumber: NEW_INVOICE,
                  invoiceDate: '2026-11-20',
                  dueDate: '2026-12-20',
                },
                { ledgerAccount: '8000', amountCents: -50_000, vatCode: '2', costCentre: 'SRV' },
                { ledgerAccount: '1510', amountCents: -10_500 },
              ],
            },
          },
        ],
      }),
    });
    const accepted = (await sent.json()) as { events?: Array<{ id: string }> };
    expect(sent.status, JSON.stringify(accepted)).toBe(202);
    await booked(accepted.events?.[0]?.id as string);
    const first = dropStatement(hub, OWN_IBAN, 'afschrift-1.xml', 'ABN20261124000017', {
      bookingDate: '2026-11-24',
      amountCents: 296_450,
      counterpartyIban: NEW_ACCOUNT,
      counterpartyName: PAYER,
      remittance: 'Installatie warmtepomp',
    });
    await signIn(page, hub.web, DEMO_USERS.bookkeeper);
    const item = page.getByRole('link', { name: /De Zeeuwse Stromen/ });
    await waitForReviewItem(page, item, () => hub.lines.join(''));

    // Act: open the line, see the proposal with its reasons and score, accept it
    await item.first().click();
    const candidates = page.getByRole('form', { name: 'Kandidaten' });
    const proposal = candidates.getByRole('radio', {
      name: new RegExp(`^Hotel De Zeeuwse Stromen B\\.V\\.: ${HOTEL_INVOICE} — Zekerheid \\d+%`),
    });
    await proposal.waitFor();
    expect(await proposal.isChecked()).toBe(true);
    await candidates.getByText(`name "${PAYER}" resembles relation ${HOTEL}`).waitFor();
    await candidates.getByText(`amount €2964,50 equals invoice ${HOTEL_INVOICE}`).waitFor();
    await screenshot(page, 'review-bank');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Accepteren' }).click();

    // Assess: the app confirms, the line is booked and CASH holds the payment of 260121
    await page.getByText('Verwerkt.').waitFor({ timeout: 20_000 });
    const firstBooked = await booked(first);
    expect(firstBooked.history.map((step) => step.status)).toContain('review');
    await expect
      .poll(async () => (await hotelPayments(HOTEL_INVOICE)).length, { timeout: 30_000, interval: 500 })
      .toBe(1);
    await screenshot(page, 'review-bank-accepted');

    // Act: the next statement, €605,00 from the same account for the new invoice
    const second = dropStatement(hub, OWN_IBAN, 'afschrift-2.xml', 'ABN20261127000042', {
      bookingDate: '2026-11-27',
      amountCents: 60_500,
      counterpartyIban: NEW_ACCOUNT,
      counterpartyName: PAYER,
      remittance: 'Termijn onderhoud november',
    });

    // Assess: booked without review, because the account is now known; CASH holds it; Documenten says so
    const secondBooked = await booked(second);
    expect(secondBooked.history.map((step) => step.status)).not.toContain('review');
    expect(secondBooked.result?.decision).toBe('auto');
    expect(secondBooked.result?.reasons?.join('\n')).toContain(
      `IBAN ${NEW_ACCOUNT} confirmed for relation ${HOTEL}`,
    );
    await expect
      .poll(async () => (await hotelPayments(NEW_INVOICE)).length, { timeout: 30_000, interval: 500 })
      .toBe(1);
    const row = page.getByRole('row', { name: /De Zeeuwse Stromen · Termijn onderhoud november/ });
    await expect
      .poll(
        async () => {
          await page.getByRole('navigation').getByRole('link', { name: 'Documenten', exact: true }).click();
          await page.getByLabel('Zoeken in documenten').fill('termijn zeeuwse');
          await page.waitForLoadState('networkidle');
          return (await row.count()) > 0 ? row.first().textContent() : '';
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toContain('geboekt');
    await screenshot(page, 'review-bank-auto-booked');
  }, 180_000);
});
