import { defineConfig } from 'vitest/config';

// Two projects: `unit` needs nothing but Node (no Postgres, Redis or emulator process), so
// `npm run test:unit` answers in seconds; `integration` gets the global setup that starts a
// throwaway Postgres and Redis. A test that needs a service is named *.int.test.ts or lives
// under tests/. `npm test` runs both.
const integrationFiles = ['**/*.int.test.ts', 'tests/**/*.test.ts'];

export default defineConfig({
  test: {
    // forks (not threads): NODE_EXTRA_CA_CERTS and child-process servers behave as in production.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['**/node_modules/**', ...integrationFiles],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['packages/*/src/**/*.int.test.ts', 'apps/*/src/**/*.int.test.ts', 'tests/**/*.test.ts'],
          globalSetup: ['tests/setup/global-setup.ts'],
        },
      },
    ],
  },
});
