// Recurring series as real calendarView/delta sends them (docs/microsoft-graph.md §9.3): masters in full,
// occurrences as stubs, and no @removed for the occurrences a series edit or an occurrence deletion makes
// vanish. Through the real worker process, every kind of edit is exact after one delta round.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueMailboxSyncs, type SyncMode } from '@calsync/core';
import type { EventInput } from '@calsync/graph-emulator';
import { startSyncSuite, type SyncSuite } from './support/sync-suite.ts';

let suite: SyncSuite;
let mailbox: { emuId: string; address: string; mailboxId: string };
let tenantId: string;
let connectorId: string;

const day = (offset: number, hour: number): { dateTime: string; timeZone: string } => {
  const t = new Date(Date.now() + offset * 86_400_000);
  t.setUTCHours(hour, 0, 0, 0);
  return { dateTime: t.toISOString().slice(0, 19), timeZone: 'UTC' };
};

const daily = (count: number, hour = 9): Partial<EventInput> => ({
  start: day(1, hour),
  end: day(1, hour + 1),
  recurrence: {
    pattern: { type: 'daily', interval: 1 },
    range: { type: 'numbered', startDate: day(1, hour).dateTime.slice(0, 10), numberOfOccurrences: count },
  },
});

beforeAll(async () => {
  suite = await startSyncSuite(5);
  const contoso = await suite.seedContoso();
  mailbox = contoso.mailboxes[0]!;
  ({ tenantId, connectorId } = contoso.seeded);
  suite.startWorker({ pageSize: 10 });
  await syncRound('FULL');
});
afterAll(() => suite?.close());

/** One sync job through the worker; the queue drains and the mailbox is exact again. */
async function syncRound(mode: SyncMode): Promise<void> {
  const since = new Date();
  await enqueueMailboxSyncs(suite.core, [
    { tenantId, connectorId, mailboxId: mailbox.mailboxId, mode, trigger: 'MANUAL' },
  ]);
  await suite.waitForSynced([mailbox.mailboxId], 60_000, since);
  await suite.expectExact(mailbox);
}

async function createSeries(subject: string, count: number): Promise<string> {
  const created = await suite.env.emu.control.createEvent(mailbox.emuId, {
    subject,
    ...daily(count),
  } as EventInput);
  await syncRound('AUTO');
  return created.id;
}

/** Occurrences of a series created through the emulator, stored under their immutable ids (docs/microsoft-graph.md §9.7). */
async function storedOccurrences(masterId: string): Promise<Array<{ source_id: string; ical_uid: string }>> {
  const immutableMasterId = suite.env.emu.state.calendar.toImmutableId(mailbox.emuId, masterId);
  const res = await suite.admin.pool.query(
    `select source_id, ical_uid from events where mailbox_id = $1 and series_master_id = $2 order by start_at`,
    [mailbox.mailboxId, immutableMasterId],
  );
  return res.rows;
}

describe('series edits through the worker (field delta)', () => {
  it('a new series is stored with each occurrence keeping its own iCalUId', async () => {
    const id = await createSeries('Daily sync', 5);
    const rows = await storedOccurrences(id);
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((r) => r.ical_uid)).size).toBe(5);
  });

  it('moving the series to another time leaves no occurrence at the old time', async () => {
    const id = await createSeries('Moved', 4);
    await suite.env.emu.control.updateEvent(mailbox.emuId, id, daily(4, 14));
    await syncRound('AUTO');
    expect(await storedOccurrences(id)).toHaveLength(4);
  });

  it('changing the pattern or shortening the end removes the vanished occurrences', async () => {
    const id = await createSeries('Shortened', 6);
    await suite.env.emu.control.updateEvent(mailbox.emuId, id, daily(2));
    await syncRound('AUTO');
    expect(await storedOccurrences(id)).toHaveLength(2);
    await suite.env.emu.control.updateEvent(mailbox.emuId, id, {
      recurrence: {
        pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'], firstDayOfWeek: 'sunday' },
        range: { type: 'numbered', startDate: day(1, 9).dateTime.slice(0, 10), numberOfOccurrences: 3 },
      },
    });
    await syncRound('AUTO');
  });

  it('deleting one occurrence removes exactly that row', async () => {
    const id = await createSeries('One cancelled', 4);
    const [, second] = await storedOccurrences(id);
    await suite.env.emu.control.deleteEvent(
      mailbox.emuId,
      suite.env.emu.state.calendar.toRegularId(mailbox.emuId, second!.source_id),
    );
    await syncRound('AUTO');
    expect((await storedOccurrences(id)).map((r) => r.source_id)).not.toContain(second!.source_id);
    expect(await storedOccurrences(id)).toHaveLength(3);
  });

  it("a deleted series' removed master takes every stored occurrence with it", async () => {
    const id = await createSeries('Deleted', 3);
    await suite.env.emu.control.deleteEvent(mailbox.emuId, id);
    await syncRound('AUTO');
    expect(await storedOccurrences(id)).toEqual([]);
  });

  it('each changed series was re-read through /instances, not the whole calendar', async () => {
    const log = await suite.env.emu.control.requests({ mailbox: mailbox.emuId });
    const instances = log.filter((r) => r.route === 'instances');
    expect(instances.length).toBeGreaterThanOrEqual(6);
    expect(instances.every((r) => r.status === 200)).toBe(true);
  });
});
