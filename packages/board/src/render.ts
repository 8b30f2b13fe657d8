import type { BoardEvent, RoomState } from './room-state.ts';

export interface RoomView {
  address: string;
  name: string;
  state: RoomState;
}

function time(date: Date | string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(date));
}

function day(date: Date | string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(date));
}

/** "09:00–10:00", prefixed with the weekday when the meeting is not today. */
function span(e: BoardEvent, timeZone: string, now: Date): string {
  const weekday =
    day(e.start, timeZone) === day(now, timeZone)
      ? ''
      : `${new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short' }).format(new Date(e.start))} `;
  return `${weekday}${time(e.start, timeZone)}–${time(e.end, timeZone)}`;
}

const title = (e: BoardEvent) => e.subject ?? (e.sensitivity === 'NORMAL' ? 'Busy' : 'Private meeting');

function element(tag: string, className: string, text?: string): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * One card per room, its times in `timeZone` (the room's own, or the board's `tz`); the zone is
 * named on the card when it differs from the heading clock's. textContent only, so subjects can
 * never inject markup.
 */
export function renderRoom(room: RoomView, timeZone: string, now: Date, clockZone: string): HTMLElement {
  const { state } = room;
  const card = element('section', `room ${state.current ? 'busy' : 'free'}`);
  card.dataset.address = room.address;
  card.dataset.timeZone = timeZone;
  card.append(element('h2', 'name', room.name));
  if (timeZone !== clockZone) card.append(element('p', 'zone', `${time(now, timeZone)} ${timeZone}`));
  if (state.current && state.busyUntil) {
    card.append(element('p', 'status', `Busy until ${time(state.busyUntil, timeZone)}`));
    card.append(element('p', 'now', `Now: ${title(state.current)} (${span(state.current, timeZone, now)})`));
  } else {
    card.append(
      element('p', 'status', state.freeUntil ? `Free until ${time(state.freeUntil, timeZone)}` : 'Free'),
    );
  }
  card.append(
    element(
      'p',
      'next',
      state.next ? `Next: ${title(state.next)} (${span(state.next, timeZone, now)})` : 'Nothing else booked',
    ),
  );
  return card;
}

export function formatClock(date: Date, timeZone: string): string {
  return time(date, timeZone);
}
