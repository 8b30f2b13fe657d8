import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionTenant, startTestEmulator } from '../testing/emulator-fixture.ts';
import type { ProvisionedTenant, TestEmulator } from '../testing/emulator-fixture.ts';

// Field report §7: Prefer: IdType="ImmutableId" keeps ids across folder moves.
const WINDOW = 'startDateTime=2030-01-01T00:00:00Z&endDateTime=2030-02-01T00:00:00Z';
const IMMUTABLE = { prefer: 'IdType="ImmutableId"' };
type Item = Record<string, unknown> & { id: string };

let t: TestEmulator;
let org: ProvisionedTenant;
let mailbox: string;

beforeAll(async () => {
  t = await startTestEmulator({ seed: false, now: new Date('2029-12-20T00:00:00Z') });
  org = await provisionTenant(t, 'Contoso', ['Calendars.Read']);
  mailbox = org.mailboxes.adele;
});
afterAll(() => t.stop());

const create = (subject: string, day: string) =>
  t.emu.control.createEvent(mailbox, {
    subject,
    start: { dateTime: `2030-01-${day}T09:00:00`, timeZone: 'UTC' },
    end: { dateTime: `2030-01-${day}T10:00:00`, timeZone: 'UTC' },
  });

const view = async (headers: Record<string, string> = {}) => {
  const res = await t.get(`/v1.0/users/${mailbox}/calendarView?${WINDOW}`, org.token, headers);
  expect(res.status).toBe(200);
  return { items: (res.json as { value: Item[] }).value, applied: res.headers['preference-applied'] };
};

/** A whole delta round; returns its items and deltaLink. */
async function round(url: string, headers: Record<string, string>): Promise<{ items: Item[]; link: string }> {
  const items: Item[] = [];
  let next = url;
  for (;;) {
    const res = await t.get(next, org.token, headers);
    const page = res.json as { value: Item[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string };
    items.push(...page.value);
    if (page['@odata.deltaLink']) return { items, link: page['@odata.deltaLink'] };
    next = page['@odata.nextLink']!;
  }
}

describe('Prefer: IdType="ImmutableId"', () => {
  it('answers immutable ids and echoes Preference-Applied; regular ids without the header', async () => {
    const created = await create('Kick-off', '07');
    const regular = await view();
    const immutable = await view(IMMUTABLE);
    expect(regular.items.map((i) => i.id)).toContain(created.id);
    const mine = immutable.items.find((i) => i.subject === 'Kick-off')!;
    expect(mine.id).not.toBe(created.id);
    expect(immutable.applied).toContain('IdType="ImmutableId"');
    expect(regular.applied ?? '').not.toContain('IdType');
  });

  it('keeps the immutable id (and iCalUId) across a folder move while the regular id changes', async () => {
    const created = await create('Moved around', '08');
    const before = (await view(IMMUTABLE)).items.find((i) => i.subject === 'Moved around')!;
    const { id: newRegular } = await t.emu.control.moveEventToFolder(mailbox, created.id);
    expect(newRegular).not.toBe(created.id);
    const after = (await view(IMMUTABLE)).items.find((i) => i.subject === 'Moved around')!;
    expect(after.id).toBe(before.id);
    expect(after.iCalUId).toBe(before.iCalUId);
    const byImmutable = await t.get(
      `/v1.0/users/${mailbox}/events/${encodeURIComponent(before.id)}`,
      org.token,
      IMMUTABLE,
    );
    expect(byImmutable.status).toBe(200);
    expect(byImmutable.json).toMatchObject({ id: before.id, subject: 'Moved around' });
  });

  it('in delta a move is @removed + new item with regular ids, and a plain update with immutable ids', async () => {
    const created = await create('Archived and restored', '09');
    const start = `/v1.0/users/${mailbox}/calendarView/delta?${WINDOW}`;
    const regularRound = await round(start, {});
    const immutableRound = await round(start, IMMUTABLE);
    const immutableId = immutableRound.items.find((i) => i.subject === 'Archived and restored')!.id;
    const { id: moved } = await t.emu.control.moveEventToFolder(mailbox, created.id);

    const regularNext = await round(regularRound.link, {});
    expect(regularNext.items.filter((i) => '@removed' in i).map((i) => i.id)).toEqual([created.id]);
    expect(regularNext.items.filter((i) => !('@removed' in i)).map((i) => i.id)).toEqual([moved]);

    const immutableNext = await round(immutableRound.link, IMMUTABLE);
    expect(immutableNext.items.map((i) => [i.id, '@removed' in i])).toEqual([[immutableId, false]]);
  });

  it('honours the header inside $batch items', async () => {
    const created = await create('Batched', '10');
    const res = await t.http.send(`${t.emu.url}/v1.0/$batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${org.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        requests: [
          {
            id: '1',
            method: 'GET',
            url: `/users/${mailbox}/events/${encodeURIComponent(created.id)}`,
            headers: { Prefer: 'IdType="ImmutableId"' },
          },
        ],
      }),
    });
    const [item] = (
      res.json as { responses: Array<{ status: number; headers: Record<string, string>; body: Item }> }
    ).responses;
    expect(item?.status).toBe(200);
    expect(item?.body.id).not.toBe(created.id);
    expect(item?.headers['Preference-Applied']).toContain('IdType="ImmutableId"');
  });
});
