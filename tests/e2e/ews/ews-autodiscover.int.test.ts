// On-premises Exchange found by Autodiscover, end to end: the connector is given the mail domain only; the
// API's diagnostics and the real worker find the EWS URL at autodiscover.contoso.com (the emulator, through
// CALSYNC_EWS_AUTODISCOVER_ORIGINS), store it on the connector and sync exactly what Exchange holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEwsEmulator } from '@calsync/ews-emulator/testing';
import { waitFor } from '../sync/support/worker-process.ts';
import { startFullStack, type FullStack } from '../../support/full-stack.ts';
import { createTenantViaApi, type TestApi } from '../../support/test-api.ts';

const ROOM = 'berlin-spree@contoso.com';
const DAY = 86_400_000;

let stack: FullStack;
let ews: TestEwsEmulator;
let api: TestApi;
let key: string;

const gql = async <T = any>(query: string, variables?: Record<string, unknown>): Promise<T> => {
  const res = await api.graphql<T>(key, query, variables);
  if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data as T;
};

const instant = (value: string): string =>
  new Date(/[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`).toISOString();

beforeAll(async () => {
  stack = await startFullStack({ ews: true });
  ews = stack.ews!;
  api = stack.api;
  key = (await createTenantViaApi(api, 'autodiscover')).adminKey;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('on-premises Exchange by Autodiscover: API + worker + EWS emulator', () => {
  it('refuses an EWS URL and a domain together, naming the field', async () => {
    const res = await api.graphql(
      key,
      `mutation($input: CreateConnectorInput!) { createConnector(input: $input) { id } }`,
      {
        input: {
          name: 'both',
          kind: 'EXCHANGE_ONPREM',
          exchangeOnPrem: {
            ewsUrl: ews.emulator.ewsUrl,
            autodiscoverDomain: 'contoso.com',
            username: 'CONTOSO\\monitor',
            password: 'x',
          },
        },
      },
    );
    expect(res.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'exchangeOnPrem.autodiscoverDomain',
    });
  });

  it('creates the connector with the domain, discovers the EWS URL and syncs the room exactly', async () => {
    const monitor = ews.emulator.monitor!;
    const created = await gql(
      `mutation($input: CreateConnectorInput!) { createConnector(input: $input) { id exchangeOnPrem { ewsUrl autodiscoverDomain } } }`,
      {
        input: {
          name: 'Contoso by Autodiscover',
          kind: 'EXCHANGE_ONPREM',
          exchangeOnPrem: {
            autodiscoverDomain: 'contoso.com',
            username: monitor.domainUser,
            password: monitor.password,
            caBundlePem: ews.emulator.caCertPem,
          },
          syncWindow: { pastDays: 7, futureDays: 30 },
          maskPrivateEvents: false,
          mailboxes: [ROOM],
        },
      },
    );
    const id = created.createConnector.id as string;
    expect(created.createConnector.exchangeOnPrem).toEqual({
      ewsUrl: null,
      autodiscoverDomain: 'contoso.com',
    });

    const { testConnector } = await gql(
      `mutation($id: ID!) { testConnector(id: $id) { ok checks { name status target message } } }`,
      { id },
    );
    const byName = new Map<string, any>(
      testConnector.checks.map((c: any) => [`${c.name} ${c.target ?? ''}`, c]),
    );
    expect(byName.get('AUTODISCOVER ')).toMatchObject({ status: 'PASS' });
    expect(byName.get('AUTODISCOVER ').message).toContain(ews.emulator.ewsUrl);
    expect(byName.get(`MAILBOX_ACCESS ${ROOM}`)?.status).toBe('PASS');

    const since = Date.now();
    await gql(`mutation($id: ID!) { syncConnector(id: $id, full: true) { enqueued } }`, { id });
    await waitFor(
      async () => {
        const res = await gql(
          `query($c: ID!) { mailboxes(connectorId: $c, first: 10) { nodes { syncStatus lastSyncedAt } } }`,
          { c: id },
        );
        const m = res.mailboxes.nodes[0];
        return m?.syncStatus === 'OK' && m.lastSyncedAt !== null && Date.parse(m.lastSyncedAt) >= since;
      },
      90_000,
      `the room to sync; worker output:\n${stack.worker.output()}`,
    );

    const start = new Date(Date.now() - 2 * DAY);
    const end = new Date(Date.now() + 21 * DAY);
    const storeId = ews.emulator.state.directory.mailbox(ROOM)!.storeId;
    const truth = ews.emulator.state.calendar
      .calendarView(storeId, start, end, 'UTC')
      .filter((e) => e['isCancelled'] !== true)
      .map((e) => {
        const s = (e['start'] as { dateTime: string }).dateTime;
        const f = (e['end'] as { dateTime: string }).dateTime;
        return `${instant(s)} ${instant(f)} ${String(e['subject'])}`;
      })
      .sort();
    const served = await gql(
      `query($a: [String!], $s: DateTime!, $e: DateTime!) { events(addresses: $a, start: $s, end: $e, first: 500) { nodes { subject start end } } }`,
      { a: [ROOM], s: start.toISOString(), e: end.toISOString() },
    );
    const got = served.events.nodes
      .map((e: any) => `${instant(e.start)} ${instant(e.end)} ${e.subject}`)
      .sort();
    expect(truth.length).toBeGreaterThan(3);
    expect(got).toEqual(truth);

    const after = await gql(
      `query($id: ID!) { connector(id: $id) { exchangeOnPrem { ewsUrl autodiscoverDomain } } }`,
      {
        id,
      },
    );
    expect(after.connector.exchangeOnPrem).toEqual({
      ewsUrl: ews.emulator.ewsUrl,
      autodiscoverDomain: 'contoso.com',
    });
  });
});
