// On-premises Exchange found by Autodiscover, end to end: the connector is given the mail domain only; the
// API's diagnostics and the real worker find the EWS URL at autodiscover.contoso.com (the emulator, through
// CALSYNC_EWS_AUTODISCOVER_ORIGINS), store it on the connector and sync exactly what Exchange holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEwsEmulator } from '@calsync/ews-emulator/testing';
import { waitFor } from '../sync/support/worker-process.ts';
import { startFullStack, type FullStack } from '../../support/full-stack.ts';
import { createTenantViaApi, type TestApi } from '../../support/test-api.ts';
import {
  calsyncServes,
  createOnPremConnector,
  exchangeHolds,
  graphqlAs,
  type Gql,
} from './support/onprem-tenant.ts';

const ROOM = 'berlin-spree@contoso.com';
const DAY = 86_400_000;

let stack: FullStack;
let ews: TestEwsEmulator;
let api: TestApi;
let key: string;
let gql: Gql;

beforeAll(async () => {
  stack = await startFullStack({ ews: true });
  ews = stack.ews!;
  api = stack.api;
  key = (await createTenantViaApi(api, 'autodiscover')).adminKey;
  gql = graphqlAs(api, key);
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
    const created = await createOnPremConnector(gql, ews, {
      name: 'Contoso by Autodiscover',
      location: { autodiscoverDomain: 'contoso.com' },
      mailboxes: [ROOM],
      fields: 'id exchangeOnPrem { ewsUrl autodiscoverDomain }',
    });
    const id = created.id as string;
    expect(created.exchangeOnPrem).toEqual({
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

    const window = { start: new Date(Date.now() - 2 * DAY), end: new Date(Date.now() + 21 * DAY) };
    const truth = exchangeHolds(ews, ROOM, window);
    expect(truth.length).toBeGreaterThan(3);
    expect(await calsyncServes(gql, ROOM, window)).toEqual(truth);

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
