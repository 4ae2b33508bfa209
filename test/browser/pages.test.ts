import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.ts';
import { type BrowserHub, startBrowserHub } from './support/browser-hub.ts';
import { type LaunchedBrowser, launchChromium } from './support/chromium.ts';
import { describeWithParts } from './support/needs-parts.ts';
import { screenshot } from './support/screenshots.ts';
import { DEMO_USERS, signIn } from './support/sign-in.ts';

/** Every page of the app's navigation, signed in as the operator (who may see all of them). */
const PAGES: Array<[name: string, path: string, heading: RegExp]> = [
  ['overzicht', '/', /Overzicht/],
  ['te-beoordelen', '/te-beoordelen', /Te beoordelen/],
  ['documenten', '/documenten', /Documenten/],
  ['runs', '/runs', /Runs/],
  ['bankregels', '/bankregels', /Bank/i],
  ['bonnetje', '/bonnetje', /Bonnetje/],
  ['relaties', '/relaties', /Relaties/],
  ['bedrijfsstatus', '/bedrijfsstatus', /Bedrijfsstatus/],
  ['uren', '/uren', /Uren/],
  ['instellingen', '/instellingen', /Instellingen/],
];

describeWithParts(
  ['chromium', 'web-app', 'sign-in', 'app-api'],
  'every page in Chromium: axe and a screenshot',
  () => {
    let hub: BrowserHub;
    let browser: LaunchedBrowser;
    let page: Page;

    beforeAll(async () => {
      hub = await startBrowserHub();
      // axe-core is injected into the pages: their CSP would (rightly) refuse it.
      browser = await launchChromium({ bypassCSP: true });
      page = await browser.context.newPage();
      await signIn(page, hub.web, DEMO_USERS.operator);
    });

    afterAll(async () => {
      await browser?.close();
      await hub?.stop();
    });

    it.each(PAGES)('%s (%s): no serious or critical axe violation', async (name, path, heading) => {
      // Prepare
      const page = browser.context.pages()[0] ?? (await browser.context.newPage());

      // Act: a reload keeps the session (the tokens live in this tab's sessionStorage).
      await page.goto(`${hub.web}${path}`, { waitUntil: 'networkidle' });
      await expect.poll(() => page.locator('h1').first().textContent(), { timeout: 15_000 }).toMatch(heading);
      await page.waitForLoadState('networkidle');
      const violations = await seriousViolations(page);
      await screenshot(page, `page-${name}`);

      // Assess
      expect(violations).toEqual([]);
    });
  },
);
