import { sql } from 'drizzle-orm';
import type { Database } from './client.ts';

/**
 * Why the role behind DATABASE_URL must not run the apps: a superuser, a BYPASSRLS role or
 * the owner of the tables is not held by row-level security (owners skip it unless FORCE,
 * and can ALTER it away), so one bug would expose every tenant. Empty when the role is fine.
 */
export async function appRoleProblems(db: Database): Promise<string[]> {
  const result = await db.execute<{
    role: string;
    superuser: boolean;
    bypassrls: boolean;
    owns: boolean;
  }>(sql`
    select r.rolname as role, r.rolsuper as superuser, r.rolbypassrls as bypassrls,
      exists (select 1 from pg_tables t where t.schemaname = 'public' and t.tableowner = current_user) as owns
    from pg_roles r where r.rolname = current_user`);
  const row = result.rows[0];
  if (!row) return ['its role could not be read from pg_roles'];
  const problems: string[] = [];
  if (row.superuser) problems.push(`role "${row.role}" is a superuser`);
  if (row.bypassrls) problems.push(`role "${row.role}" has BYPASSRLS`);
  if (row.owns) problems.push(`role "${row.role}" owns the tables`);
  return problems;
}

/** Throws one readable line when appRoleProblems finds any (apps call it at startup). */
export async function assertAppRole(db: Database): Promise<void> {
  const problems = await appRoleProblems(db);
  if (problems.length > 0) {
    throw new Error(
      `DATABASE_URL must use the app role (calsync_app), not an owner or superuser: ${problems.join('; ')}`,
    );
  }
}
