// The drizzle schema: the single source for generated migrations (drizzle.config.ts).
export * from './schema/enums.ts';
export * from './schema/tenants.ts';
export * from './schema/api-keys.ts';
export * from './schema/connectors.ts';
export * from './schema/mailboxes.ts';
export * from './schema/series-masters.ts';
export * from './schema/events.ts';
export * from './schema/sync-runs.ts';
export * from './schema/event-changes.ts';
export * from './schema/graph-subscriptions.ts';
export * from './schema/rooms.ts';
export * from './schema/webhook-endpoints.ts';
