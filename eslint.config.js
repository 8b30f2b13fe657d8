// Type-aware lint plus the import boundaries from design/conventions.md.
import tseslint from 'typescript-eslint';

const noTransportInCore = {
  patterns: [
    {
      group: ['fastify', 'fastify/*', 'mercurius', 'mercurius/*', '@fastify/*'],
      message: 'core imports no transport',
    },
    { group: ['@calsync/api', '@calsync/worker', '**/apps/**'], message: 'core never imports an app' },
    {
      group: [
        '@calsync/graph-emulator',
        '**/graph-emulator/**',
        '@calsync/ews-emulator',
        '**/ews-emulator/**',
      ],
      message: 'production code never loads the emulator',
    },
  ],
  paths: [{ name: 'bullmq', importNames: ['Worker'], message: 'core never runs a BullMQ Worker' }],
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.calsync/**',
      'migrations/**',
      'eslint.config.js',
      'apps/api/src/graphiql/*.js',
      // GraphQL Code Generator output, checked by `npm run check:client` instead.
      'packages/client/src/generated/**',
      // Plain-JS launcher that registers tsx; the CLI itself is TypeScript.
      'packages/cli/bin/*.js',
      // esbuild bundle of packages/board, checked by `npm run check:client`.
      'apps/api/src/board/board.js',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['packages/core/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', noTransportInCore] },
  },
  {
    files: ['apps/api/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@calsync/worker', '**/worker/**', '@calsync/graph-emulator', '@calsync/ews-emulator'],
              message: 'apps never import each other or the emulator',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/worker/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@calsync/api', '**/api/**', '@calsync/graph-emulator', '@calsync/ews-emulator'],
              message: 'apps never import each other or the emulator',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/graph-emulator/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@calsync/core', '**/core/**'], message: 'the emulator is an independent oracle' },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/ews-emulator/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@calsync/core', '**/core/**'], message: 'the emulator is an independent oracle' },
          ],
        },
      ],
    },
  },
  {
    // Tests use loose typing on JSON payloads on purpose.
    files: ['**/*.test.ts', 'tests/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
