import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';
import { chromiumAvailable } from './chromium.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Parts of issue 12 a browser scenario drives, each by the file that brings it: the teams' work lands in
 * main during the session, and a scenario runs once every part it needs is in the checkout.
 */
const PARTS = {
  chromium: { present: chromiumAvailable, what: 'Chromium (/usr/bin/chromium)' },
  'web-app': {
    present: () => existsSync(`${root}dist/web/index.html`),
    what: 'the built web app (dist/web)',
  },
  'sign-in': {
    // The provider runs in the hub once LocalHub starts it.
    present: () =>
      existsSync(`${root}hub/identity/hub-identity.ts`) &&
      readFileSync(`${root}hub/local-hub.ts`, 'utf8').includes('startHubIdentity('),
    what: 'the local sign-in provider started by the hub (hub/identity)',
  },
  'sign-in-redirect': {
    // The provider's form answers with a redirect to the web app, which its CSP form-action must allow.
    present: () =>
      readFileSync(`${root}hub/identity/identity-server.ts`, 'utf8').includes("webOrigins.join(' ')"),
    what: 'the sign-in provider returning to the web app (form-action naming the web origins)',
  },
  'app-api': {
    present: () => existsSync(`${root}lib/app-api/app-router.ts`),
    what: 'the app API (lib/app-api)',
  },
} as const;

export type BrowserPart = keyof typeof PARTS;

export function missingParts(needs: readonly BrowserPart[]): string[] {
  return needs.filter((part) => !PARTS[part].present()).map((part) => PARTS[part].what);
}

/** A `describe` run when every part is there, skipped with the reason in its name otherwise. */
export function describeWithParts(needs: readonly BrowserPart[], name: string, factory: () => void): void {
  const missing = missingParts(needs);
  describe(
    missing.length > 0 ? `${name} (not run: missing ${missing.join(', ')})` : name,
    { skip: missing.length > 0 },
    factory,
  );
}
