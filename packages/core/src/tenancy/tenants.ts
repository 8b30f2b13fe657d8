import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { listAllTenants, withTenant, tenants, type Database, type TenantRow } from '../db/index.ts';
import { badInput, conflict, isUniqueViolation } from '../errors/index.ts';
import { insertApiKey, type CreatedApiKey } from './api-keys.ts';
import { decodeUuidCursor, encodeCursor, type Page } from './cursor.ts';
import { requirePlatformAdmin, type Principal } from './principal.ts';

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export interface CreateTenantInput {
  name: string;
  slug: string;
}

function validateTenantInput(input: CreateTenantInput): CreateTenantInput {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 200) throw badInput('name', 'must be 1–200 characters');
  if (!SLUG.test(input.slug)) {
    throw badInput(
      'slug',
      'must be 1–63 lower-case letters, digits or hyphens, not starting or ending with a hyphen',
    );
  }
  return { name, slug: input.slug };
}

/** Platform admin: creates a tenant and its first ADMIN key (the secret is returned once). */
export async function createTenant(
  db: Database,
  principal: Principal,
  input: CreateTenantInput,
): Promise<{ tenant: TenantRow } & CreatedApiKey> {
  requirePlatformAdmin(principal);
  const valid = validateTenantInput(input);
  const id = randomUUID();
  try {
    return await withTenant(db, id, async (tx) => {
      const [tenant] = await tx
        .insert(tenants)
        .values({ id, ...valid })
        .returning();
      if (!tenant) throw new Error('tenant insert returned nothing');
      const key = await insertApiKey(tx, { tenantId: id, name: 'Initial admin key', role: 'ADMIN' });
      return { tenant, ...key };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`a tenant with slug "${valid.slug}" exists`);
    throw error;
  }
}

/** The caller's own tenant, or null for a platform admin. */
export async function findTenant(db: Database, tenantId: string): Promise<TenantRow | null> {
  return withTenant(db, tenantId, async (tx) => {
    const [row] = await tx
      .select()
      .from(tenants)
      .where(sql`${tenants.id} = ${tenantId}`);
    return row ?? null;
  });
}

/** Platform admin: every tenant, by creation order, through the security-definer listing. */
export async function listTenants(
  db: Database,
  principal: Principal,
  args: { first: number; after?: string | null | undefined },
): Promise<Page<TenantRow>> {
  requirePlatformAdmin(principal);
  if (args.first < 1 || args.first > 200) throw badInput('first', 'must be between 1 and 200');
  const after = args.after ? decodeUuidCursor(args.after) : null;
  const rows = await listAllTenants(db, args.first + 1, after);
  const nodes = rows.slice(0, args.first);
  const last = nodes.at(-1);
  return {
    nodes,
    pageInfo: { hasNextPage: rows.length > args.first, endCursor: last ? encodeCursor(last.id) : null },
  };
}
