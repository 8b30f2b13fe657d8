import type { CalendarStore, GraphEvent } from '../calendar/index.ts';
import { pickInt, pickOne } from './rng.ts';
import type { Rng, SeedOrganisation } from './types.ts';

const DAY_MS = 86_400_000;
const NEW_TOPICS = ['Ad-hoc sync', 'Vendor demo', 'Escalation', 'Coffee chat', 'Whiteboard session'];

function shift(
  dateTime: { dateTime: string; timeZone: string },
  ms: number,
): { dateTime: string; timeZone: string } {
  const moved = new Date(Date.parse(`${dateTime.dateTime.slice(0, 19)}Z`) + ms).toISOString().slice(0, 19);
  return { dateTime: moved, timeZone: dateTime.timeZone };
}

type Start = { dateTime: string; timeZone: string };

/**
 * Applies one Outlook-like change to a random REST-enabled mailbox (create, move, rename, cancel, delete,
 * edit or cancel one occurrence) and describes it. Used by the demo every few seconds.
 */
export function mutateRandomly(store: CalendarStore, org: SeedOrganisation, rng: Rng): string {
  const mailboxes = org.mailboxes.filter((m) => m.restEnabled);
  const mailbox = pickOne(rng, mailboxes);
  const stored = store.listEvents(mailbox.id);
  const singles = stored.filter((e) => e['type'] === 'singleInstance' && e['isCancelled'] !== true);
  const masters = stored.filter((e) => e['type'] === 'seriesMaster');
  const action = pickInt(rng, 0, 6);
  const at = (e: GraphEvent) => `'${String(e['subject'])}' in ${mailbox.displayName}`;
  if (action === 0 || singles.length === 0) {
    const base = Date.parse(org.generatedAt) + pickInt(rng, 0, 14) * DAY_MS;
    const start = new Date(Math.floor(base / 1_800_000) * 1_800_000).toISOString().slice(0, 19);
    const subject = pickOne(rng, NEW_TOPICS);
    const begin = { dateTime: start, timeZone: 'UTC' };
    store.createEvent(mailbox.id, {
      subject,
      start: begin,
      end: shift(begin, 3_600_000),
      isOrganizer: mailbox.kind === 'user',
    });
    return `created '${subject}' in ${mailbox.displayName}`;
  }
  const single = pickOne(rng, singles);
  if (action === 1) {
    // An all-day event stays on midnights: it moves by whole days.
    const delta =
      single['isAllDay'] === true
        ? pickOne(rng, [1, 2, 7]) * DAY_MS
        : pickOne(rng, [-2, -1, 1, 2, 24]) * 3_600_000;
    store.updateEvent(mailbox.id, single.id, {
      start: shift(single['start'] as Start, delta),
      end: shift(single['end'] as Start, delta),
    });
    return `moved ${at(single)} by ${delta / 3_600_000} h`;
  }
  if (action === 2) {
    store.updateEvent(mailbox.id, single.id, { subject: `${String(single['subject'])} (updated)` });
    return `renamed ${at(single)}`;
  }
  if (action === 3) {
    store.cancelEvent(mailbox.id, single.id);
    return `cancelled ${at(single)}`;
  }
  if (action === 4 || masters.length === 0) {
    store.deleteEvent(mailbox.id, single.id);
    return `deleted ${at(single)}`;
  }
  const master = pickOne(rng, masters);
  const from = Date.parse(org.generatedAt);
  const instances =
    store.instances(mailbox.id, master.id, new Date(from - 7 * DAY_MS), new Date(from + 60 * DAY_MS)) ?? [];
  if (instances.length === 0) {
    store.updateEvent(mailbox.id, master.id, { subject: `${String(master['subject'])} (series updated)` });
    return `edited the whole series ${at(master)}`;
  }
  const occurrence = pickOne(rng, instances);
  if (action === 5) {
    store.cancelEvent(mailbox.id, occurrence.id);
    return `cancelled one occurrence of ${at(master)}`;
  }
  store.updateEvent(mailbox.id, occurrence.id, { subject: `${String(master['subject'])} (this week only)` });
  return `edited one occurrence of ${at(master)}`;
}
