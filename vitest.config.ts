import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // forks (not threads): NODE_EXTRA_CA_CERTS and child-process servers behave as in production.
    pool: 'forks',
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'tests/**/*.test.ts'],
    globalSetup: ['tests/setup/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
