export * from './definitions.ts';
export * from './queues.ts';
export * from './schedule-connector.ts';
export * from './reconcile-schedules.ts';
export * from './lease-slots.ts';
