import { afterAll, beforeAll, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.ts';
import { type BrowserHub, startBrowserHub } from './support/browser-hub.ts';
import { type LaunchedBrowser, launchChromium } from './support/chromium.ts';
import { describeWithParts } from './support/needs-parts.ts';
import { screenshot } from './support/screenshots.ts';

/** The hub's web server as a browser meets it: config, security headers, the app's files. */
describeWithParts(['chromium'], 'web server in Chromium', () => {
  let hub: BrowserHub;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    hub = await startBrowserHub();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });

  it('listens on 127.0.0.1 and serves the contract’s /config.json', async () => {
    // Prepare
    const page = await browser.context.newPage();

    // Act
    const answer = await page.goto(`${hub.web}/config.json`);

    // Assess
    expect(new URL(hub.web).hostname).toBe('127.0.0.1');
    if (!hub.addresses.identity) {
      expect(answer?.status()).toBe(503);
      return;
    }
    expect(answer?.status()).toBe(200);
    expect(await answer?.json()).toEqual({
      apiBase: '',
      issuer: hub.addresses.identity,
      clientId: 'cashlink-web',
      redirectPath: '/auth/callback',
      locale: 'nl',
    });
  });

  it('sends the contract’s security headers on pages, files, problems and /v1 answers', async () => {
    // Prepare
    const page = await browser.context.newPage();

    // Act
    const answers = [
      await page.goto(`${hub.web}/`),
      await page.goto(`${hub.web}/documenten`),
      await page.goto(`${hub.web}/bestaat-niet.js`),
      await page.goto(`${hub.web}/v1/app/me`),
    ];

    // Assess
    for (const answer of answers) {
      const headers = answer?.headers() ?? {};
      expect(headers['content-security-policy']).toMatch(
        /^default-src 'self'; script-src 'self'; style-src 'self';/,
      );
      expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['referrer-policy']).toBe('no-referrer');
    }
    expect(answers[2]?.status()).toBe(404);
    // Without a token the app API (or, before it exists, the gateway) refuses: never a page.
    expect([401, 404]).toContain(answers[3]?.status());
  });
});

/** The built app itself: index.html for app routes, hashed assets cached for a year, CSP-clean, axe-clean. */
describeWithParts(['chromium', 'web-app'], 'the built web app in Chromium', () => {
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

  it('loads under its CSP without a violation, index.html revalidated and hashed assets immutable', async () => {
    // Prepare
    const page = await browser.context.newPage();
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
    });
    const assets: Array<{ url: string; cache: string | undefined }> = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/assets/'))
        assets.push({ url: response.url(), cache: response.headers()['cache-control'] });
    });

    // Act
    const answer = await page.goto(`${hub.web}/te-beoordelen`, { waitUntil: 'networkidle' });

    // Assess
    expect(answer?.status()).toBe(200);
    expect(answer?.headers()['cache-control']).toBe('no-cache');
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) expect(asset.cache).toBe('public, max-age=31536000, immutable');
    expect(refused).toEqual([]);
  });

  it('shows the sign-in page without serious or critical axe violations', async () => {
    // Prepare
    const page = await axeBrowser.context.newPage();

    // Act
    await page.goto(`${hub.web}/`, { waitUntil: 'networkidle' });
    const violations = await seriousViolations(page);
    await screenshot(page, 'app-before-sign-in');

    // Assess
    expect(violations).toEqual([]);
  });
});
