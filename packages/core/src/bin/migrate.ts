// `npm run migrate`: applies the committed migrations as the owner (DATABASE_ADMIN_URL)
// and lets the app role (DATABASE_URL) log in.
import { runMigrations } from '../db/index.ts';

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set (see .env.example)`);
    process.exit(1);
  }
  return value;
}

const adminUrl = requireEnv('DATABASE_ADMIN_URL');
const appUrl = requireEnv('DATABASE_URL');
try {
  await runMigrations({ adminUrl, appUrl });
  console.log('migrations applied');
} catch (error) {
  // Messages from runMigrations and pg never include the URLs' passwords.
  console.error(`migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
