import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Every page of the app's navigation (an operator sees all of them): a screenshot name, link, heading. */
export const NAV_PAGES: ReadonlyArray<[name: string, link: string, heading: RegExp]> = [
  ['overzicht', 'Overzicht', /Overzicht/],
  ['te-beoordelen', 'Te beoordelen', /Te beoordelen/],
  ['documenten', 'Documenten', /Documenten/],
  ['runs', 'Runs', /Runs/],
  ['leveringen', 'Leveringen', /Leveringen/],
  ['bankregels', 'Bankregels', /Bank/i],
  ['bonnetje', 'Bonnetje', /Bonnetje/],
  ['relaties', 'Relaties', /Relaties/],
  ['bedrijfsstatus', 'Bedrijfsstatus', /Bedrijfsstatus/],
  ['uren', 'Uren en facturen', /Uren/],
  ['instellingen', 'Instellingen', /Instellingen/],
];

/**
 * Opens a page of the app through its navigation, as a person does: on a phone (the navigation folded
 * behind *Menu*) the menu first. Answers when the page's heading is there.
 */
export async function openPage(page: Page, link: string): Promise<void> {
  // The signed-in app's banner, not the sign-in's own screen (which has an h1 too).
  await page.getByRole('banner').waitFor();
  const menu = page.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) {
    if ((await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
  }
  await page.getByRole('navigation').getByRole('link', { name: link, exact: true }).click();
  await page.locator('h1').first().waitFor();
}

/**
 * Polls *Te beoordelen* (the queue reloaded each time) until `item` (a link to a document in review) shows;
 * a failure tells what the hub printed by then (`hubLines`).
 */
export async function waitForReviewItem(
  page: Page,
  item: Locator,
  hubLines: () => string,
  timeout = 60_000,
): Promise<void> {
  try {
    await expect
      .poll(
        async () => {
          await openPage(page, 'Te beoordelen');
          // Clicking the page's own link again does not fetch the queue anew: reload it.
          await page.reload({ waitUntil: 'networkidle' });
          await page.locator('h1').first().waitFor();
          return item.count();
        },
        { timeout, interval: 1_000 },
      )
      .toBeGreaterThan(0);
  } catch (error) {
    throw new Error(`${item} not in Te beoordelen after ${timeout} ms\n${hubLines()}`, { cause: error });
  }
}
