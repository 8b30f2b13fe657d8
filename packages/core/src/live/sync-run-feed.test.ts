import { describe, expect, it } from 'vitest';
import { parseSyncRunMessage } from './sync-run-feed.ts';

const message = {
  id: '00000000-0000-4000-8000-000000000001',
  connectorId: '00000000-0000-4000-8000-0000000000cc',
  mailboxId: '00000000-0000-4000-8000-0000000000bb',
  kind: 'DELTA',
  trigger: 'SCHEDULE',
  status: 'FAILED',
  queuedAt: '2026-12-04T09:00:00.000Z',
  startedAt: '2026-12-04T09:00:01.000Z',
  finishedAt: '2026-12-04T09:00:02.000Z',
  pages: 1,
  upserted: 0,
  deleted: 0,
  graphRequests: 2,
  throttled: 1,
  errorCode: 'TooManyRequests',
  errorMessage: 'throttled',
};

describe('parseSyncRunMessage', () => {
  it('reads a run back with its dates as dates', () => {
    expect(parseSyncRunMessage(JSON.stringify(message))).toEqual({
      ...message,
      queuedAt: new Date(message.queuedAt),
      startedAt: new Date(message.startedAt),
      finishedAt: new Date(message.finishedAt),
    });
  });

  it.each([
    ['not JSON', '{'],
    ['not an object', '"run"'],
    ['an unknown status', JSON.stringify({ ...message, status: 'DONE' })],
    ['a count that is not a whole number', JSON.stringify({ ...message, pages: '1' })],
    ['a date that is not one', JSON.stringify({ ...message, finishedAt: 'soon' })],
    ['no id', JSON.stringify({ ...message, id: undefined })],
    ['a change-feed message', JSON.stringify({ mailboxId: message.mailboxId, upserted: [], deleted: [] })],
  ])('refuses %s', (_case, raw) => {
    expect(parseSyncRunMessage(raw)).toBeNull();
  });
});
