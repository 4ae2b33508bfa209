import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          // Our validator held to the official EN 16931 / SI-UBL 2.0 artifacts (SaxonJS); see test/conformance.
          name: 'conformance',
          include: ['test/conformance/**/*.test.ts'],
          environment: 'node',
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
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // The emulators are shared; files run one after another to keep their state apart.
          fileParallelism: false,
        },
      },
    ],
  },
});
