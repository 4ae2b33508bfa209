import { copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.ts';
import { type BrowserHub, startBrowserHub } from './support/browser-hub.ts';
import { type LaunchedBrowser, launchChromium } from './support/chromium.ts';
import { describeWithParts } from './support/needs-parts.ts';
import { screenshot } from './support/screenshots.ts';
import { DEMO_USERS, recordApiCalls, signIn } from './support/sign-in.ts';

/** The README's screenshot of the page: the one the test writes, copied over. */
const README_SCREENSHOT = fileURLToPath(
  new URL('../../docs/screenshots/page-instellingen.png', import.meta.url),
);
const SETTINGS_API = '/v1/app/administrations/DEMO/settings';

/**
 * Instellingen as the operator uses it: the bank import's settings and mappings as a form from their schema
 * over the demo tenant file (journal ABN, no suspense account), an override saved and still there after a
 * reload, a value only the API refuses named at its field, the override set back to the tenant file; the
 * bookkeeper gets neither the page nor the API.
 */
describeWithParts(['chromium', 'web-app', 'sign-in', 'app-api'], 'Instellingen in Chromium', () => {
  let hub: BrowserHub;
  let browser: LaunchedBrowser;
  let page: Page;

  beforeAll(async () => {
    hub = await startBrowserHub();
    // axe-core is injected into the pages: their CSP would (rightly) refuse it.
    browser = await launchChromium({ bypassCSP: true });
    page = await browser.context.newPage();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });

  /** The bank import's fieldset: who changed it last, its form, its save button. */
  const bankImport = () => page.getByRole('group', { name: 'bank-import', exact: true });
  const suspense = (form: Locator) => form.getByLabel('Vraagpostenrekening', { exact: true });

  async function openSettings(): Promise<Locator> {
    await page.getByRole('navigation').getByRole('link', { name: 'Instellingen', exact: true }).click();
    await bankImport().waitFor({ timeout: 15_000 });
    return bankImport();
  }

  /** The page loaded again (the sign-in is kept for the tab), the bank import's fieldset as it comes. */
  async function reloaded(): Promise<Locator> {
    await page.reload({ waitUntil: 'networkidle' });
    await bankImport().waitFor({ timeout: 15_000 });
    return bankImport();
  }

  async function save(form: Locator): Promise<number> {
    const answer = page.waitForResponse(
      (response) => response.url().endsWith(SETTINGS_API) && response.request().method() === 'PUT',
    );
    await form.getByRole('button', { name: 'bank-import opslaan' }).click();
    return (await answer).status();
  }

  it('an operator changes a setting and a mapping, saves, reloads and sees them marked as changed', async () => {
    // Prepare
    await signIn(page, hub.web, DEMO_USERS.operator);
    let form = await openSettings();
    expect(await form.getByLabel('Bankdagboek', { exact: true }).inputValue()).toBe('ABN');
    await form.getByText('Geen aanpassingen: alles komt uit het tenantbestand.').waitFor();

    // Act: a suspense account, and a VAT mapping the tenant file does not have
    await suspense(form).fill('1900');
    await form.getByLabel('Nieuwe sleutel voor Btw-codes').fill('21');
    await form.getByRole('button', { name: 'Toevoegen aan Btw-codes' }).click();
    await form.getByLabel(/^Btw-codes 21/).fill('2');
    const status = await save(form);
    await form.getByText('Opgeslagen.').waitFor();
    form = await reloaded();

    // Assess
    expect(status).toBe(200);
    expect(await suspense(form).inputValue()).toBe('1900');
    expect(await form.getByLabel(/^Btw-codes 21/).inputValue()).toBe('2');
    expect(await form.getByText('Aangepast', { exact: true }).count()).toBe(2);
    await form
      .getByRole('button', { name: 'Vraagpostenrekening terugzetten naar het tenantbestand' })
      .waitFor();
    await page
      .getByText(/^Laatst aangepast door beheer@demo\.cashlink\.local op \d\d-\d\d-\d{4} \d\d:\d\d\.$/)
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    copyFileSync(await screenshot(page, 'page-instellingen'), README_SCREENSHOT);
  });

  it('a value only the API refuses is named at its field, and nothing is stored', async () => {
    // Prepare: a short-payment tolerance is valid alone; the connector's schema wants its ledger account too
    const form = bankImport();
    await form.getByLabel('Percentage', { exact: true }).fill('2');

    // Act
    const status = await save(form);

    // Assess
    expect(status).toBe(400);
    const field = form.getByLabel('Rekening betalingsverschillen', { exact: true });
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByText(/^shortPaymentTolerance needs differenceAccount/).count()).toBeGreaterThan(0);
    await form
      .getByText(/regel custom/)
      .first()
      .waitFor();
    await screenshot(page, 'instellingen-field-error');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('Terugzetten takes the override away: the tenant file’s value is back after a reload', async () => {
    // Prepare
    let form = bankImport();
    await form.getByLabel('Percentage', { exact: true }).fill('');

    // Act
    await form
      .getByRole('button', { name: 'Vraagpostenrekening terugzetten naar het tenantbestand' })
      .click();
    const status = await save(form);
    await form.getByText('Opgeslagen.').waitFor();
    form = await reloaded();

    // Assess
    expect(status).toBe(200);
    expect(await suspense(form).inputValue()).toBe('');
    expect(await form.getByText('Aangepast', { exact: true }).count()).toBe(1);
    expect(await form.getByLabel(/^Btw-codes 21/).inputValue()).toBe('2');
  });

  it('a bookkeeper gets no Instellingen, and the settings API answers 403', async () => {
    // Prepare
    const other = await launchChromium({ bypassCSP: true });
    const own = await other.context.newPage();
    const calls = recordApiCalls(own);
    try {
      await signIn(own, hub.web, DEMO_USERS.bookkeeper);
      await expect
        .poll(() => calls.some((c) => c.authorization?.startsWith('Bearer ')), { timeout: 15_000 })
        .toBe(true);
      const token = calls.find((c) => c.authorization?.startsWith('Bearer '))?.authorization as string;

      // Act: the page through the app's router (no link leads there), and the API with her token
      const links = await own.getByRole('navigation').getByRole('link', { name: 'Instellingen' }).count();
      await own.evaluate(
        "history.pushState(null, '', '/instellingen'); dispatchEvent(new PopStateEvent('popstate'));",
      );
      const read = await fetch(`${hub.web}${SETTINGS_API}`, { headers: { authorization: token } });
      const write = await fetch(`${hub.web}${SETTINGS_API}`, {
        method: 'PUT',
        headers: { authorization: token, 'content-type': 'application/json' },
        body: JSON.stringify({ connectors: { 'bank-import': { settings: { suspenseAccount: '1900' } } } }),
      });

      // Assess
      expect(links).toBe(0);
      await expect.poll(() => own.locator('h1').first().textContent()).toBe('Geen toegang');
      expect(await own.getByText('Instellingen per koppeling').count()).toBe(0);
      expect(read.status, await read.text()).toBe(403);
      expect(write.status, await write.text()).toBe(403);
      expect(await seriousViolations(own)).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
