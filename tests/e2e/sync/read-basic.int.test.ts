// Least privilege through the real worker: an app granted only Calendars.ReadBasic.All syncs exactly; join
// links in Graph's Teams data or the location survive, a link only in a body cannot be seen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueConnectorTick } from '@calsync/core';
import { seedConnector, type SeededConnector } from './support/calsync-db.ts';
import { startSyncSuite, type SyncSuite } from './support/sync-suite.ts';

let suite: SyncSuite;
let seeded: SeededConnector;
let mailbox: { emuId: string; mailboxId: string };
const ids: Record<string, string> = {};

const at = (hour: number) => {
  const t = new Date(Date.now() + 2 * 86_400_000);
  t.setUTCHours(hour, 0, 0, 0);
  return { dateTime: t.toISOString().slice(0, 19), timeZone: 'UTC' };
};

beforeAll(async () => {
  suite = await startSyncSuite(7);
  const c = suite.env.emu.control;
  const summary = suite.env.emu.state.seedSummary!;
  const target = (await c.listMailboxes(summary.tenantId)).find((m) => m.restEnabled)!;
  const make = async (key: string, extra: Record<string, unknown>) =>
    // calsync stores the immutable id (docs/microsoft-graph.md §9.7).
    (ids[key] = suite.env.emu.state.calendar.toImmutableId(
      target.id,
      (
        await c.createEvent(target.id, {
          subject: key,
          start: at(8 + Object.keys(ids).length),
          end: at(9 + Object.keys(ids).length),
          ...extra,
        })
      ).id,
    ));
  await make('body link', {
    body: { contentType: 'html', content: '<a href="https://us02web.zoom.us/j/81234567890">Join</a>' },
  });
  await make('location link', { location: { displayName: 'https://meet.google.com/abc-defg-hij' } });
  const app = await c.createApp({
    tenantId: summary.tenantId,
    displayName: 'least privilege',
    roles: ['Calendars.ReadBasic.All'],
  });
  const secret = await c.addSecret(app.clientId);
  seeded = await seedConnector(suite.database.adminUrl, suite.core.secretBox, {
    slug: 'basic',
    azureTenantId: summary.tenantId,
    clientId: app.clientId,
    clientSecret: secret.value,
    addresses: [target.address],
  });
  mailbox = { emuId: target.id, mailboxId: seeded.mailboxIds.get(target.address)! };
  suite.startWorker({ pageSize: 25 });
});
afterAll(() => suite?.close());

describe('Calendars.ReadBasic.All through the worker', () => {
  it('syncs exactly; a join link only in a body is lost, one in the location survives', async () => {
    await enqueueConnectorTick(suite.core, seeded.tenantId, seeded.connectorId);
    await suite.waitForSynced([mailbox.mailboxId]);
    expect(await suite.expectExact(mailbox)).toBeGreaterThan(2);
    const res = await suite.admin.pool.query(
      'select source_id, online_meeting from events where mailbox_id = $1 and source_id = any($2::text[])',
      [mailbox.mailboxId, [ids['body link'], ids['location link']]],
    );
    const meeting = Object.fromEntries(res.rows.map((r) => [r.source_id, r.online_meeting]));
    expect(meeting[ids['body link']!]).toBeNull();
    expect(meeting[ids['location link']!]).toMatchObject({ provider: 'GOOGLE_MEET' });
    // No calendar read is refused (the app may not read the directory or mailbox settings: those 403s are expected).
    const log = await suite.env.emu.control.requests({ mailbox: mailbox.emuId });
    const refused = log.filter(
      (r) => r.status === 403 && (r.path.includes('/calendarView') || r.path.includes('/events')),
    );
    expect(refused).toEqual([]);
  });
});
