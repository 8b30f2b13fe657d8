import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';

/** The role the RLS migration creates; DATABASE_URL must log in as it. */
export const appRoleName = 'calsync_app';

const defaultMigrationsFolder = fileURLToPath(new URL('../../../../migrations', import.meta.url));
// Arbitrary constant: serialises concurrent runMigrations calls (api and worker starting together).
const migrationLockKey = 4_242_001;

export interface RunMigrationsOptions {
  /** Owner connection (DATABASE_ADMIN_URL). */
  adminUrl: string;
  /** App connection (DATABASE_URL); its user must be calsync_app, its password is set on the role. */
  appUrl: string;
  migrationsFolder?: string | undefined;
}

/**
 * Applies the committed drizzle migrations as the owner, then lets the app role
 * log in with the password from `appUrl`. Throws before touching anything when
 * the URLs would make the app connect as the owner or as an unknown role.
 */
export async function runMigrations(options: RunMigrationsOptions): Promise<void> {
  const app = readCredentials(options.appUrl, 'DATABASE_URL');
  const admin = readCredentials(options.adminUrl, 'DATABASE_ADMIN_URL');
  if (app.user !== appRoleName) {
    throw new Error(`DATABASE_URL must connect as the role "${appRoleName}" (it names "${app.user}")`);
  }
  if (admin.user === app.user) {
    throw new Error('DATABASE_ADMIN_URL must connect as the owner role, not as the app role');
  }
  const client = new pg.Client({ connectionString: options.adminUrl });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [migrationLockKey]);
    await migrate(drizzle(client), { migrationsFolder: options.migrationsFolder ?? defaultMigrationsFolder });
    const password = app.password === '' ? 'NULL' : client.escapeLiteral(app.password);
    await client.query(`ALTER ROLE ${appRoleName} LOGIN PASSWORD ${password}`);
  } finally {
    await client.query('select pg_advisory_unlock($1)', [migrationLockKey]).catch(() => undefined);
    await client.end();
  }
}

function readCredentials(url: string, name: string): { user: string; password: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Never echo the URL: it carries a password.
    throw new Error(`${name} is not a valid postgres:// URL`);
  }
  const user = decodeURIComponent(parsed.username);
  if (user === '') throw new Error(`${name} names no user`);
  return { user, password: decodeURIComponent(parsed.password) };
}
