import type { CalendarStore, EventInput, GraphEvent } from '../calendar/index.ts';
import type { CalendarProcessing, Mailbox } from '../directory/types.ts';
import type { FieldBehaviour } from './field-behaviour.ts';

/** Set-CalendarProcessing defaults of an Exchange Online room (docs/microsoft-graph.md §9.5). */
export const EXCHANGE_DEFAULT_PROCESSING: Readonly<CalendarProcessing> = Object.freeze({
  addOrganizerToSubject: true,
  deleteSubject: true,
  deleteComments: true,
  removePrivateProperty: true,
});

/** What Microsoft's Teams Rooms guidance sets: real subjects, bodies and private flags stay. */
export const TEAMS_ROOMS_PROCESSING: Readonly<CalendarProcessing> = Object.freeze({
  addOrganizerToSubject: false,
  deleteSubject: false,
  deleteComments: false,
  removePrivateProperty: false,
});

/** The settings a room's bookings go through: its own, else Exchange's defaults in the field. */
export function processingFor(mailbox: Mailbox | undefined, behaviour: FieldBehaviour): CalendarProcessing {
  if (mailbox?.kind !== 'room') return TEAMS_ROOMS_PROCESSING;
  return (
    mailbox.room?.calendarProcessing ??
    (behaviour.roomCalendarProcessing ? EXCHANGE_DEFAULT_PROCESSING : TEAMS_ROOMS_PROCESSING)
  );
}

/**
 * How the booking attendant rewrites an auto-accepted invitation in the room's copy. Items the room owns
 * (created in the room calendar directly) keep their subject.
 */
export function rewriteBooking(
  fields: Partial<EventInput>,
  organizerName: string,
  settings: CalendarProcessing,
): Partial<EventInput> {
  const out: Partial<EventInput> = { ...fields };
  if (fields.subject !== undefined) {
    if (settings.deleteSubject && settings.addOrganizerToSubject) out.subject = organizerName;
    else if (settings.deleteSubject) out.subject = '';
    else if (settings.addOrganizerToSubject) out.subject = `${organizerName} ${fields.subject}`;
  }
  if (settings.deleteComments && fields.body !== undefined) out.body = { contentType: 'html', content: '' };
  if (settings.removePrivateProperty && fields.sensitivity === 'private') out.sensitivity = 'normal';
  return out;
}

const isInvitation = (input: Partial<EventInput>): boolean => input.isOrganizer === false;

/**
 * A calendar store whose room mailboxes process invitations like Exchange's booking attendant.
 * `lookup` reads the current directory and behaviour (both are replaced on reset).
 */
export function withRoomProcessing(
  store: CalendarStore,
  lookup: () => { findMailbox(id: string): Mailbox | undefined; behaviour: FieldBehaviour },
): CalendarStore {
  const settingsOf = (mailboxId: string): CalendarProcessing => {
    const current = lookup();
    return processingFor(current.findMailbox(mailboxId), current.behaviour);
  };
  const processNew = (mailboxId: string, input: EventInput): EventInput => {
    if (!isInvitation(input)) return input;
    const organizer = input.organizer?.emailAddress.name ?? '';
    return { ...input, ...rewriteBooking(input, organizer, settingsOf(mailboxId)) };
  };
  return {
    ...store,
    createEvent: (mailboxId, input) => store.createEvent(mailboxId, processNew(mailboxId, input)),
    importEvent: (mailboxId, input) => store.importEvent(mailboxId, processNew(mailboxId, input)),
    updateEvent(mailboxId, eventId, patch): GraphEvent {
      const current = store.getEvent(mailboxId, eventId);
      if (current === undefined || current['isOrganizer'] !== false)
        return store.updateEvent(mailboxId, eventId, patch);
      const organizer = (current['organizer'] as { emailAddress?: { name?: string } } | undefined)
        ?.emailAddress?.name;
      return store.updateEvent(
        mailboxId,
        eventId,
        rewriteBooking(patch, organizer ?? '', settingsOf(mailboxId)),
      );
    },
  };
}
