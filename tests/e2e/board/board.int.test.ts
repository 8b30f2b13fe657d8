// The room board in a real headless Chromium against API + worker + emulator: it renders the
// seeded rooms, shows a booking made in "Outlook" (the emulator) without a reload, and says so
// when the connection drops. The screenshot is kept in test-artifacts/board.png.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedEvents } from '../sync/support/ground-truth.ts';
import { waitFor } from '../sync/support/worker-process.ts';
import { startCuttableProxy, type CuttableProxy } from '../../support/cuttable-proxy.ts';
import { chromiumExecutable } from '../../support/chromium.ts';
import { startFullStack, type FullStack } from '../../support/full-stack.ts';
import { createTenantViaApi } from '../../support/test-api.ts';

export const SCREENSHOT = join(import.meta.dirname, '..', '..', '..', 'test-artifacts', 'board.png');

let stack: FullStack;
let proxy: CuttableProxy;
let browser: Browser;
let page: Page;
let adminKey: string;
let readerKey: string;
let connectorId: string;
const rooms: { id: string; address: string; displayName: string; timeZone?: string }[] = [];

/** "14:05" in the zone, as the board writes times. */
const clock = (date: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    date,
  );

async function gql<T = any>(key: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await stack.api.graphql<T>(key, query, variables);
  if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data as T;
}

beforeAll(async () => {
  stack = await startFullStack();
  proxy = await startCuttableProxy(new URL(await stack.api.app.listen({ port: 0, host: '127.0.0.1' })));
  adminKey = (await createTenantViaApi(stack.api, 'board')).adminKey;
  const seed = stack.emulator.emu.state.seedSummary!;
  const { createConnector } = await gql(
    adminKey,
    `mutation($input: CreateConnectorInput!) { createConnector(input: $input) { id } }`,
    {
      input: {
        name: 'Contoso',
        azureTenantId: seed.tenantDomain,
        clientId: seed.clientId,
        clientSecret: seed.clientSecret,
      },
    },
  );
  connectorId = createConnector.id;
  const { discoverRooms } = await gql(
    adminKey,
    `mutation($id: ID!) { discoverRooms(connectorId: $id) { id address displayName } }`,
    { id: createConnector.id },
  );
  // The live check books [now - 5 min, now + 30 min] in the first room: clear that slot in the
  // emulator first, so the booking is what the board must show as "Now".
  const directory = await stack.emulator.emu.control.listMailboxes();
  // Two rooms in buildings of different time zones (Berlin, Tokyo): each card shows its room's own.
  const discovered = discoverRooms as { id: string; address: string; displayName: string }[];
  const first = discovered.find((r) => r.address.startsWith('berlin-'));
  const second = discovered.find((r) => r.address.startsWith('tokyo-'));
  rooms.push(first!, second!);
  const emulatorRoom = directory.find((m) => m.address.toLowerCase() === first!.address)!;
  const slot = { start: new Date(Date.now() - 10 * 60_000), end: new Date(Date.now() + 40 * 60_000) };
  for (const [id, event] of expectedEvents(stack.emulator.emu, emulatorRoom.id, slot)) {
    // Ground truth is keyed by immutable id, the control API by the regular one.
    const regularId = stack.emulator.emu.state.calendar.toRegularId(emulatorRoom.id, id);
    if (!event.isCancelled) await stack.emulator.emu.control.deleteEvent(first!.address, regularId);
  }
  // The rooms' zones as calsync knows them (the emulated app has no MailboxSettings.Read, so an
  // admin sets them; the board reads Mailbox.timeZone whatever its source).
  for (const [room, timeZone] of [
    [first!, 'Europe/Berlin'],
    [second!, 'Asia/Tokyo'],
  ] as const) {
    await gql(
      adminKey,
      `mutation($id: ID!, $tz: String) { updateMailbox(id: $id, input: { timeZone: $tz }) { id } }`,
      {
        id: room.id,
        tz: timeZone,
      },
    );
  }
  for (const room of rooms) {
    await gql(adminKey, `mutation($id: ID!) { syncMailbox(id: $id, full: true) { enqueued } }`, {
      id: room.id,
    });
  }
  await waitFor(
    async () => {
      const { mailboxes } = await gql(
        adminKey,
        `{ mailboxes(first: 100) { nodes { id syncStatus timeZone } } }`,
      );
      for (const room of rooms) room.timeZone = mailboxes.nodes.find((m: any) => m.id === room.id)?.timeZone;
      return rooms.every((r) => mailboxes.nodes.some((m: any) => m.id === r.id && m.syncStatus === 'OK'));
    },
    90_000,
    `rooms synced; worker output:\n${stack.worker.output()}`,
  );
  expect(rooms.map((r) => r.timeZone)).toEqual(['Europe/Berlin', 'Asia/Tokyo']);
  // A display token, as a deployment would give a screen: read-only, these rooms only.
  readerKey = (
    await gql(
      adminKey,
      `mutation($ids: [ID!]) { createDisplayToken(input: { name: "lobby display", mailboxIds: $ids }) { secret } }`,
      { ids: rooms.map((r) => r.id) },
    )
  ).createDisplayToken.secret;
  browser = await chromium.launch({ executablePath: chromiumExecutable, args: ['--no-sandbox'] });
  // The display itself is in UTC, unlike both rooms.
  page = await browser.newPage({ viewport: { width: 1280, height: 720 }, timezoneId: 'UTC' });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await stack?.stop();
});

describe('room board in headless Chromium', () => {
  it("renders the chosen rooms with now / next / free-until, each in the room's time zone", async () => {
    const addresses = rooms.map((r) => r.address).join(',');
    await page.goto(`${proxy.url}/board#key=${readerKey}&rooms=${addresses}&title=Contoso`);
    await page.waitForSelector('.room h2');
    const names = await page.locator('.room h2').allTextContents();
    expect(names).toEqual(rooms.map((r) => r.displayName));
    for (const status of await page.locator('.room .status').allTextContents()) {
      expect(status).toMatch(/^(Busy until \d\d:\d\d|Free until \d\d:\d\d|Free)$/);
    }
    for (const room of rooms) {
      const card = page.locator(`.room[data-address="${room.address}"]`);
      expect(await card.getAttribute('data-time-zone')).toBe(room.timeZone);
      expect(await card.locator('.zone').textContent()).toMatch(
        new RegExp(`^\\d\\d:\\d\\d ${room.timeZone}$`),
      );
    }
    expect(await page.locator('#offline').isHidden()).toBe(true);
  });

  it('shows a booking made in Outlook without a reload', async () => {
    await page.evaluate(() => ((globalThis as unknown as { notReloaded: boolean }).notReloaded = true));
    const room = rooms[0]!;
    const start = new Date(Date.now() - 5 * 60_000);
    const end = new Date(Date.now() + 30 * 60_000);
    await stack.emulator.emu.control.createEvent(room.address, {
      subject: 'Live board check',
      start: { dateTime: start.toISOString().slice(0, 19), timeZone: 'UTC' },
      end: { dateTime: end.toISOString().slice(0, 19), timeZone: 'UTC' },
    });
    await gql(adminKey, `mutation($id: ID!) { syncMailbox(id: $id) { enqueued } }`, { id: room.id });
    const card = page.locator(`.room[data-address="${room.address}"]`);
    await card.locator('.now', { hasText: 'Live board check' }).waitFor({ timeout: 45_000 });
    expect(await card.getAttribute('class')).toContain('busy');
    // Berlin time, not the display's UTC: the booking ends at its end in the room's zone.
    expect(await card.locator('.status').textContent()).toBe(`Busy until ${clock(end, room.timeZone!)}`);
    expect(clock(end, room.timeZone!)).not.toBe(clock(end, 'UTC'));
    expect(await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );
    mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  }, 90_000);

  it("shows a room list's rooms, only those the display token may read", async () => {
    // The connector's first tick runs the room directory job, which records the room lists.
    await waitFor(
      async () =>
        (
          await gql(adminKey, `query($id: ID!) { connector(id: $id) { roomDirectory { ok } } }`, {
            id: connectorId,
          })
        ).connector.roomDirectory?.ok === true,
      60_000,
      `the room directory; worker output:\n${stack.worker.output()}`,
    );
    const berlin = await gql(
      adminKey,
      `{ mailboxes(filter: { roomList: "rooms-berlin@contoso.com" }) { totalCount } }`,
    );
    expect(berlin.mailboxes.totalCount).toBeGreaterThan(1);
    const listPage = await browser.newPage({ viewport: { width: 1280, height: 720 }, timezoneId: 'UTC' });
    await listPage.goto(`${proxy.url}/board#key=${readerKey}&list=rooms-berlin@contoso.com`);
    await listPage.waitForSelector('.room h2');
    // Of Berlin's rooms the token names one: the list shows it and nothing else.
    expect(await listPage.locator('.room h2').allTextContents()).toEqual([rooms[0]!.displayName]);
    await listPage.close();
  }, 90_000);

  it('says "offline — last updated hh:mm" when the connection drops, and recovers', async () => {
    proxy.cut();
    const banner = page.locator('#offline');
    await banner.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await banner.textContent()).toMatch(/^Offline — last updated \d\d:\d\d$/);
    expect(await page.locator('body').getAttribute('class')).toContain('offline');
    proxy.restore();
    await banner.waitFor({ state: 'hidden', timeout: 60_000 });
    expect(await page.locator('.room').count()).toBe(2);
  }, 120_000);
});
