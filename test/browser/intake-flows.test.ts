import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { corpusFiles, corpusPath } from '../support/corpus.ts';
import { until } from '../support/hub.ts';
import { type BrowserHub, startBrowserHub } from './support/browser-hub.ts';
import { type LaunchedBrowser, launchChromium } from './support/chromium.ts';
import { describeWithParts } from './support/needs-parts.ts';
import { screenshot } from './support/screenshots.ts';
import { DEMO_USERS, recordApiCalls, signIn } from './support/sign-in.ts';

interface ReviewItem {
  id: string;
  kind: string;
  title: string;
}

/** Intake as a bookkeeper does it in the app: an invoice fixed in the review queue, a receipt photo. */
describeWithParts(['chromium', 'web-app', 'sign-in', 'app-api'], 'intake in Chromium (boekhouder)', () => {
  let hub: BrowserHub;
  let browser: LaunchedBrowser;
  let token: string;

  beforeAll(async () => {
    hub = await startBrowserHub();
    browser = await launchChromium();
    const page = await browser.context.newPage();
    const calls = recordApiCalls(page);
    await signIn(page, hub.web, DEMO_USERS.bookkeeper);
    token = calls.find((c) => c.authorization)?.authorization as string;
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });

  /** The invoices waiting in the review queue, through the app API with the bookkeeper's token. */
  async function reviewInvoices(): Promise<ReviewItem[]> {
    const answer = await fetch(`${hub.web}/v1/app/review?administration=DEMO&kind=invoice`, {
      headers: { authorization: token },
    });
    if (answer.status !== 200) return [];
    return ((await answer.json()) as { items: ReviewItem[] }).items;
  }

  it('drops a corpus UBL invoice into the mailbox, fixes its ledger account in the queue, books it into CASH', async () => {
    // Prepare: corpus invoices dropped one by one until one waits for review.
    const folder = join(hub.mailboxDir, 'DEMO', 'purchase');
    mkdirSync(folder, { recursive: true });
    let item: ReviewItem | undefined;
    for (const name of corpusFiles('ubl')
      .filter((n) => /\.xml$/i.test(n))
      .slice(0, 8)) {
      writeFileSync(join(folder, name), readFileSync(corpusPath('ubl', name)));
      item = await until(async () => (await reviewInvoices())[0] ?? undefined, 20_000).catch(() => undefined);
      if (item) break;
    }
    expect(item, 'no corpus invoice went to review').toBeDefined();
    const before = hub.hub.simulator?.boekstukken('DEMO').length ?? 0;
    const costAccount = hub.hub.simulator?.ledgerAccounts('DEMO').find((a) => a.kind === 'W' && !a.control)
      ?.account as string;
    const page = await browser.context.newPage();

    // Act
    await page.goto(`${hub.web}/te-beoordelen/${encodeURIComponent((item as ReviewItem).id)}`, {
      waitUntil: 'networkidle',
    });
    const accounts = page.getByLabel('Grootboekrekening');
    for (let i = 0; i < (await accounts.count()); i++) {
      if ((await accounts.nth(i).inputValue()) === '') await accounts.nth(i).fill(costAccount);
    }
    await screenshot(page, 'review-invoice-fixed');
    await page.getByRole('button', { name: 'Boeken' }).click();

    // Assess
    await page.getByText('Geboekt').first().waitFor({ timeout: 15_000 });
    const booked = await until(async () => {
      const now = hub.hub.simulator?.boekstukken('DEMO') ?? [];
      return now.length > before ? now : undefined;
    }, 60_000);
    expect(booked.at(-1)?.lines.some((line) => JSON.stringify(line).includes(costAccount))).toBe(true);
    await page.close();
  }, 300_000);

  it('uploads a receipt photo the test renders and shows the proposal read from it', async () => {
    // Prepare: a receipt drawn in the browser and photographed.
    const drawing = await browser.context.newPage();
    await drawing.setContent(
      '<main style="font:28px monospace;width:420px;padding:24px;background:#fff;color:#000">' +
        '<p>BAKKERIJ DE KORENBLOEM</p><p>Datum 14-11-2026</p><p>Brood 3,50</p><p>Taart 8,84</p>' +
        '<p>BTW 9% 1,02</p><p>TOTAAL EUR 12,34</p></main>',
    );
    const photo = await drawing.locator('main').screenshot({ type: 'png' });
    await drawing.close();
    const page = await browser.context.newPage();

    // Act
    await page.goto(`${hub.web}/bonnetje`, { waitUntil: 'networkidle' });
    await page
      .getByLabel('Foto of PDF')
      .setInputFiles({ name: 'bonnetje.png', mimeType: 'image/png', buffer: photo });
    await page.getByRole('button', { name: 'Versturen' }).click();

    // Assess
    await page.getByText(/Ontvangen als document/).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByText('Voorstel').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('main').textContent()).toContain('12,34');
    await screenshot(page, 'bonnetje-voorstel');
    await page.close();
  });
});
