import type { CalendarStore, EventInput, GraphEvent } from '@calsync/graph-emulator/calendar';

/**
 * The Graph emulator's calendar store with one addition EWS needs: a revision per stored item (single or
 * series master). Exchange keeps exceptions inside the master, so editing or cancelling one occurrence is
 * an Update of the master for SyncFolderItems — the Graph store leaves the master's changeKey alone there.
 */
export interface TrackedCalendarStore extends CalendarStore {
  /** Bumped on every change that touches the stored item (including its occurrences). */
  revisionOf(mailboxId: string, storedId: string): number;
}

export function trackRevisions(store: CalendarStore): TrackedCalendarStore {
  const revisions = new Map<string, number>();
  const key = (mailboxId: string, storedId: string): string => `${mailboxId}\0${storedId}`;
  const bump = (mailboxId: string, storedId: string): void => {
    const k = key(mailboxId, storedId);
    revisions.set(k, (revisions.get(k) ?? 0) + 1);
  };
  /** The stored item an id belongs to: itself, or the master of an occurrence/exception. */
  const storedIdOf = (mailboxId: string, eventId: string): string => {
    const event = store.getEvent(mailboxId, eventId);
    const master = event?.['seriesMasterId'];
    return typeof master === 'string' && master !== '' ? master : eventId;
  };
  const touching =
    <A extends unknown[], R>(run: (mailboxId: string, eventId: string, ...rest: A) => R) =>
    (mailboxId: string, eventId: string, ...rest: A): R => {
      const storedId = storedIdOf(mailboxId, eventId);
      const result = run(mailboxId, eventId, ...rest);
      bump(mailboxId, storedId);
      return result;
    };
  return {
    ...store,
    createEvent(mailboxId: string, input: EventInput): GraphEvent {
      const created = store.createEvent(mailboxId, input);
      bump(mailboxId, created.id);
      return created;
    },
    importEvent(mailboxId: string, input: EventInput): string {
      const id = store.importEvent(mailboxId, input);
      bump(mailboxId, id);
      return id;
    },
    updateEvent: touching((m, id, patch: Partial<EventInput>) => store.updateEvent(m, id, patch)),
    cancelEvent: touching((m, id) => store.cancelEvent(m, id)),
    deleteEvent: touching((m, id) => store.deleteEvent(m, id)),
    revisionOf: (mailboxId, storedId) => revisions.get(key(mailboxId, storedId)) ?? 0,
  };
}
