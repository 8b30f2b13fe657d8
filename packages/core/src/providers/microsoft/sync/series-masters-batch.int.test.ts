import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startEngineHarness,
  type EngineHarness,
} from '../../../../../../tests/e2e/sync/support/engine-harness.ts';
import type { Core } from '../../../index.ts';
import type { TrustedEmulator } from '@calsync/graph-emulator/testing';
import { expectedEvents } from '../../../../../../tests/e2e/sync/support/ground-truth.ts';
import {
  type AdminReader,
  type SeededConnector,
} from '../../../../../../tests/e2e/sync/support/calsync-db.ts';
import { createMailboxSyncer } from '../../../sync/index.ts';

const SERIES = 45;

let harness: EngineHarness;
let env: TrustedEmulator;
let core: Core;
let admin: AdminReader;
let seeded: SeededConnector;

const dayFromNow = (d: number, h: number) => {
  const t = new Date(Date.now() + d * 86_400_000);
  t.setUTCHours(h, 0, 0, 0);
  return { dateTime: t.toISOString().slice(0, 19), timeZone: 'UTC' };
};

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
const weekdayOf = (dateTime: string): (typeof WEEKDAYS)[number] =>
  WEEKDAYS[new Date(`${dateTime}Z`).getUTCDay()]!;

/** A mailbox with many weekly series and nothing else, so every occurrence needs its master. */
async function seedSeriesMailbox(
  address: string,
  prefix: string,
): Promise<{ id: string; subjects: Set<string> }> {
  const c = env.emu.control;
  const summary = env.emu.state.seedSummary!;
  const mailbox = (await c.listMailboxes(summary.tenantId)).find((m) => m.address === address)!;
  for (const e of await c.listEvents(mailbox.id)) await c.deleteEvent(mailbox.id, e.id);
  const subjects = new Set<string>();
  for (let i = 0; i < SERIES; i++) {
    const subject = `${prefix} series ${i}`;
    subjects.add(subject);
    const start = dayFromNow(1 + (i % 5), 8 + (i % 8));
    await c.createEvent(mailbox.id, {
      subject,
      start,
      end: dayFromNow(1 + (i % 5), 9 + (i % 8)),
      recurrence: {
        pattern: {
          type: 'weekly',
          interval: 1,
          daysOfWeek: [weekdayOf(start.dateTime)],
          firstDayOfWeek: 'sunday',
        },
        range: { type: 'numbered', startDate: start.dateTime.slice(0, 10), numberOfOccurrences: 3 },
      },
    });
  }
  return { id: mailbox.id, subjects };
}

async function syncFull(address: string) {
  const mailboxId = seeded.mailboxIds.get(address)!;
  return createMailboxSyncer(core, { pageSize: 50 })({
    tenantId: seeded.tenantId,
    mailboxId,
    mode: 'FULL',
    trigger: 'MANUAL',
  });
}

/** Stored rows equal what Graph has, and every occurrence carries its own master's subject. */
async function expectOccurrencesFromMasters(
  address: string,
  emuId: string,
  subjects: Set<string>,
): Promise<number> {
  const mailboxId = seeded.mailboxIds.get(address)!;
  const state = await admin.mailbox(mailboxId);
  const expected = expectedEvents(env.emu, emuId, { start: state.windowStart!, end: state.windowEnd! });
  const stored = await admin.events(mailboxId);
  expect(Object.fromEntries(stored)).toEqual(Object.fromEntries(expected));
  const occurrences = [...stored.values()].filter((e) => e.type === 'OCCURRENCE');
  for (const occ of occurrences) {
    // Stored by immutable id (docs/microsoft-graph.md §9.7); the emulator's store keys by regular id.
    const masterId = env.emu.state.calendar.toRegularId(emuId, occ.seriesMasterId!);
    const master = env.emu.state.calendar.getEvent(emuId, masterId, undefined);
    expect(occ.subject).toBe(master?.subject);
  }
  expect(new Set(occurrences.map((o) => o.subject))).toEqual(subjects);
  return occurrences.length;
}

beforeAll(async () => {
  harness = await startEngineHarness({
    addresses: (all) => all.filter((m) => m.restEnabled).map((m) => m.address),
    // The documented delta: occurrence stubs without their masters, which the engine fetches.
    emulator: { behaviour: { seriesMastersInDelta: false } },
  });
  ({ env, core, admin, seeded } = harness);
});
afterAll(() => harness?.close());

describe('series masters through $batch', () => {
  it('a full sync of a mailbox with many series fetches masters in batches of at most 20', async () => {
    const address = [...seeded.mailboxIds.keys()][0]!;
    const { id, subjects } = await seedSeriesMailbox(address, 'Batched');
    const from = Math.max(0, ...(await env.emu.control.requests()).map((r) => r.seq));
    const result = await syncFull(address);
    expect(result).toMatchObject({ status: 'succeeded', kind: 'FULL' });
    expect(await expectOccurrencesFromMasters(address, id, subjects)).toBeGreaterThanOrEqual(SERIES);

    const log = await env.emu.control.requests({ mailbox: id, afterSeq: from });
    const batches = log.filter((r) => r.route === 'batch');
    expect(batches.length).toBeGreaterThanOrEqual(Math.ceil(SERIES / 20));
    expect(batches.every((b) => b.method === 'POST' && b.status === 200)).toBe(true);
    // Every master came through a batch: no one-by-one GETs of events.
    expect(log.filter((r) => r.route === 'event')).toEqual([]);
    const graphRequests = (result as { stats: { graphRequests: number } }).stats.graphRequests;
    expect(graphRequests).toBeLessThan(SERIES);
  });

  it('a throttled item inside a batch is fetched again on its own after its Retry-After', async () => {
    const address = [...seeded.mailboxIds.keys()][1]!;
    const { id, subjects } = await seedSeriesMailbox(address, 'Throttled');
    await env.emu.control.addFault({
      type: 'status',
      status: 429,
      retryAfterSeconds: 0.3,
      route: 'event',
      mailbox: id,
      count: 2,
    });
    const from = Math.max(0, ...(await env.emu.control.requests()).map((r) => r.seq));
    const result = await syncFull(address);
    expect(result).toMatchObject({ status: 'succeeded', kind: 'FULL' });
    await expectOccurrencesFromMasters(address, id, subjects);

    const log = await env.emu.control.requests({ mailbox: id, afterSeq: from });
    const single = log.filter((r) => r.route === 'event');
    expect(single).toHaveLength(2);
    expect(single.every((r) => r.status === 200)).toBe(true);
    const firstBatchEnd = Date.parse(log.find((r) => r.route === 'batch')!.endedAt!);
    for (const r of single) expect(Date.parse(r.startedAt) - firstBatchEnd).toBeGreaterThanOrEqual(300);
  });
});
