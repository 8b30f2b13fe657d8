import type { MercuriusLoaders } from 'mercurius';
import { connectorLoaders } from './connectors.ts';
import { eventLoaders } from './events.ts';
import { graphNotificationLoaders } from './graph-notifications.ts';

/**
 * Batched parent→child field loaders (no N+1), one map per aggregate, merged per type.
 * Each loader receives every parent of one request at once plus the request context
 * (tenant-scoped: always query through withTenant(principal.tenantId)).
 */
const ALL: MercuriusLoaders[] = [connectorLoaders, eventLoaders, graphNotificationLoaders];

export function buildLoaders(): MercuriusLoaders {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const map of ALL) {
    for (const [type, fields] of Object.entries(map)) {
      merged[type] = { ...merged[type], ...(fields as Record<string, unknown>) };
    }
  }
  return merged as MercuriusLoaders;
}
