// calsync side of the sync suites: seed tenants/connectors/mailboxes as the API would, read stored state.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { sealCredential, type SecretBox } from '@calsync/core';
import type { ComparableEvent } from './ground-truth.ts';

export interface SeededConnector {
  tenantId: string;
  connectorId: string;
  /** calsync mailbox id by lower-case address. */
  mailboxIds: Map<string, string>;
}

export async function seedConnector(
  adminUrl: string,
  secretBox: SecretBox,
  input: {
    slug: string;
    azureTenantId: string;
    clientId: string;
    clientSecret: string;
    addresses: string[];
    pastDays?: number;
    futureDays?: number;
    maskPrivate?: boolean;
    /** An existing tenant (created through the API); otherwise a new one is inserted. */
    tenantId?: string;
  },
): Promise<SeededConnector> {
  const tenantId = input.tenantId ?? randomUUID();
  const connectorId = randomUUID();
  const sealed = sealCredential(secretBox, tenantId, connectorId, {
    kind: 'CLIENT_SECRET',
    clientSecret: input.clientSecret,
  });
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    if (!input.tenantId)
      await client.query('insert into tenants (id, slug, name) values ($1, $2, $3)', [
        tenantId,
        input.slug,
        input.slug,
      ]);
    await client.query(
      `insert into connectors (tenant_id, id, name, settings, credential_kind, credential_ciphertext,
         credential_hint, sync_past_days, sync_future_days, mask_private_events, status)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'HEALTHY')`,
      [
        tenantId,
        connectorId,
        `${input.slug} M365`,
        { cloud: 'GLOBAL', azureTenantId: input.azureTenantId, clientId: input.clientId },
        sealed.credentialKind,
        sealed.credentialCiphertext,
        sealed.credentialHint,
        input.pastDays ?? 7,
        input.futureDays ?? 60,
        input.maskPrivate ?? true,
      ],
    );
    const addresses = input.addresses.map((a) => a.toLowerCase());
    const ids = new Map<string, string>();
    for (let from = 0; from < addresses.length; from += MAILBOX_INSERT_CHUNK) {
      const chunk = addresses.slice(from, from + MAILBOX_INSERT_CHUNK);
      for (const row of await insertMailboxes(client, tenantId, connectorId, chunk))
        ids.set(row.address, row.id);
    }
    // Keyed in the callers' order (RETURNING promises none): benches pick the first or the last mailbox.
    const mailboxIds = new Map(addresses.map((address) => [address, ids.get(address)!]));
    return { tenantId, connectorId, mailboxIds };
  } finally {
    await client.end();
  }
}

/**
 * Mailboxes per INSERT: one statement per mailbox made 100,000 of them (bench/scale.ts) hundreds of
 * thousands of round trips; one statement of them all would hold every row of its RETURNING at once.
 */
const MAILBOX_INSERT_CHUNK = 5_000;

/** Inserts the addresses (lower-case) in their order, as one statement: their ids by address. */
async function insertMailboxes(
  client: pg.Client,
  tenantId: string,
  connectorId: string,
  addresses: string[],
): Promise<{ id: string; address: string }[]> {
  const res = await client.query<{ id: string; address: string }>(
    `insert into mailboxes (tenant_id, connector_id, address)
     select $1, $2, address from unnest($3::text[]) with ordinality as a(address, position)
     order by position
     returning id, address`,
    [tenantId, connectorId, addresses],
  );
  return res.rows;
}

export interface StoredMailboxState {
  cursor: string | null;
  resumeCursor: string | null;
  windowStart: Date | null;
  windowEnd: Date | null;
  syncStatus: string;
  lastError: string | null;
}

/** Reads past RLS with the owner connection: what is really in the tables. */
export function openAdmin(adminUrl: string) {
  const pool = new pg.Pool({ connectionString: adminUrl, max: 4 });
  return {
    pool,
    async events(mailboxId: string): Promise<Map<string, ComparableEvent>> {
      const res = await pool.query(
        `select source_id, subject, start_at, end_at, is_cancelled, show_as, type, series_master_id
         from events where mailbox_id = $1`,
        [mailboxId],
      );
      const out = new Map<string, ComparableEvent>();
      for (const r of res.rows) {
        out.set(r.source_id, {
          subject: r.subject,
          start: new Date(r.start_at).toISOString(),
          end: new Date(r.end_at).toISOString(),
          isCancelled: r.is_cancelled,
          showAs: r.show_as,
          type: r.type,
          seriesMasterId: r.series_master_id,
        });
      }
      return out;
    },
    async eventCount(mailboxId: string): Promise<{ rows: number; distinctSourceIds: number }> {
      const res = await pool.query(
        'select count(*)::int as rows, count(distinct source_id)::int as ids from events where mailbox_id = $1',
        [mailboxId],
      );
      return { rows: res.rows[0].rows, distinctSourceIds: res.rows[0].ids };
    },
    async mailbox(mailboxId: string): Promise<StoredMailboxState> {
      const res = await pool.query(
        `select cursor, resume_cursor, cursor_window_start, cursor_window_end, sync_status, last_error
         from mailboxes where id = $1`,
        [mailboxId],
      );
      const r = res.rows[0];
      return {
        cursor: r.cursor,
        resumeCursor: r.resume_cursor,
        windowStart: r.cursor_window_start,
        windowEnd: r.cursor_window_end,
        syncStatus: r.sync_status,
        lastError: r.last_error,
      };
    },
    async runs(mailboxId: string) {
      const res = await pool.query('select * from sync_runs where mailbox_id = $1 order by started_at', [
        mailboxId,
      ]);
      return res.rows;
    },
    close: () => pool.end(),
  };
}

export type AdminReader = ReturnType<typeof openAdmin>;
