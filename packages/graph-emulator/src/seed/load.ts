import type { CalendarStore } from '../calendar/index.ts';
import type { SeedOrganisation } from './types.ts';

const DAY_MS = 86_400_000;
/** How far after a series' start afterCreate edits look for the occurrence they name. */
const EDIT_HORIZON_MS = 400 * DAY_MS;

/** Creates every event of the organisation and applies its occurrence edits and cancellations. */
export function loadOrganisation(store: CalendarStore, org: SeedOrganisation): void {
  for (const event of org.events) {
    if (event.afterCreate === undefined || event.afterCreate.length === 0) {
      store.importEvent(event.mailboxId, event.input);
      continue;
    }
    const created = store.createEvent(event.mailboxId, event.input);
    const start = Date.parse(`${(created['start'] as { dateTime: string }).dateTime.slice(0, 19)}Z`);
    const instances =
      store.instances(
        event.mailboxId,
        created.id,
        new Date(start - DAY_MS),
        new Date(start + EDIT_HORIZON_MS),
      ) ?? [];
    for (const edit of event.afterCreate) {
      const target = instances[edit.occurrenceIndex];
      if (target === undefined) continue;
      if (edit.kind === 'cancelOccurrence') store.cancelEvent(event.mailboxId, target.id);
      else store.updateEvent(event.mailboxId, target.id, edit.patch ?? {});
    }
  }
}
