// A connector given a mail domain: what Autodiscover found is stored on the connector, a stored URL that stops
// answering is forgotten, and the next call discovers again — through core's diagnostics, real Postgres and
// the EWS emulator (reached as autodiscover.contoso.com through the operator's origin override).
import { startTestEwsEmulator, type TestEwsEmulator } from '@calsync/ews-emulator/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant } from '../../../../../../tests/support/seed-tenant.ts';
import { createTestDatabase, type TestDatabase } from '../../../../../../tests/support/test-database.ts';
import { createTestCore } from '../../../../../../tests/support/test-core.ts';
import { createConnector } from '../../../connectors/create-connector.ts';
import type { Core } from '../../../create-core.ts';
import { createDatabase, type DatabaseHandle } from '../../../db/index.ts';
import { checkConnector } from '../../../diagnostics/test-connector.ts';

const STALE_URL = 'https://127.0.0.1:1/EWS/Exchange.asmx';

let t: TestEwsEmulator;
let database: TestDatabase;
let admin: DatabaseHandle;
let core: Core;
let tenantId: string;
let connectorId: string;

const storedUrl = async (): Promise<string | null> =>
  (
    await admin.pool.query<{ url: string | null }>(
      `select settings ->> 'discoveredEwsUrl' as url from connectors where id = $1`,
      [connectorId],
    )
  ).rows[0]!.url;

const checks = async (): Promise<Map<string, { status: string; message: string }>> => {
  const diagnostics = await checkConnector(core, tenantId, connectorId);
  return new Map(diagnostics.checks.map((c) => [`${c.name} ${c.target ?? ''}`.trim(), c]));
};

beforeAll(async () => {
  t = await startTestEwsEmulator();
  database = await createTestDatabase();
  admin = createDatabase(database.adminUrl);
  core = createTestCore(database, {
    ews: {
      autodiscoverOrigins: {
        'contoso.com': 'https://127.0.0.1:1',
        'autodiscover.contoso.com': t.emulator.url,
        // Nothing listens on ports 1 and 2: a domain without Autodiscover.
        'fabrikam.test': 'https://127.0.0.1:1',
        'autodiscover.fabrikam.test': 'https://127.0.0.1:2',
      },
    },
  });
  const seeded = await seedTenant(admin.db, 'autodiscover');
  tenantId = seeded.tenantId;
  const view = await createConnector(
    core,
    { role: 'ADMIN', tenantId, keyId: seeded.apiKeyId },
    {
      name: 'Contoso by domain',
      kind: 'EXCHANGE_ONPREM',
      exchangeOnPrem: {
        autodiscoverDomain: 'contoso.com',
        username: t.emulator.monitor!.userPrincipalName,
        password: t.emulator.monitor!.password,
        caBundlePem: t.emulator.caCertPem,
      },
      mailboxes: ['berlin-spree@contoso.com'],
    },
  );
  connectorId = view.id;
});

afterAll(async () => {
  await core?.close();
  await admin?.close();
  await database?.drop();
  await t?.close();
});

describe('Autodiscover cached on the connector', () => {
  it('discovers once, stores the URL and diagnoses AUTODISCOVER as passed', async () => {
    expect(await storedUrl()).toBeNull();
    const first = await checks();
    expect(first.get('AUTODISCOVER')?.status).toBe('PASS');
    expect(first.get('AUTHENTICATION')?.status).toBe('PASS');
    expect(await storedUrl()).toBe(t.emulator.ewsUrl);
  });

  it('forgets a stored URL that no longer answers and discovers again on the next call', async () => {
    await admin.pool.query(
      `update connectors set settings = settings || jsonb_build_object('discoveredEwsUrl', $2::text) where id = $1`,
      [connectorId, STALE_URL],
    );
    const stale = await checks();
    expect(stale.get('REACHABILITY')?.status).toBe('FAIL');
    expect(await storedUrl()).toBeNull();
    const healed = await checks();
    expect(healed.get('AUTODISCOVER')?.message).toContain(t.emulator.ewsUrl);
    expect(healed.get('AUTHENTICATION')?.status).toBe('PASS');
    expect(await storedUrl()).toBe(t.emulator.ewsUrl);
  });

  it('diagnoses a domain whose Autodiscover answers nowhere, with the remedy, skipping the rest', async () => {
    await admin.pool.query(
      `update connectors set settings = (settings - 'discoveredEwsUrl') || '{"autodiscoverDomain":"fabrikam.test"}' where id = $1`,
      [connectorId],
    );
    const diagnostics = await checkConnector(core, tenantId, connectorId);
    const failed = diagnostics.checks.find((c) => c.name === 'AUTODISCOVER');
    expect(failed).toMatchObject({ status: 'FAIL', code: 'AutodiscoverFailed' });
    expect(failed?.message).toContain('https://127.0.0.1:2/autodiscover/autodiscover.xml');
    expect(failed?.remedy).toContain('autodiscover.fabrikam.test');
    expect(failed?.remedy).toContain('Get-WebServicesVirtualDirectory');
    expect(JSON.stringify(diagnostics)).not.toContain(t.emulator.monitor!.password);
    expect(
      diagnostics.checks.filter((c) => c.name !== 'AUTODISCOVER').every((c) => c.status === 'SKIPPED'),
    ).toBe(true);
  });
});
