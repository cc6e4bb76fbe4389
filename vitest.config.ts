import { defineConfig } from 'vitest/config';

// unit: pure functions · api: the Hono app through app.request() on a real database
// (PGlite; and PostgreSQL too when TEST_DATABASE_URL is set) · e2e: Debian's Chromium
// against the production build served by the self-host server, plus the Vercel function ·
// edge: the public API in Vercel's edge-runtime on PostgreSQL (needs TEST_DATABASE_URL).
const postgres = process.env.TEST_DATABASE_URL;

export default defineConfig({
  test: {
    environment: 'node',
    setupFiles: ['tests/helpers/fail-on-console-error.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'api', include: ['tests/api/**/*.test.ts'], env: { TEST_DB: 'pglite' }, testTimeout: 30_000, hookTimeout: 60_000 },
      },
      ...(postgres
        ? [
            {
              extends: true as const,
              test: {
                name: 'api-postgres',
                include: ['tests/api/**/*.test.ts'],
                env: { TEST_DB: 'postgres' },
                testTimeout: 30_000,
                hookTimeout: 60_000,
              },
            },
          ]
        : []),
      // The public API inside Vercel's edge-runtime, on the neon driver through a
      // WebSocket-to-TCP bridge to the real PostgreSQL (docs/decisions/150).
      ...(postgres
        ? [
            {
              extends: true as const,
              test: { name: 'edge', include: ['tests/edge/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 },
            },
          ]
        : []),
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
