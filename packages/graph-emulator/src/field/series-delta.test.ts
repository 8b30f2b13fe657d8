import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionTenant, startTrustedEmulator } from '../testing/trusted-emulator.ts';
import type { ProvisionedTenant, TrustedEmulator } from '../testing/trusted-emulator.ts';

// docs/microsoft-graph.md §9.3: recurring series in calendarView/delta.
type Item = Record<string, unknown> & { id: string };
interface DeltaPage {
  value: Item[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

const WINDOW = 'startDateTime=2030-01-01T00:00:00Z&endDateTime=2030-02-01T00:00:00Z';
let t: TrustedEmulator;
let org: ProvisionedTenant;
let mailbox: string;

beforeAll(async () => {
  t = await startTrustedEmulator({
    seed: false,
    now: new Date('2029-12-20T00:00:00Z'),
    behaviour: { strictSeriesRemovals: false, seriesMastersInDelta: true, seriesOnOnePage: true },
  });
  org = await provisionTenant(t, 'Contoso', ['Calendars.Read']);
  mailbox = org.mailboxes.room;
});
afterAll(() => t.stop());

async function createSeries(subject: string, count: number): Promise<string> {
  const e = await t.emu.control.createEvent(mailbox, {
    subject,
    start: { dateTime: '2030-01-07T09:00:00', timeZone: 'UTC' },
    end: { dateTime: '2030-01-07T09:30:00', timeZone: 'UTC' },
    recurrence: {
      pattern: { type: 'daily', interval: 1 },
      range: { type: 'numbered', startDate: '2030-01-07', numberOfOccurrences: count },
    },
  });
  return e.id;
}

/** One delta round from `url`, page by page; returns the pages and the deltaLink. */
async function round(url: string, pageSize = 2): Promise<{ pages: Item[][]; deltaLink: string }> {
  const pages: Item[][] = [];
  let next = url;
  for (;;) {
    const res = await t.get(next, org.token, { prefer: `odata.maxpagesize=${pageSize}` });
    expect(res.status).toBe(200);
    const page = res.json as DeltaPage;
    pages.push(page.value);
    if (page['@odata.deltaLink']) return { pages, deltaLink: page['@odata.deltaLink'] };
    const nextLink = page['@odata.nextLink'];
    if (!nextLink) throw new Error('a delta page without nextLink or deltaLink');
    next = nextLink;
  }
}

const start = () => `/v1.0/users/${mailbox}/calendarView/delta?${WINDOW}`;
const instances = async (masterId: string): Promise<Item[]> => {
  const res = await t.get(
    `/v1.0/users/${mailbox}/events/${encodeURIComponent(masterId)}/instances?${WINDOW}&$top=100`,
    org.token,
  );
  expect(res.status).toBe(200);
  return (res.json as { value: Item[] }).value;
};
const removedIds = (items: Item[]) => items.filter((i) => '@removed' in i).map((i) => i.id);

describe('recurring series in delta (field)', () => {
  let masterId: string;
  let deltaLink: string;

  it('sends the full master and occurrence stubs, the whole series on one page despite maxpagesize=2', async () => {
    masterId = await createSeries('Daily stand-up', 5);
    const first = await round(start());
    deltaLink = first.deltaLink;
    const page = first.pages.find((p) => p.some((i) => i.id === masterId))!;
    const master = page.find((i) => i.id === masterId)!;
    expect(master).toMatchObject({ type: 'seriesMaster', subject: 'Daily stand-up' });
    expect(master.recurrence).toMatchObject({ pattern: { type: 'daily' } });
    const stubs = page.filter((i) => i.type === 'occurrence');
    expect(stubs).toHaveLength(5);
    expect(Object.keys(stubs[0]!).sort()).toEqual(
      ['@odata.etag', '@odata.type', 'end', 'id', 'seriesMasterId', 'start', 'type'].sort(),
    );
  });

  it('a shortened series sends the new master but no @removed for the vanished occurrences', async () => {
    const before = await instances(masterId);
    await t.emu.control.updateEvent(mailbox, masterId, {
      recurrence: {
        pattern: { type: 'daily', interval: 1 },
        range: { type: 'numbered', startDate: '2030-01-07', numberOfOccurrences: 2 },
      },
    });
    const next = await round(deltaLink);
    deltaLink = next.deltaLink;
    const items = next.pages.flat();
    expect(items.find((i) => i.id === masterId)).toMatchObject({ type: 'seriesMaster' });
    expect(removedIds(items)).toEqual([]);
    // Only /instances tells what is left; it answers full objects.
    const after = await instances(masterId);
    expect(before).toHaveLength(5);
    expect(after).toHaveLength(2);
    expect(after[0]).toMatchObject({
      type: 'occurrence',
      subject: 'Daily stand-up',
      seriesMasterId: masterId,
    });
    expect(after[0]!.iCalUId).toEqual(expect.any(String));
  });

  it('deleting one occurrence changes only the master: no per-occurrence item', async () => {
    const [, second] = await instances(masterId);
    await t.emu.control.deleteEvent(mailbox, second!.id);
    const items = (await round(deltaLink)).pages.flat();
    expect(items.map((i) => [i.id, i.type ?? 'removed'])).toEqual([[masterId, 'seriesMaster']]);
    expect(await instances(masterId)).toHaveLength(1);
    deltaLink = (await round(deltaLink)).deltaLink;
  });

  it('a deleted series sends only the master as @removed', async () => {
    const other = await createSeries('Retro', 3);
    const seen = await round(start());
    await t.emu.control.deleteEvent(mailbox, other);
    const items = (await round(seen.deltaLink)).pages.flat();
    expect(removedIds(items)).toEqual([other]);
  });

  it('strictSeriesRemovals gives the documented @removed for every vanished occurrence', async () => {
    await t.emu.control.setBehaviour({ strictSeriesRemovals: true });
    try {
      const id = await createSeries('Strict', 3);
      const seen = await round(start());
      const occurrences = (await instances(id)).map((i) => i.id);
      await t.emu.control.deleteEvent(mailbox, id);
      const items = (await round(seen.deltaLink)).pages.flat();
      expect(removedIds(items).sort()).toEqual([id, ...occurrences].sort());
    } finally {
      await t.emu.control.setBehaviour({ strictSeriesRemovals: false });
    }
  });

  it('/instances needs both dates', async () => {
    const res = await t.get(
      `/v1.0/users/${mailbox}/events/${encodeURIComponent(masterId)}/instances`,
      org.token,
    );
    expect(res.status).toBe(400);
  });
});
