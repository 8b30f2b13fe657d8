import type { CalendarStore, GraphEvent } from '../calendar/index.ts';
import type { DeliveryQueue } from './delivery-queue.ts';
import { changeNotification } from './notification-payloads.ts';
import type { SubscriptionStore } from './subscription-store.ts';
import type { ChangeType } from './types.ts';

export interface ChangeNotifierDeps {
  subscriptions: () => SubscriptionStore;
  deliveries: () => DeliveryQueue;
  nowMs: () => number;
}

/**
 * A calendar store that notifies subscribers after every event mutation (docs/microsoft-graph.md §5.3).
 * Bulk imports (seeding) notify nobody: they happen before anyone subscribes.
 */
export function withChangeNotifications(store: CalendarStore, deps: ChangeNotifierDeps): CalendarStore {
  const notify = (mailboxId: string, changeType: ChangeType, eventId: string, etag?: string): void => {
    for (const s of deps.subscriptions().listByMailbox(mailboxId, deps.nowMs())) {
      if (!s.changeTypes.includes(changeType) || s.reauthorizationRequired) continue;
      deps.deliveries().enqueueChange(s, changeNotification(s, changeType, eventId, etag));
    }
  };
  const etagOf = (e: GraphEvent | undefined): string | undefined => {
    const tag = e?.['@odata.etag'];
    return typeof tag === 'string' ? tag : undefined;
  };
  return {
    ...store,
    createEvent(mailboxId, input) {
      const created = store.createEvent(mailboxId, input);
      notify(mailboxId, 'created', created.id, etagOf(created));
      return created;
    },
    updateEvent(mailboxId, eventId, patch) {
      const updated = store.updateEvent(mailboxId, eventId, patch);
      notify(mailboxId, 'updated', updated.id, etagOf(updated));
      return updated;
    },
    cancelEvent(mailboxId, eventId) {
      store.cancelEvent(mailboxId, eventId);
      const after = store.getEvent(mailboxId, eventId);
      notify(mailboxId, after ? 'updated' : 'deleted', eventId, etagOf(after));
    },
    deleteEvent(mailboxId, eventId) {
      store.deleteEvent(mailboxId, eventId);
      notify(mailboxId, 'deleted', eventId);
    },
    removeMailbox(mailboxId) {
      store.removeMailbox(mailboxId);
      deps.subscriptions().removeMailbox(mailboxId);
    },
    moveToFolder(mailboxId, eventId) {
      const newId = store.moveToFolder(mailboxId, eventId);
      notify(mailboxId, 'deleted', eventId);
      notify(mailboxId, 'created', newId, etagOf(store.getEvent(mailboxId, newId)));
      return newId;
    },
  };
}
