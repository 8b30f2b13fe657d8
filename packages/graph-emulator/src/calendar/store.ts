import { DeltaStates } from './delta-states.ts';
import { EventNotFoundError, InvalidEventInputError } from './errors.ts';
import { buildSeries, buildTiming, fieldsOf, firstOccurrenceTiming, withSpan } from './event-builder.ts';
import {
  makeChangeKey,
  makeEventId,
  makeImmutableId,
  makeOccurrenceId,
  parseEventId,
  parseOccurrenceId,
} from './event-ids.ts';
import type { EventFields, EventTiming, ExceptionRecord, StoredEvent, ViewItem } from './event-model.ts';
import { compareViewItems, expandEvent, expandSeries, findSeriesItem } from './expand.ts';
import { renderStoredEvent, renderViewItem } from './render-event.ts';
import { ZoneCalculator } from './time-zones.ts';
import type { ResolvedZone } from './time-zones.ts';
import type { CalendarStore, CalendarStoreOptions, EventInput, GraphEvent } from './types.ts';

interface Mailbox {
  events: Map<string, StoredEvent>;
  bySeq: Map<number, string>;
  /** Ordered change log: ids touched, with a position per entry. */
  log: { position: number; id: string }[];
  /** Origin of every seq ever used (kept after moves), and the current seq of each origin. */
  originBySeq: Map<number, number>;
  seqByOrigin: Map<number, number>;
}

/**
 * Creates an empty in-memory calendar store. Events are immutable snapshots replaced on every change, so a
 * frozen delta round keeps rendering exactly what existed when the round started.
 */
export function createCalendarStore(options: CalendarStoreOptions): CalendarStore {
  const zones = new ZoneCalculator();
  const mailboxes = new Map<string, Mailbox>();
  let seq = 0;
  let modification = 0;
  let logPosition = 0;

  const utc = (): ResolvedZone => zones.resolve('UTC') as ResolvedZone;
  const outputZone = (name: string | undefined): ResolvedZone => zones.resolve(name) ?? utc();
  const nowMs = (): number => options.clock.now().getTime();
  const nextChangeKey = (): string => makeChangeKey(++modification);

  function mailboxOf(mailboxId: string, create: boolean): Mailbox | undefined {
    let mailbox = mailboxes.get(mailboxId);
    if (mailbox === undefined && create) {
      mailbox = {
        events: new Map(),
        bySeq: new Map(),
        log: [],
        originBySeq: new Map(),
        seqByOrigin: new Map(),
      };
      mailboxes.set(mailboxId, mailbox);
    }
    return mailbox;
  }

  function record(mailbox: Mailbox, id: string, event: StoredEvent): void {
    // A series master never appears in a view: its changes surface through its occurrences, so logging
    // its id would make delta report the master as @removed.
    if (event.series !== undefined && id === event.id) return;
    mailbox.log.push({ position: ++logPosition, id });
  }

  function save(mailbox: Mailbox, event: StoredEvent, touchedId: string): void {
    mailbox.events.set(event.id, withSpan(zones, event));
    mailbox.bySeq.set(event.seq, event.id);
    mailbox.originBySeq.set(event.seq, event.originSeq);
    mailbox.seqByOrigin.set(event.originSeq, event.seq);
    record(mailbox, touchedId, event);
  }

  function remove(mailbox: Mailbox, event: StoredEvent): void {
    mailbox.events.delete(event.id);
    mailbox.bySeq.delete(event.seq);
    record(mailbox, event.id, event);
  }

  /** Resolves an id to its stored event, plus the occurrence day when it names an occurrence. */
  function locate(
    mailboxId: string,
    eventId: string,
  ): { mailbox: Mailbox; event: StoredEvent; day?: number } {
    const mailbox = mailboxOf(mailboxId, false);
    const direct = mailbox?.events.get(eventId);
    if (mailbox !== undefined && direct !== undefined) return { mailbox, event: direct };
    const occurrence = parseOccurrenceId(eventId);
    const masterId = occurrence === undefined ? undefined : mailbox?.bySeq.get(occurrence.masterSeq);
    const master = masterId === undefined ? undefined : mailbox?.events.get(masterId);
    if (mailbox === undefined || occurrence === undefined || master === undefined)
      throw new EventNotFoundError(eventId);
    if (findSeriesItem(zones, master, occurrence.day)?.id !== eventId) throw new EventNotFoundError(eventId);
    return { mailbox, event: master, day: occurrence.day };
  }

  function withRecurrence(event: StoredEvent, recurrence: EventInput['recurrence']): StoredEvent {
    if (recurrence === undefined || recurrence === null) return { ...event, series: undefined };
    const series = buildSeries(zones, event.timing, recurrence);
    const withSeries = { ...event, series };
    return { ...withSeries, timing: firstOccurrenceTiming(zones, withSeries) };
  }

  function timingFor(current: EventTiming, patch: Partial<EventInput>, fallbackAllDay: boolean): EventTiming {
    if (patch.start === undefined && patch.end === undefined && patch.isAllDay === undefined) return current;
    const isAllDay = patch.isAllDay ?? fallbackAllDay;
    const durationMs = current.endUtc - current.startUtc;
    const start = patch.start ?? {
      dateTime: isoLocal(current.startUtc, current.startZone),
      timeZone: current.startZone.iana,
    };
    const provisional = buildTiming(zones, start, start, false);
    const end = patch.end ?? {
      dateTime: isoLocal(provisional.startUtc + durationMs, provisional.startZone),
      timeZone: provisional.startZone.iana,
    };
    return buildTiming(zones, start, end, isAllDay);
  }

  function isoLocal(utcMs: number, zone: ResolvedZone): string {
    return new Date(zones.utcToLocal(zone, utcMs)).toISOString().slice(0, 19);
  }

  function updateOccurrence(
    mailbox: Mailbox,
    master: StoredEvent,
    day: number,
    patch: Partial<EventInput>,
  ): GraphEvent {
    if (patch.recurrence !== undefined)
      throw new InvalidEventInputError('An occurrence cannot carry a recurrence.');
    const series = master.series;
    const item = findSeriesItem(zones, master, day);
    if (series === undefined || item === undefined) throw new EventNotFoundError(master.id);
    const previous = series.exceptions.get(day);
    const moved = patch.start !== undefined || patch.end !== undefined || patch.isAllDay !== undefined;
    const exception: ExceptionRecord = {
      id: item.id,
      day,
      overrides: { ...previous?.overrides, ...fieldsOf(patch) },
      timing: moved ? timingFor(item.timing, patch, item.timing.isAllDay) : previous?.timing,
      changeKey: nextChangeKey(),
      modifiedMs: nowMs(),
    };
    const exceptions = new Map(series.exceptions).set(day, exception);
    save(mailbox, { ...master, series: { ...series, exceptions } }, item.id);
    return renderOne(mailbox.events.get(master.id), item.id);
  }

  function updateStored(mailbox: Mailbox, event: StoredEvent, patch: Partial<EventInput>): GraphEvent {
    const fields: EventFields = { ...event.fields, ...fieldsOf(patch) };
    const timing = timingFor(event.timing, patch, event.timing.isAllDay);
    const timesChanged = timing !== event.timing || patch.recurrence !== undefined;
    let next: StoredEvent = { ...event, fields, timing, changeKey: nextChangeKey(), modifiedMs: nowMs() };
    if (timesChanged) {
      // Like Outlook, changing a series' times or pattern discards its exceptions and cancellations.
      next = withRecurrence(
        next,
        patch.recurrence !== undefined ? patch.recurrence : movedSeriesInput(event, timing),
      );
    } else if (next.series !== undefined) {
      // A whole-series edit also modifies every exception (they inherit the changed fields).
      const exceptions = new Map<number, ExceptionRecord>();
      for (const [day, exception] of next.series.exceptions) {
        exceptions.set(day, { ...exception, changeKey: nextChangeKey(), modifiedMs: nowMs() });
      }
      next = { ...next, series: { ...next.series, exceptions } };
    }
    save(mailbox, next, event.id);
    return renderOne(mailbox.events.get(event.id), event.id);
  }

  /** A moved series keeps its pattern but starts on the new start date. */
  function movedSeriesInput(event: StoredEvent, timing: EventTiming): EventInput['recurrence'] {
    const series = event.series;
    if (series === undefined) return undefined;
    const startDate = isoLocal(timing.startUtc, series.zone).slice(0, 10);
    return { ...series.input, range: { ...series.input.range, startDate } };
  }

  function renderOne(event: StoredEvent | undefined, id: string): GraphEvent {
    if (event === undefined) throw new EventNotFoundError(id);
    if (event.id === id) return renderStoredEvent(zones, event, utc());
    const occurrence = parseOccurrenceId(id);
    const item = occurrence === undefined ? undefined : findSeriesItem(zones, event, occurrence.day);
    if (item === undefined) throw new EventNotFoundError(id);
    return renderViewItem(zones, item, utc());
  }

  function removeOccurrence(mailbox: Mailbox, master: StoredEvent, day: number, id: string): void {
    const series = master.series;
    if (series === undefined) throw new EventNotFoundError(id);
    const exceptions = new Map(series.exceptions);
    exceptions.delete(day);
    const cancelled = new Set(series.cancelled).add(day);
    save(mailbox, { ...master, series: { ...series, exceptions, cancelled } }, id);
  }

  function visibleItems(mailboxId: string, startMs: number, endMs: number): ViewItem[] {
    const mailbox = mailboxOf(mailboxId, false);
    if (mailbox === undefined) return [];
    const items: ViewItem[] = [];
    for (const event of mailbox.events.values()) items.push(...expandEvent(zones, event, startMs, endMs));
    return items.sort(compareViewItems);
  }

  function insert(mailboxId: string, input: EventInput): string {
    const timing = buildTiming(zones, input.start, input.end, input.isAllDay ?? false);
    const mailbox = mailboxOf(mailboxId, true) as Mailbox;
    const created = nowMs();
    seq += 1;
    let event: StoredEvent = {
      id: makeEventId(mailboxId, seq),
      seq,
      originSeq: seq,
      mailboxId,
      createdMs: created,
      modifiedMs: created,
      changeKey: nextChangeKey(),
      fields: fieldsOf(input) as EventFields,
      timing,
      isCancelled: false,
      series: undefined,
      spanStartUtc: timing.startUtc,
      spanEndUtc: timing.endUtc,
    };
    event = withRecurrence(event, input.recurrence);
    save(mailbox, event, event.id);
    return event.id;
  }

  const delta = new DeltaStates(
    zones,
    {
      visibleItems,
      toImmutableId: (mailboxId, id) => store.toImmutableId(mailboxId, id),
      logPosition: () => logPosition,
      changedIdsSince(mailboxId, position) {
        const log = mailboxOf(mailboxId, false)?.log ?? [];
        const ids = new Set<string>();
        for (let i = log.length - 1; i >= 0 && (log[i]?.position ?? 0) > position; i--)
          ids.add(log[i]?.id ?? '');
        return ids;
      },
    },
    options.syncStateGenerations ?? 3,
  );

  const store: CalendarStore = {
    createEvent(mailboxId, input) {
      const id = insert(mailboxId, input);
      return renderOne(mailboxOf(mailboxId, false)?.events.get(id), id);
    },

    importEvent: insert,

    updateEvent(mailboxId, eventId, patch) {
      const { mailbox, event, day } = locate(mailboxId, eventId);
      if (day !== undefined) return updateOccurrence(mailbox, event, day, patch);
      return updateStored(mailbox, event, patch);
    },

    cancelEvent(mailboxId, eventId) {
      const { mailbox, event, day } = locate(mailboxId, eventId);
      if (day !== undefined) return removeOccurrence(mailbox, event, day, eventId);
      // The organiser's copy disappears; an attendee's (or room's) copy stays, marked cancelled.
      if (event.fields.isOrganizer ?? true) return remove(mailbox, event);
      const subject = event.fields.subject ?? '';
      const fields = {
        ...event.fields,
        subject: subject.startsWith('Canceled: ') ? subject : `Canceled: ${subject}`,
      };
      save(
        mailbox,
        { ...event, fields, isCancelled: true, changeKey: nextChangeKey(), modifiedMs: nowMs() },
        event.id,
      );
    },

    deleteEvent(mailboxId, eventId) {
      const { mailbox, event, day } = locate(mailboxId, eventId);
      if (day !== undefined) return removeOccurrence(mailbox, event, day, eventId);
      remove(mailbox, event);
    },

    removeMailbox(mailboxId) {
      mailboxes.delete(mailboxId);
      delta.dropMailbox(mailboxId);
    },

    calendarView(mailboxId, startUtc, endUtc, timeZone) {
      const zone = outputZone(timeZone);
      return visibleItems(mailboxId, startUtc.getTime(), endUtc.getTime()).map((item) =>
        renderViewItem(zones, item, zone),
      );
    },

    getEvent(mailboxId, eventId, timeZone) {
      const zone = outputZone(timeZone);
      try {
        const { event, day } = locate(mailboxId, eventId);
        if (day === undefined) return renderStoredEvent(zones, event, zone);
        const item = findSeriesItem(zones, event, day);
        return item === undefined ? undefined : renderViewItem(zones, item, zone);
      } catch (error) {
        if (error instanceof EventNotFoundError) return undefined;
        throw error;
      }
    },

    instances(mailboxId, masterId, startUtc, endUtc, timeZone) {
      const master = mailboxOf(mailboxId, false)?.events.get(masterId);
      if (master?.series === undefined) return undefined;
      const zone = outputZone(timeZone);
      return expandSeries(zones, master, startUtc.getTime(), endUtc.getTime())
        .sort(compareViewItems)
        .map((item) => renderViewItem(zones, item, zone));
    },

    moveToFolder(mailboxId, eventId) {
      const { mailbox, event, day } = locate(mailboxId, eventId);
      if (day !== undefined) throw new InvalidEventInputError('An occurrence moves with its series.');
      // Outside the calendar and back: a new item as far as regular ids go, the same one for immutable ids.
      seq += 1;
      const moved: StoredEvent = {
        ...event,
        id: makeEventId(mailboxId, seq),
        seq,
        changeKey: nextChangeKey(),
        modifiedMs: nowMs(),
      };
      remove(mailbox, event);
      save(mailbox, moved, moved.id);
      return moved.id;
    },

    toImmutableId(mailboxId, id) {
      const parsed = parseEventId(id);
      if (parsed === undefined || parsed.immutable) return id;
      const origin = mailboxOf(mailboxId, false)?.originBySeq.get(parsed.seq) ?? parsed.seq;
      return makeImmutableId(mailboxId, origin, parsed.occurrence ? parsed.day : undefined);
    },

    toRegularId(mailboxId, id) {
      const parsed = parseEventId(id);
      if (parsed === undefined || !parsed.immutable) return id;
      const current = mailboxOf(mailboxId, false)?.seqByOrigin.get(parsed.seq) ?? parsed.seq;
      return parsed.occurrence
        ? makeOccurrenceId(mailboxId, current, parsed.day)
        : makeEventId(mailboxId, current);
    },

    deltaPage(req) {
      return delta.page(req, outputZone(req.timeZone));
    },

    inspectDeltaToken(token) {
      return delta.inspect(token);
    },

    listEvents(mailboxId) {
      const mailbox = mailboxOf(mailboxId, false);
      if (mailbox === undefined) return [];
      return [...mailbox.events.values()]
        .sort((a, b) => a.seq - b.seq)
        .map((e) => renderStoredEvent(zones, e, utc()));
    },
  };
  return store;
}
