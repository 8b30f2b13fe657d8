import { defineConfig } from 'drizzle-kit';

// Generation only: no database credentials; migrations are applied by packages/core/src/bin/migrate.ts.
export default defineConfig({
  dialect: 'postgresql',
  schema: './packages/core/src/db/schema.ts',
  out: './migrations',
});
