import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); playwright-core downloads no browser of its own. */
export const CHROMIUM_PATH = process.env.CASHLINK_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** A screen the browser pretends to be: its CSS pixel size, pixel density, touch and mobile viewport. */
export interface Device {
  viewport: { width: number; height: number };
  deviceScaleFactor: number;
  isMobile: boolean;
  hasTouch: boolean;
}

/** The desktop every browser test ran on before phones: a laptop window, mouse, no mobile viewport. */
export const DESKTOP_DEVICE: Device = {
  viewport: { width: 1280, height: 900 },
  deviceScaleFactor: 1,
  isMobile: false,
  hasTouch: false,
};

/** A phone held upright (iPhone 12–15 class): 390 × 844 CSS pixels at 3×, touch, the page's meta viewport. */
export const PHONE_DEVICE: Device = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
};

export interface LaunchedBrowser {
  context: BrowserContext;
  close: () => Promise<void>;
}

/**
 * Chromium headless with a fresh profile of its own (nothing from a previous run: cookies, storage, cache).
 * `bypassCSP` lets axe-core be injected into pages whose CSP forbids foreign script; tests that check the
 * page is CSP-clean launch without it. `device` is the screen (DESKTOP_DEVICE unless told).
 */
export async function launchChromium(
  options: { bypassCSP?: boolean; device?: Device } = {},
): Promise<LaunchedBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'cashlink-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    bypassCSP: options.bypassCSP ?? false,
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
    ...(options.device ?? DESKTOP_DEVICE),
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
