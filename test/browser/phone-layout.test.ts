import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeDutchIban } from '../../lib/bank/matching/index.ts';
import { NAV_PAGES, openPage, waitForReviewItem } from './support/app-navigation.ts';
import { seriousViolations } from './support/axe.ts';
import { type BrowserHub, startBrowserHub } from './support/browser-hub.ts';
import { type LaunchedBrowser, launchChromium, PHONE_DEVICE } from './support/chromium.ts';
import { dropPurchaseInvoice, dropStatement } from './support/mailbox.ts';
import { describeWithParts } from './support/needs-parts.ts';
import type { PageWindow } from './support/page-dom.ts';
import { screenshot } from './support/screenshots.ts';
import { DEMO_USERS, signIn } from './support/sign-in.ts';

/** An invoice in Swedish kronor (the invoice flow cannot convert it: review) and its supplier's name. */
const FOREIGN_INVOICE = 'en16931-testfiles__BIS_Billing_30-Elhandel.xml';
const FOREIGN_SUPPLIER = /El-Handlar'n Sverige AB/;
/** A payment the matcher proposes but does not book (the hotel's open invoice, from an unknown account). */
const OWN_IBAN = makeDutchIban('ABNA', '0417991234');
const PAYER = 'De Zeeuwse Stromen';

/** Touch targets are at least this high (CSS pixels), the size issue 12 asks of a phone layout. */
const TOUCH_TARGET_PX = 44;
/** The width WCAG 1.4.10 (reflow) asks content to fit without sideways scrolling, in CSS pixels. */
const REFLOW_WIDTH_PX = 320;

interface PhoneLayout {
  innerWidth: number;
  scrollWidth: number;
  /** The innermost elements whose content is wider than they are (what widens a page): `tag.class "text"`. */
  tooWide: string[];
  /** Visible controls lower than a touch target: `tag "text" height`. */
  smallTargets: string[];
  /** Scroll regions of wide tables: their name, whether they overflow, are focusable and show the hint. */
  scrollRegions: Array<{ label: string; overflows: boolean; focusable: boolean; hint: boolean }>;
}

/** What the page's layout is now, measured in the page. */
function phoneLayout(page: Page): Promise<PhoneLayout> {
  return page.evaluate((minimum) => {
    const { document, innerWidth, getComputedStyle } = globalThis as unknown as PageWindow;
    const sticksOut = (element: (typeof all)[number]) =>
      element.clientWidth > 2 &&
      element.scrollWidth > element.clientWidth + 1 &&
      getComputedStyle(element).overflowX === 'visible';
    const all = [...document.querySelectorAll('body *')];
    const tooWide = all
      .filter((element) => sticksOut(element) && ![...element.children].some(sticksOut))
      .slice(0, 5)
      .map((element) => {
        const text = (element.textContent ?? '').trim().slice(0, 40);
        return `${element.tagName.toLowerCase()}.${element.className} "${text}" ${element.scrollWidth}>${element.clientWidth}px`;
      });
    const controls = document.querySelectorAll(
      'button, select, textarea, input:not([type="checkbox"]):not([type="radio"]):not([type="hidden"]), .main-nav a, .brand',
    );
    const smallTargets = [...controls]
      .filter((element) => element.getClientRects().length > 0)
      .map((element) => ({ element, height: element.getBoundingClientRect().height }))
      .filter(({ height }) => height + 0.5 < minimum)
      .map(({ element, height }) => {
        const text = (element.textContent || element.getAttribute('aria-label') || '').trim().slice(0, 40);
        return `${element.tagName.toLowerCase()} "${text}" ${height.toFixed(1)}px`;
      });
    const scrollRegions = [...document.querySelectorAll('.table-wrap')].map((region) => {
      const hintId = region.getAttribute('aria-describedby');
      const hint = hintId ? document.getElementById(hintId) : null;
      return {
        label: region.tagName === 'SECTION' ? (region.getAttribute('aria-label') ?? '') : '',
        overflows: region.scrollWidth > region.clientWidth + 1,
        focusable: region.tabIndex === 0,
        hint: hint !== null && hint.getClientRects().length > 0,
      };
    });
    return {
      innerWidth,
      scrollWidth: document.documentElement.scrollWidth,
      tooWide,
      smallTargets,
      scrollRegions,
    };
  }, TOUCH_TARGET_PX);
}

/** Waits (a minute at most) until the hub printed a line matching `pattern`. */
async function hubSaid(hub: BrowserHub, pattern: RegExp): Promise<void> {
  const until = Date.now() + 60_000;
  while (!pattern.test(hub.lines.join(''))) {
    if (Date.now() > until) throw new Error(`the hub never said ${pattern}:\n${hub.lines.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Where the focus is: whether inside `selector`, and the focused element's class and text. */
function focused(
  page: Page,
  selector: string,
): Promise<{ inside: boolean; className: string; text: string; id: string }> {
  return page.evaluate((within) => {
    const active = (globalThis as unknown as PageWindow).document.activeElement;
    return {
      inside: active?.closest(within) != null,
      className: active?.className ?? '',
      text: active?.textContent ?? '',
      id: active?.id ?? '',
    };
  }, selector);
}

/** The phone bar: no sideways page scroll at 390 px, touch-sized controls, named and focusable scrollers. */
async function expectPhoneLayout(page: Page): Promise<PhoneLayout> {
  const layout = await phoneLayout(page);
  const wider = `wider than the phone: ${layout.tooWide.join('; ')}`;
  expect(layout.innerWidth, wider).toBe(PHONE_DEVICE.viewport.width);
  expect(layout.scrollWidth, wider).toBeLessThanOrEqual(layout.innerWidth);
  expect(layout.smallTargets).toEqual([]);
  for (const region of layout.scrollRegions) {
    expect(region.label).not.toBe('');
    expect(region).toMatchObject({ focusable: region.overflows, hint: region.overflows });
  }
  return layout;
}

/**
 * Every page on a phone held upright (390 × 844, 3×, touch): nothing scrolls the page sideways, the
 * navigation is behind *Menu*, the content comes right after the skip link, tables are cards or scroll in
 * a frame of their own, and axe finds nothing serious. Screenshots: `phone-<page>.png`.
 */
describeWithParts(['chromium', 'web-app', 'sign-in', 'app-api'], 'every page on a phone in Chromium', () => {
  let hub: BrowserHub;
  let browser: LaunchedBrowser;
  let page: Page;

  beforeAll(async () => {
    hub = await startBrowserHub();
    // axe-core is injected into the pages: their CSP would (rightly) refuse it.
    browser = await launchChromium({ bypassCSP: true, device: PHONE_DEVICE });
    page = await browser.context.newPage();
    // Something for each review page: an invoice and a bank line the hub cannot finish alone. The bank
    // line once the CASH mirror is there (cash-sync at the hub's start): the journal's ledger account.
    dropPurchaseInvoice(hub, FOREIGN_INVOICE);
    await hubSaid(hub, /✓ cash-sync: /);
    dropStatement(hub, OWN_IBAN, 'afschrift-telefoon.xml', 'ABN20261124000017', {
      bookingDate: '2026-11-24',
      amountCents: 296_450,
      counterpartyIban: makeDutchIban('RABO', '0555123456'),
      counterpartyName: PAYER,
      remittance: 'Installatie warmtepomp',
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });

  it('the sign-in page fits the phone', async () => {
    // Act
    await page.goto(`${hub.web}/`, { waitUntil: 'networkidle' });
    await page.getByRole('button', { name: 'Inloggen' }).waitFor();

    // Assess
    await expectPhoneLayout(page);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'phone-inloggen');
  });

  it('the menu button opens the navigation, Escape closes it, and Tab reaches the content after the skip link', async () => {
    // Prepare
    await signIn(page, hub.web, DEMO_USERS.operator);
    const menu = page.getByRole('button', { name: 'Menu' });
    const nav = page.getByRole('navigation', { name: 'Hoofdmenu' });

    // Assess: folded, the navigation is neither shown nor in the Tab order
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await nav.isVisible()).toBe(false);

    // Act: open it
    await menu.click();

    // Assess: open, the focus in it, every page's link as tall as a finger
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    expect(await nav.isVisible()).toBe(true);
    expect((await focused(page, '.menu-panel')).inside).toBe(true);
    expect(await nav.getByRole('link').count()).toBe(NAV_PAGES.length);
    await expectPhoneLayout(page);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'phone-menu');

    // Act: Escape
    await page.keyboard.press('Escape');

    // Assess: closed, the focus back on the button
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await nav.isVisible()).toBe(false);
    expect((await focused(page, '.menu-button')).inside).toBe(true);

    // Act: from the top of a fresh page, Tab: the skip link first
    await page.reload({ waitUntil: 'networkidle' });
    await page.locator('h1').first().waitFor();
    await page.keyboard.press('Tab');
    const first = (await focused(page, 'main')).text;
    const stops: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      await page.keyboard.press('Tab');
      const now = await focused(page, 'main');
      stops.push(now.inside ? 'main' : now.className);
      if (now.inside) break;
    }

    // Assess: skip link, then the brand and the menu button, then the page's content
    expect(first).toBe('Naar de inhoud');
    expect(stops).toEqual(['brand', 'menu-button button-secondary', 'main']);

    // Act: the skip link itself
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');

    // Assess
    expect((await focused(page, 'main')).id).toBe('main');
  });

  it.each(NAV_PAGES)('%s (%s) fits the phone, through the menu', async (name, link, heading) => {
    // Act
    await openPage(page, link);
    await expect.poll(() => page.locator('h1').first().textContent(), { timeout: 15_000 }).toMatch(heading);
    await page.waitForLoadState('networkidle');

    // Assess
    await expectPhoneLayout(page);
    expect(await page.getByRole('button', { name: 'Menu' }).getAttribute('aria-expanded')).toBe('false');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, `phone-${name}`);
  });

  it('every page reflows at 320 CSS px (WCAG 1.4.10): nothing scrolls the page sideways', async () => {
    // Prepare: the narrowest width WCAG asks content to fit (a small phone, or 400 % zoom)
    await page.setViewportSize({ width: REFLOW_WIDTH_PX, height: PHONE_DEVICE.viewport.height });
    try {
      for (const [, link, heading] of NAV_PAGES) {
        // Act
        await openPage(page, link);
        await expect
          .poll(() => page.locator('h1').first().textContent(), { timeout: 15_000 })
          .toMatch(heading);
        await page.waitForLoadState('networkidle');

        // Assess
        const layout = await phoneLayout(page);
        const wider = `${link} is wider than ${REFLOW_WIDTH_PX} px: ${layout.tooWide.join('; ')}`;
        expect(layout.innerWidth, wider).toBe(REFLOW_WIDTH_PX);
        expect(layout.scrollWidth, wider).toBeLessThanOrEqual(REFLOW_WIDTH_PX);
      }
    } finally {
      await page.setViewportSize(PHONE_DEVICE.viewport);
    }
  });

  it('a table is a card per row on the phone, each cell under its header, still a table for screen readers', async () => {
    // Prepare: the review queue holds the invoice and the bank line
    await waitForReviewItem(page, page.getByRole('link', { name: FOREIGN_SUPPLIER }), () =>
      hub.lines.join(''),
    );
    await waitForReviewItem(page, page.getByRole('link', { name: new RegExp(PAYER) }), () =>
      hub.lines.join(''),
    );

    // Act
    const cards = await page.evaluate(() => {
      const { document, getComputedStyle } = globalThis as unknown as PageWindow;
      const row = document.querySelector('main table.data-table-cards > tbody > tr');
      const cell = row ? [...row.querySelectorAll('th, td')][1] : undefined;
      if (!row || !cell) return undefined;
      return {
        rowDisplay: getComputedStyle(row).display,
        label: cell.dataset.label,
        shown: getComputedStyle(cell, '::before').content,
        headers: [...document.querySelectorAll('main table.data-table-cards > thead th')].map(
          (th) => th.textContent ?? '',
        ),
      };
    });
    const session = await browser.context.newCDPSession(page);
    const tree = (await session.send('Accessibility.getFullAXTree')) as {
      nodes: Array<{ role?: { value?: string }; name?: { value?: string } }>;
    };
    const roles = tree.nodes.map((node) => node.role?.value);

    // Assess: cards with the header shown per cell; Chromium's accessibility tree still has the table
    if (!cards) throw new Error('no card table on Te beoordelen');
    expect(cards.rowDisplay).toBe('block');
    expect(cards.label).toBe(cards.headers[1]);
    expect(cards.shown).toContain(cards.headers[1]);
    expect(roles).toContain('table');
    expect(
      tree.nodes.filter((node) => node.role?.value === 'columnheader').map((node) => node.name?.value),
    ).toEqual(expect.arrayContaining(cards.headers));
    expect(roles.filter((role) => role === 'cell').length).toBeGreaterThan(0);
    await session.detach();
  });

  it('the invoice review fits the phone; its lines scroll sideways in their own frame, by keyboard too', async () => {
    // Act
    await openPage(page, 'Te beoordelen');
    await page.getByRole('link', { name: FOREIGN_SUPPLIER }).first().click();
    await page.getByRole('button', { name: 'Boeken' }).waitFor();
    await page.waitForLoadState('networkidle');

    // Assess
    const layout = await expectPhoneLayout(page);
    expect(layout.scrollRegions.some((region) => region.overflows)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'phone-review-invoice');

    // Act: the keyboard scrolls a wide table
    const region = page.locator('.table-wrap[tabindex="0"]').first();
    await region.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');

    // Assess
    await expect.poll(() => region.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as PageWindow).scrollX)).toBe(0);
  });

  it('the bank line review fits the phone', async () => {
    // Act
    await openPage(page, 'Te beoordelen');
    await page
      .getByRole('link', { name: new RegExp(PAYER) })
      .first()
      .click();
    await page.getByRole('button', { name: 'Accepteren' }).waitFor();
    await page.waitForLoadState('networkidle');

    // Assess
    await expectPhoneLayout(page);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'phone-review-bank');
  });

  it('a document fits the phone', async () => {
    // Act
    await openPage(page, 'Documenten');
    await page.waitForLoadState('networkidle');
    await page.locator('main table a[href^="/documenten/"]').first().click();
    await page.waitForURL(/\/documenten\/./);
    await page.locator('h1').first().waitFor();
    await page.waitForLoadState('networkidle');

    // Assess
    await expectPhoneLayout(page);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'phone-document');
  });
});
