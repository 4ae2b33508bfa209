import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { NAV_PAGES } from './support/app-navigation.ts';
import { seriousViolations } from './support/axe.ts';
import { type BrowserHub, startBrowserHub } from './support/browser-hub.ts';
import { type LaunchedBrowser, launchChromium } from './support/chromium.ts';
import { describeWithParts } from './support/needs-parts.ts';
import { screenshot } from './support/screenshots.ts';
import { DEMO_USERS, signIn } from './support/sign-in.ts';

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

    it.each(NAV_PAGES)('%s (%s): no serious or critical axe violation', async (name, link, heading) => {
      // Act: through the app's navigation, as a person moves between pages
      await page.getByRole('navigation').getByRole('link', { name: link, exact: true }).click();
      await expect.poll(() => page.locator('h1').first().textContent(), { timeout: 15_000 }).toMatch(heading);
      await page.waitForLoadState('networkidle');
      const violations = await seriousViolations(page);
      await screenshot(page, `page-${name}`);

      // Assess
      expect(violations).toEqual([]);
    });
  },
);
