// Ground truth for the sync suites, derived from the emulator's own state, not through calsync's mapper.
import type { RunningEmulator } from '@calsync/graph-emulator';

/** The fields a user would check, per Graph id, in calsync's stored vocabulary. */
export interface ComparableEvent {
  subject: string | null;
  start: string;
  end: string;
  isCancelled: boolean;
  showAs: string;
  type: string;
  seriesMasterId: string | null;
}

const str = (value: unknown, fallback: string): string => (typeof value === 'string' ? value : fallback);

const upperSnake = (value: string): string => value.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

function utcInstant(value: unknown): string {
  const { dateTime, timeZone } = value as { dateTime: string; timeZone: string };
  if (timeZone !== 'UTC') throw new Error(`ground truth expects UTC output, got ${timeZone}`);
  return new Date(`${dateTime.replace(/Z$/, '')}Z`).toISOString();
}

/**
 * Ground truth straight from the emulator's calendar (its own calendarView, in UTC), written
 * without calsync's mapper: what every stored event of this mailbox must equal. Ids in their
 * immutable form, as calsync asks Graph for them (docs/microsoft-graph.md §9.7).
 */
export function expectedEvents(
  emu: RunningEmulator,
  emulatorMailboxId: string,
  window: { start: Date; end: Date },
  maskPrivate = true,
): Map<string, ComparableEvent> {
  const view = emu.state.calendar.calendarView(emulatorMailboxId, window.start, window.end, 'UTC');
  const out = new Map<string, ComparableEvent>();
  const immutable = (id: string): string => emu.state.calendar.toImmutableId(emulatorMailboxId, id);
  for (const ev of view) {
    const masked = maskPrivate && str(ev.sensitivity, '').toLowerCase() === 'private';
    out.set(immutable(ev.id), {
      subject: masked ? null : ((ev.subject as string | undefined) ?? null),
      start: utcInstant(ev.start),
      end: utcInstant(ev.end),
      isCancelled: ev.isCancelled === true,
      showAs: upperSnake(str(ev.showAs, 'busy')),
      type: upperSnake(str(ev.type, 'singleInstance')),
      seriesMasterId: typeof ev.seriesMasterId === 'string' ? immutable(ev.seriesMasterId) : null,
    });
  }
  return out;
}
