import { Counter, type Registry } from 'prom-client';

/** Counters of Graph notifications received on the webhooks (docs/graph-notifications.md). */
export function createNotificationMetrics(registry: Registry) {
  return {
    received: new Counter({
      name: 'calsync_graph_notifications_received_total',
      help: 'Graph notification items received, by kind (change or lifecycle)',
      labelNames: ['kind'],
      registers: [registry],
    }),
    dropped: new Counter({
      name: 'calsync_graph_notifications_dropped_total',
      help: 'Graph notification items dropped: unknown subscription, clientState mismatch or malformed item',
      labelNames: ['reason'],
      registers: [registry],
    }),
    coalesced: new Counter({
      name: 'calsync_graph_notifications_coalesced_total',
      help: 'Accepted change notifications that joined a mailbox sync already pending',
      registers: [registry],
    }),
  };
}

export type NotificationMetrics = ReturnType<typeof createNotificationMetrics>;
