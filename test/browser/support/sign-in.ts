import type { Page } from 'playwright-core';

/** The demo logins of the local provider (hub/identity); the password the banner prints. */
export const DEMO_PASSWORD = process.env.CASHLINK_DEMO_PASSWORD ?? 'demo-wachtwoord';
export const DEMO_USERS = {
  operator: 'beheer@demo.cashlink.local',
  bookkeeper: 'boekhouder@demo.cashlink.local',
  readOnly: 'lezer@demo.cashlink.local',
  outsider: 'buiten@demo.cashlink.local',
} as const;

/** Where the app's requests to `/v1/app/*` went, with the bearer token they carried. */
export interface SeenApiCall {
  url: string;
  status: number;
  authorization: string | undefined;
}

/** Records every `/v1/app/*` answer the page gets. */
export function recordApiCalls(page: Page): SeenApiCall[] {
  const calls: SeenApiCall[] = [];
  page.on('response', (response) => {
    if (!new URL(response.url()).pathname.startsWith('/v1/app/')) return;
    calls.push({
      url: response.url(),
      status: response.status(),
      authorization: response.request().headers().authorization,
    });
  });
  return calls;
}

/**
 * Signs in as a user sees it: the app's `Inloggen` button, the provider's form (E-mailadres, Wachtwoord,
 * Aanmelden), back to the app at its callback; answers when the app shows its first page.
 */
export async function signIn(
  page: Page,
  web: string,
  email: string,
  password = DEMO_PASSWORD,
): Promise<void> {
  await page.goto(`${web}/`, { waitUntil: 'networkidle' });
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByLabel('E-mailadres').waitFor();
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await page.waitForURL((url) => url.origin === new URL(web).origin && !url.pathname.startsWith('/auth/'));
  await page.locator('h1').first().waitFor();
}
