import { AppError } from '../errors/index.ts';

/**
 * A display or feed token's limits: read-only, and only these mailboxes of its tenant
 * (docs/architecture.md "Display and feed tokens").
 */
export interface MailboxScope {
  purpose: 'DISPLAY' | 'FEED';
  mailboxIds: readonly string[];
}

/** Who is calling. Platform admins belong to no tenant; tenant keys act only inside theirs. */
export type Principal =
  | { role: 'PLATFORM_ADMIN'; tenantId: null; keyId: string | null }
  | { role: 'ADMIN' | 'READER'; tenantId: string; keyId: string; scope?: MailboxScope };

/** The mailbox scope of a display or feed token; null for keys that see the whole tenant. */
export function mailboxScopeOf(principal: Principal): MailboxScope | null {
  return principal.role === 'PLATFORM_ADMIN' ? null : (principal.scope ?? null);
}

export function requirePlatformAdmin(principal: Principal): void {
  if (principal.role !== 'PLATFORM_ADMIN')
    throw new AppError('FORBIDDEN', 'only the platform admin may do this');
}

/**
 * The tenant an operation acts on. A platform admin must name one where the operation
 * allows it; a tenant key always acts on its own tenant.
 */
export function resolveTenant(principal: Principal, requestedTenantId?: string | null): string {
  if (principal.role === 'PLATFORM_ADMIN') {
    if (!requestedTenantId) {
      throw new AppError(
        'FORBIDDEN',
        'the platform admin key acts on tenants only where tenantId is given; use a tenant API key',
      );
    }
    return requestedTenantId;
  }
  if (requestedTenantId && requestedTenantId !== principal.tenantId) {
    throw new AppError('NOT_FOUND', 'tenant not found');
  }
  return principal.tenantId;
}

/** Mutations need ADMIN (or the platform admin acting on a tenant); READER keys only query. */
export function requireWriter(principal: Principal): void {
  if (principal.role === 'READER') throw new AppError('FORBIDDEN', 'this API key is read-only (role READER)');
}
