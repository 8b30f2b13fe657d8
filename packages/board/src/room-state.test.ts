import { describe, expect, it } from 'vitest';
import { roomState, type BoardEvent } from './room-state.ts';

const event = (id: string, start: string, end: string, extra: Partial<BoardEvent> = {}): BoardEvent => ({
  id,
  subject: id,
  start: `2027-03-01T${start}:00Z`,
  end: `2027-03-01T${end}:00Z`,
  isAllDay: false,
  showAs: 'BUSY',
  isCancelled: false,
  sensitivity: 'NORMAL',
  ...extra,
});
const at = (time: string) => new Date(`2027-03-01T${time}:00Z`);

describe('roomState', () => {
  it('is free until the next booking', () => {
    const state = roomState([event('b', '11:00', '12:00'), event('a', '10:00', '10:30')], at('09:00'));
    expect(state).toMatchObject({
      current: null,
      next: { id: 'a' },
      freeUntil: at('10:00'),
      busyUntil: null,
    });
  });

  it('stays busy across back-to-back meetings and names the one after the current as next', () => {
    const state = roomState(
      [event('a', '10:00', '11:00'), event('b', '11:00', '11:30'), event('c', '13:00', '14:00')],
      at('10:15'),
    );
    expect(state).toMatchObject({ current: { id: 'a' }, next: { id: 'b' }, busyUntil: at('11:30') });
  });

  it('ignores cancelled bookings and those shown as free', () => {
    const state = roomState(
      [event('x', '10:00', '11:00', { isCancelled: true }), event('y', '10:00', '11:00', { showAs: 'FREE' })],
      at('10:30'),
    );
    expect(state).toEqual({ current: null, next: null, busyUntil: null, freeUntil: null });
  });
});
