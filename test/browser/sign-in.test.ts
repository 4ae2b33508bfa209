import { afterAll, beforeAll, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.ts';
import { type BrowserHub, startBrowserHub } from './support/browser-hub.ts';
import { type LaunchedBrowser, launchChromium } from './support/chromium.ts';
import { describeWithParts, missingParts } from './support/needs-parts.ts';
import { screenshot } from './support/screenshots.ts';
import { DEMO_USERS, recordApiCalls, signIn } from './support/sign-in.ts';

/** Sign-in with the hub's local OIDC provider, as the demo users meet it, and what each is shown. */
describeWithParts(['chromium', 'web-app', 'sign-in', 'app-api'], 'sign-in in Chromium', () => {
  let hub: BrowserHub;
  let browser: LaunchedBrowser;
  let axeBrowser: LaunchedBrowser;

  beforeAll(async () => {
    hub = await startBrowserHub();
    browser = await launchChromium();
    axeBrowser = await launchChromium({ bypassCSP: true });
  });

  afterAll(async () => {
    await axeBrowser?.close();
    await browser?.close();
    await hub?.stop();
  });

  it('the provider’s sign-in page is CSP-clean and has no serious or critical axe violation', async () => {
    // Prepare
    const clean = await browser.context.newPage();
    const refused: string[] = [];
    clean.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
    });
    const page = await axeBrowser.context.newPage();

    // Act
    for (const p of [clean, page]) {
      await p.goto(`${hub.web}/`, { waitUntil: 'networkidle' });
      await p.getByRole('button', { name: 'Inloggen' }).click();
      await p.getByLabel('E-mailadres').waitFor();
    }
    const violations = await seriousViolations(page);
    await screenshot(page, 'sign-in-provider-form');

    // Assess
    expect(new URL(page.url()).origin).toBe(new URL(hub.addresses.identity as string).origin);
    expect(refused).toEqual([]);
    expect(violations).toEqual([]);
    await clean.close();
    await page.close();
  });

  const redirect = { skip: missingParts(['sign-in-redirect']).length > 0 };

  it(
    'signs in boekhouder@demo.cashlink.local through the login form and lands on Overzicht',
    redirect,
    async () => {
      // Prepare
      const page = await browser.context.newPage();
      const calls = recordApiCalls(page);

      // Act
      await signIn(page, hub.web, DEMO_USERS.bookkeeper);

      // Assess
      await expect.poll(() => page.locator('h1').first().textContent()).toBe('Overzicht');
      expect(calls.some((c) => c.url.includes('/v1/app/me') && c.status === 200)).toBe(true);
      expect(calls.every((c) => c.authorization?.startsWith('Bearer '))).toBe(true);
      await screenshot(page, 'overzicht-boekhouder');
      await page.close();
    },
  );

  it(
    'shows buiten@demo.cashlink.local (no administration here) nothing, and the API answers 403',
    redirect,
    async () => {
      // Prepare
      const page = await browser.context.newPage();
      const calls = recordApiCalls(page);

      // Act: once the app shows its answer it has called the API with the user's token
      await signIn(page, hub.web, DEMO_USERS.outsider);
      await expect.poll(() => page.locator('h1').first().textContent()).toBe('Geen toegang');
      const token = calls.find((c) => c.authorization)?.authorization as string;
      expect(token).toMatch(/^Bearer /);
      const refused = await fetch(`${hub.web}/v1/app/review?administration=DEMO`, {
        headers: { authorization: token },
      });
      const documents = await fetch(`${hub.web}/v1/app/documents?administration=DEMO`, {
        headers: { authorization: token },
      });

      // Assess
      await page.getByText('Je hebt geen toegang tot een administratie van deze omgeving').waitFor();
      // No data of the administration: no table, no list of documents or review items.
      expect(await page.locator('main table, main [role="table"]').count()).toBe(0);
      expect(refused.status).toBe(403);
      expect(documents.status).toBe(403);
      expect(JSON.stringify(await refused.json())).toContain('administration-not-granted');
      await screenshot(page, 'buiten-geen-toegang');
      await page.close();
    },
  );
});
