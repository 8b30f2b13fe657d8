// Bulk data for bench/query.ts: generate_series through the owner connection (past RLS).
import pg from 'pg';
import { createDatabase, createTenant } from '@calsync/core';

/** Loads one tenant with `mailboxCount` rooms × `perMailbox` events through the owner connection; returns its API key. */
export async function loadBenchData(
  adminUrl: string,
  mailboxCount: number,
  perMailbox: number,
): Promise<{ tenantKey: string; tenantId: string }> {
  const owner = createDatabase(adminUrl, { max: 2 });
  const created = await createTenant(
    owner.db,
    { role: 'PLATFORM_ADMIN', tenantId: null, keyId: null },
    { name: 'Bench', slug: 'bench' },
  );
  await owner.close();
  const tenantId = created.tenant.id;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const connector = await client.query<{ id: string }>(
      `insert into connectors (tenant_id, name, settings, credential_kind, credential_ciphertext, credential_hint)
       values ($1, 'Bench M365', '{"cloud":"GLOBAL","azureTenantId":"a","clientId":"b"}', 'CLIENT_SECRET', 'opaque', 'abcd') returning id`,
      [tenantId],
    );
    await client.query(
      `insert into mailboxes (tenant_id, connector_id, address, display_name, kind, sync_status, last_synced_at)
       select $1, $2, 'room-' || lpad(m::text, 4, '0') || '@bench.example', 'Room ' || m, 'ROOM', 'OK', now()
       from generate_series(1, $3::int) m`,
      [tenantId, connector.rows[0]!.id, mailboxCount],
    );
    // Every 4.5 hours from 7 days ago, 30–90 minutes long, shifted per room so rooms differ;
    // 1,000 events span the default sync window (7 past + 180 future days).
    const chunk = 100;
    for (let from = 1; from <= mailboxCount; from += chunk) {
      await client.query(
        `insert into events (tenant_id, mailbox_id, source_id, type, subject, start_at, end_at, show_as, attendees)
         select $1, mb.id, 'g-' || k, 'SINGLE_INSTANCE', 'Meeting ' || k,
                date_trunc('hour', now()) - interval '7 days' + k * interval '270 minutes' + (n % 9) * interval '10 minutes',
                date_trunc('hour', now()) - interval '7 days' + k * interval '270 minutes' + (n % 9) * interval '10 minutes'
                  + (30 + (k % 3) * 30) * interval '1 minute',
                case when k % 10 = 0 then 'TENTATIVE' when k % 17 = 0 then 'FREE' else 'BUSY' end,
                jsonb_build_array(jsonb_build_object('emailAddress', jsonb_build_object('name', 'Alex', 'address', 'alex@bench.example'), 'type', 'REQUIRED', 'response', 'ACCEPTED'))
         from (select id, row_number() over (order by address) as n from mailboxes where tenant_id = $1) mb
         cross join generate_series(0, $4::int - 1) k
         where mb.n between $2 and $3`,
        [tenantId, from, Math.min(mailboxCount, from + chunk - 1), perMailbox],
      );
    }
    // Room metadata for the free-room finder: capacities 4–24, ten buildings, a display in two rooms of three.
    await client.query(
      `insert into room_details (tenant_id, mailbox_id, capacity, building, floor_number, display_device_name, tags, room_lists)
       select $1, id, 4 + 2 * (n % 11), 'Building ' || (n % 10), n % 7,
              case when n % 3 = 0 then null else 'Surface Hub' end,
              case when n % 4 = 0 then array['whiteboard'] else '{}'::text[] end,
              array['rooms-' || (n % 10) || '@bench.example']
       from (select id, row_number() over (order by address) as n from mailboxes where tenant_id = $1) mb`,
      [tenantId],
    );
    await client.query('analyze');
  } finally {
    await client.end();
  }
  return { tenantKey: created.secret, tenantId };
}
