import { defineConfig } from 'vitest/config';
import { conformanceDir } from './test/support/shared-location.ts';
import { SharedMissingReporter } from './test/support/shared-missing-reporter.ts';

/** lib/invoices/conformance (and the CLI it serves) reads the artifacts where the tests look for them. */
const env = { CASHLINK_CONFORMANCE_DIR: conformanceDir };

export default defineConfig({
  test: {
    // Tests that need ../shared are skipped on a clone without it; the reporter counts them (fails under CI=true).
    reporters: ['default', new SharedMissingReporter()],
    projects: [
      {
        test: {
          name: 'unit',
          // web/test: the browser app's tests (files that need a DOM say `@vitest-environment happy-dom`).
          include: ['test/unit/**/*.test.ts', 'web/test/**/*.test.{ts,tsx}'],
          environment: 'node',
          env,
          // Tests assert behaviour, not speed: a CDK synthesis or a 40 MB message on a busy 2-core machine
          // may take longer than vitest's default 5 s.
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          // Our validator held to the official EN 16931 / SI-UBL 2.0 artifacts (SaxonJS); see test/conformance.
          name: 'conformance',
          include: ['test/conformance/**/*.test.ts'],
          environment: 'node',
          env,
          globalSetup: ['test/conformance/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 600_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          env,
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // The emulators are shared; files run one after another to keep their state apart.
          fileParallelism: false,
        },
      },
      {
        test: {
          // Real-browser scenarios (Debian's Chromium via playwright-core, axe-core) against an in-process hub.
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          env,
          globalSetup: ['test/browser/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          // Each file starts a hub and a browser; two at once would only fight over the two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
