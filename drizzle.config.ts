import { defineConfig } from 'drizzle-kit';

// Generation only: no database credentials; migrations are applied by scripts/migrate.ts.
export default defineConfig({
  dialect: 'postgresql',
  schema: './packages/core/src/db/schema.ts',
  out: './migrations',
});
