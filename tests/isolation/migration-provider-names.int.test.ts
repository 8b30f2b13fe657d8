// The provider-neutral rename (migration 0002) carries every row over: a mailbox synced before it
// keeps its cursor (no resync), events keep their ids, connectors their Entra settings.
import { randomBytes, randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoleName, runMigrations } from '@calsync/core';
import { dropDatabase, withCredentials, withDatabaseName } from '../../scripts/lib/create-database.ts';
import '../setup/provided-context.ts';
import { inject } from 'vitest';

const migrations = fileURLToPath(new URL('../../migrations', import.meta.url));
const info = inject('calsyncPostgres');
const name = `mig_${randomBytes(6).toString('hex')}`;
const adminUrl = withDatabaseName(info.superuserUrl, name);
const appUrl = withCredentials(adminUrl, appRoleName, info.appPassword);
let before: string;

/** The committed migrations up to and including `lastTag`, in a folder of their own. */
function migrationsUpTo(lastTag: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'calsync-mig-'));
  cpSync(migrations, dir, { recursive: true });
  const journalPath = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const last = journal.entries.findIndex((e) => e.tag === lastTag);
  journal.entries = journal.entries.slice(0, last + 1);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

beforeAll(async () => {
  const client = new pg.Client({ connectionString: info.superuserUrl });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  before = migrationsUpTo('0001_rls');
});
afterAll(async () => {
  rmSync(before, { recursive: true, force: true });
  await dropDatabase(info.superuserUrl, name);
});

describe('migration 0002 (provider-neutral names)', () => {
  it('keeps sync cursors, event ids and connector settings', async () => {
    await runMigrations({ adminUrl, appUrl, migrationsFolder: before });
    const db = new pg.Client({ connectionString: adminUrl });
    await db.connect();
    try {
      const [tenantId, connectorId, mailboxId] = [randomUUID(), randomUUID(), randomUUID()];
      await db.query(`insert into tenants (id, slug, name) values ($1, 'm', 'm')`, [tenantId]);
      await db.query(
        `insert into connectors (tenant_id, id, name, cloud, azure_tenant_id, client_id, credential_kind,
           credential_ciphertext, credential_hint) values ($1, $2, 'c', 'US_GOV', 'dir-1', 'app-1', 'CLIENT_SECRET', 'x', 'y')`,
        [tenantId, connectorId],
      );
      await db.query(
        `insert into mailboxes (tenant_id, id, connector_id, address, delta_link, resume_link, resume_kind,
           delta_window_start, delta_window_end, generation)
         values ($1, $2, $3, 'room@x.test', 'https://graph/delta?t=1', 'https://graph/next?t=2', 'DELTA',
           '2026-01-01', '2026-07-01', 4)`,
        [tenantId, mailboxId, connectorId],
      );
      await db.query(
        `insert into events (tenant_id, mailbox_id, graph_id, type, start_at, end_at, generation)
         values ($1, $2, 'AAMk-1', 'SINGLE_INSTANCE', now(), now(), 4)`,
        [tenantId, mailboxId],
      );
      await db.query(
        `insert into series_masters (tenant_id, mailbox_id, graph_id, data) values ($1, $2, 'AAMk-m', '{}')`,
        [tenantId, mailboxId],
      );

      await runMigrations({ adminUrl, appUrl });

      const mailbox = await db.query(
        `select cursor, resume_cursor, resume_kind, cursor_window_start, generation from mailboxes where id = $1`,
        [mailboxId],
      );
      expect(mailbox.rows[0]).toMatchObject({
        cursor: 'https://graph/delta?t=1',
        resume_cursor: 'https://graph/next?t=2',
        resume_kind: 'DELTA',
        cursor_window_start: new Date('2026-01-01'),
        generation: 4,
      });
      const event = await db.query(`select source_id from events where mailbox_id = $1`, [mailboxId]);
      expect(event.rows).toEqual([{ source_id: 'AAMk-1' }]);
      const master = await db.query(`select source_id from series_masters where mailbox_id = $1`, [
        mailboxId,
      ]);
      expect(master.rows).toEqual([{ source_id: 'AAMk-m' }]);
      const connector = await db.query(`select settings from connectors where id = $1`, [connectorId]);
      expect(connector.rows[0].settings).toEqual({
        cloud: 'US_GOV',
        azureTenantId: 'dir-1',
        clientId: 'app-1',
      });
    } finally {
      await db.end();
    }
  });
});
