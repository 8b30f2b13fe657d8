import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionTenant, startTestEmulator } from '../testing/emulator-fixture.ts';
import type { ProvisionedTenant, TestEmulator } from '../testing/emulator-fixture.ts';

// Field report §1: /places/microsoft.graph.room never sends a nextLink; tenants page with $top/$skip/$count.
const ROOMS = 1_500;

interface RoomPage {
  '@odata.count'?: number;
  '@odata.nextLink'?: string;
  value: Array<{ emailAddress: string }>;
}

let t: TestEmulator;
let org: ProvisionedTenant;

beforeAll(async () => {
  t = await startTestEmulator({ seed: false });
  org = await provisionTenant(t, 'Fabrikam', ['Calendars.Read', 'Place.Read.All']);
  // provisionTenant made one room; fill the tenant up to 1,500.
  for (let i = 1; i < ROOMS; i++) {
    t.emu.state.directory.createMailbox({
      tenantId: org.tenantId,
      address: `room-${String(i).padStart(4, '0')}@${org.domain}`,
      displayName: `Room ${i}`,
      kind: 'room',
    });
  }
});
afterAll(() => t.stop());

const rooms = async (query: string): Promise<RoomPage> => {
  const res = await t.get(`/v1.0/places/microsoft.graph.room${query}`, org.token);
  expect(res.status).toBe(200);
  return res.json as RoomPage;
};

describe('rooms beyond 100 (field)', () => {
  it('answers 100 rooms and no nextLink without $top, although 1,500 exist', async () => {
    const page = await rooms('');
    expect(page.value).toHaveLength(100);
    expect(page['@odata.nextLink']).toBeUndefined();
  });

  it('pages every room with $top/$skip/$count=true, never a nextLink', async () => {
    const seen = new Set<string>();
    let count: number | undefined;
    for (let skip = 0; ; skip += 100) {
      const page = await rooms(`?$top=100&$skip=${skip}&$count=true`);
      expect(page['@odata.nextLink']).toBeUndefined();
      count = page['@odata.count'];
      for (const r of page.value) seen.add(r.emailAddress.toLowerCase());
      if (page.value.length < 100) break;
    }
    expect(count).toBe(ROOMS);
    expect(seen.size).toBe(ROOMS);
  });

  it('honours a large $top (one page of all rooms) and answers an empty page past the end', async () => {
    expect((await rooms('?$top=10000')).value).toHaveLength(ROOMS);
    expect((await rooms(`?$top=100&$skip=${ROOMS}`)).value).toEqual([]);
  });

  it('sends the documented nextLink when the placesNextLink switch is on', async () => {
    await t.emu.control.setBehaviour({ placesNextLink: true });
    try {
      const page = await rooms('?$top=100');
      expect(page['@odata.nextLink']).toContain('$skip=100');
    } finally {
      await t.emu.control.setBehaviour({ placesNextLink: false });
    }
  });
});
