import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { provisionTenant, startTrustedEmulator } from '../testing/trusted-emulator.ts';
import type { ProvisionedTenant, TrustedEmulator } from '../testing/trusted-emulator.ts';

interface DeltaItem {
  id: string;
  subject?: string;
  '@removed'?: { reason: string };
}
interface DeltaBody {
  value: DeltaItem[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

let t: TrustedEmulator;
let org: ProvisionedTenant;
const WINDOW = 'startDateTime=2030-01-01T00:00:00Z&endDateTime=2030-02-01T00:00:00Z';
const initialDelta = () => `/v1.0/users/${org.mailboxes.adele}/calendarView/delta?${WINDOW}`;

async function getPage(url: string, pageSize: number): Promise<DeltaBody> {
  const res = await t.get(url, org.token, { prefer: `odata.maxpagesize=${pageSize}` });
  expect(res.status).toBe(200);
  return res.json as DeltaBody;
}

/** Follows nextLinks to the deltaLink; returns every page of the round. */
async function walkRound(url: string, pageSize: number): Promise<{ pages: DeltaBody[]; deltaLink: string }> {
  const pages: DeltaBody[] = [];
  let next: string | undefined = url;
  while (next !== undefined) {
    const page = await getPage(next, pageSize);
    pages.push(page);
    if (page['@odata.deltaLink'] !== undefined) return { pages, deltaLink: page['@odata.deltaLink'] };
    next = page['@odata.nextLink'];
  }
  throw new Error('round ended without a deltaLink');
}

beforeAll(async () => {
  t = await startTrustedEmulator({ seed: false, now: new Date('2029-12-20T00:00:00Z') });
  org = await provisionTenant(t, 'Rounds', ['Calendars.Read']);
  for (let i = 0; i < 6; i++) {
    await t.emu.control.createEvent(org.mailboxes.adele, {
      subject: `Event ${i}`,
      start: { dateTime: `2030-01-${String(i + 10)}T10:00:00`, timeZone: 'UTC' },
      end: { dateTime: `2030-01-${String(i + 10)}T11:00:00`, timeZone: 'UTC' },
    });
  }
});
afterAll(() => t.stop());
beforeEach(() => t.emu.control.clearFaults());

describe('delta round faults', () => {
  it('replays only items of the current round, never a page of the previous round', async () => {
    const first = await walkRound(initialDelta(), 2);
    expect(first.pages.flatMap((p) => p.value)).toHaveLength(6);
    const lastPage = first.pages[first.pages.length - 1]!.value;
    const deleted = lastPage[0]!.id;
    await t.emu.control.deleteEvent(org.mailboxes.adele, deleted);
    const survivors = first.pages.flatMap((p) => p.value.map((e) => e.id)).filter((id) => id !== deleted);
    for (const id of survivors.slice(0, 3)) {
      await t.emu.control.renameEvent(org.mailboxes.adele, id, `Renamed ${id.slice(-6)}`);
    }
    const fault = await t.emu.control.addFault({ type: 'replayItems', route: 'delta', count: 1 });

    // Round 2: one @removed and three updates, in pages of two.
    const second = await walkRound(first.deltaLink, 2);
    const [page1, page2] = second.pages;
    const all = second.pages.flatMap((p) => p.value);
    expect(all.filter((e) => e.id === deleted && e['@removed'] === undefined)).toEqual([]);
    expect(all.filter((e) => e.id === deleted).length).toBeGreaterThan(0);
    // The first page of a round has nothing of its own round to replay, so it is served as is.
    expect(page1!.value).toHaveLength(2);
    // The second page repeats the first page of the same round, then brings its own items.
    expect(page2!.value).toHaveLength(4);
    expect(page2!.value.slice(0, 2)).toEqual(page1!.value);
    expect(new Set(all.map((e) => e.id))).toEqual(new Set([deleted, ...survivors.slice(0, 3)]));
    expect((await t.emu.control.listFaults()).find((f) => f.id === fault.id)).toBeUndefined();
  });

  it('answers each emptyFirstPage firing with its own nextLink that leads to the real first page', async () => {
    await t.emu.control.addFault({ type: 'emptyFirstPage', route: 'delta', count: 2 });
    const empty1 = await getPage(initialDelta(), 50);
    expect(empty1.value).toEqual([]);
    const link1 = empty1['@odata.nextLink']!;
    expect(link1).toBeTypeOf('string');

    const real1 = await getPage(link1, 50);
    expect(real1.value.length).toBeGreaterThan(0);
    expect(real1['@odata.deltaLink']).toBeTypeOf('string');

    const empty2 = await getPage(initialDelta(), 50);
    expect(empty2.value).toEqual([]);
    const link2 = empty2['@odata.nextLink']!;
    expect(link2).not.toBe(link1);
    // Following a link twice (a client retry) still leads to data, not to another empty page.
    const again = await getPage(link1, 50);
    expect(again.value.map((e) => e.id).sort()).toEqual(real1.value.map((e) => e.id).sort());
    const real2 = await getPage(link2, 50);
    expect(real2.value.map((e) => e.id).sort()).toEqual(real1.value.map((e) => e.id).sort());

    // Both firings are spent: the next initial call is the real first page straight away.
    const plain = await getPage(initialDelta(), 50);
    expect(plain.value.map((e) => e.id).sort()).toEqual(real1.value.map((e) => e.id).sort());
  });
});
