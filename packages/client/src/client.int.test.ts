import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'undici';
import { createDatabase, publishEventChanges, type DatabaseHandle } from '@calsync/core';
import { seedConnector, seedEvents, seedMailbox } from '../../../tests/support/seed-events.ts';
import {
  createTenantViaApi,
  startTestApi,
  TEST_ADMIN_KEY,
  type TestApi,
} from '../../../tests/support/test-api.ts';
import {
  CreateApiKeyDocument,
  CreateTenantDocument,
  EventChangedDocument,
  EventsDocument,
  TenantsDocument,
  ViewerDocument,
  createCalsyncClient,
  isCalsyncError,
  type CalsyncClient,
} from './index.ts';

let api: TestApi;
let owner: DatabaseHandle;
let url: string;
let tenant: { tenantId: string; adminKey: string; room: string };
const clients: CalsyncClient[] = [];

function client(apiKey: string | undefined, extra: Partial<Parameters<typeof createCalsyncClient>[0]> = {}) {
  const created = createCalsyncClient({ url, apiKey, webSocketImpl: WebSocket, ...extra });
  clients.push(created);
  return created;
}

beforeAll(async () => {
  api = await startTestApi();
  owner = createDatabase(api.database.adminUrl, { max: 2 });
  url = await api.app.listen({ port: 0, host: '127.0.0.1' });
  const created = await createTenantViaApi(api, 'sdk-owner');
  const connector = await seedConnector(owner.db, created.tenantId);
  const room = (await seedMailbox(owner.db, created.tenantId, connector, 'board@sdk.example')).id;
  tenant = { ...created, room };
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await owner?.close();
  await api?.close();
});

describe('request', () => {
  it('sends the key as a bearer header and returns typed data', async () => {
    const viewer = await client(tenant.adminKey).request(ViewerDocument);
    expect(viewer.viewer.role).toBe('ADMIN');
    expect(viewer.viewer.tenant?.slug).toBe('sdk-owner');
  });

  it('throws CalsyncError with the contract code: UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT', async () => {
    await expect(client('csk_nope_nope').request(ViewerDocument)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      status: 401,
    });
    const { secret } = (
      await client(tenant.adminKey).request(CreateApiKeyDocument, { input: { name: 'ro', role: 'READER' } })
    ).createApiKey;
    const reader = client(secret);
    const forbidden = await reader
      .request(CreateApiKeyDocument, { input: { name: 'x', role: 'ADMIN' } })
      .catch((e: unknown) => e);
    expect(isCalsyncError(forbidden, 'FORBIDDEN')).toBe(true);
    await expect(
      client(TEST_ADMIN_KEY).request(CreateTenantDocument, { input: { name: 'Bad', slug: 'Not A Slug!' } }),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('reports an unreachable API as NETWORK', async () => {
    const offline = createCalsyncClient({ url: 'http://127.0.0.1:9', apiKey: 'x' });
    await expect(offline.request(ViewerDocument)).rejects.toMatchObject({ code: 'NETWORK' });
  });
});

describe('paginate', () => {
  it('yields every node across pages and stops fetching when the loop breaks', async () => {
    const admin = client(TEST_ADMIN_KEY);
    for (const n of [1, 2, 3, 4, 5]) {
      await admin.request(CreateTenantDocument, { input: { name: `Paged ${n}`, slug: `paged-${n}` } });
    }
    const requests: string[] = [];
    const counting = client(TEST_ADMIN_KEY, {
      fetch: (input, init) => {
        requests.push(typeof init?.body === 'string' ? init.body : '');
        return fetch(input, init);
      },
    });
    const slugs: string[] = [];
    for await (const t of counting.paginate(TenantsDocument, { first: 2 }, (d) => d.tenants))
      slugs.push(t.slug);
    expect(slugs).toEqual(expect.arrayContaining(['sdk-owner', 'paged-1', 'paged-5']));
    expect(new Set(slugs).size).toBe(slugs.length);
    // Pages of two; the API knows the last page has no successor, so no empty trailing request.
    expect(requests).toHaveLength(Math.ceil(slugs.length / 2));

    requests.length = 0;
    for await (const _ of counting.paginate(TenantsDocument, { first: 2 }, (d) => d.tenants)) break;
    expect(requests).toHaveLength(1);
  });

  it('pages events of a mailbox in start order', async () => {
    await seedEvents(
      owner.db,
      tenant.tenantId,
      tenant.room,
      [0, 1, 2, 3, 4].map((h) => ({
        subject: `slot ${h}`,
        start: `2027-03-01T0${h}:00:00Z`,
        end: `2027-03-01T0${h}:30:00Z`,
      })),
    );
    const subjects: (string | null)[] = [];
    const events = client(tenant.adminKey).paginate(
      EventsDocument,
      {
        addresses: ['board@sdk.example'],
        start: '2027-03-01T00:00:00Z',
        end: '2027-03-02T00:00:00Z',
        first: 2,
      },
      (d) => d.events,
    );
    for await (const event of events) subjects.push(event.subject);
    expect(subjects).toEqual(['slot 0', 'slot 1', 'slot 2', 'slot 3', 'slot 4']);
  });
});

describe('subscribe', () => {
  it('delivers typed changes over graphql-ws with the key in connection_init', async () => {
    const states: string[] = [];
    const live = client(tenant.adminKey, { onConnectionChange: (s) => states.push(s) });
    const changes = live.subscribe(EventChangedDocument, { mailboxIds: [tenant.room] });
    const first = changes.next();
    await expect.poll(() => states).toContain('connected');
    // The subscribe message follows connection_ack; give the server a moment to register it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [event] = await seedEvents(owner.db, tenant.tenantId, tenant.room, [
      { subject: 'live booking', start: '2027-04-01T09:00:00Z', end: '2027-04-01T10:00:00Z' },
    ]);
    await publishEventChanges(api.core.redis, api.core.queuePrefix, tenant.tenantId, {
      mailboxId: tenant.room,
      upserted: [event!.id],
      deleted: [],
    });
    const { value } = await first;
    expect(value?.eventChanged).toMatchObject({
      kind: 'UPSERTED',
      mailboxId: tenant.room,
      event: { subject: 'live booking', mailbox: { address: 'board@sdk.example' } },
    });
    await changes.return();
  });

  it('return() ends a subscription at once, even while next() waits for the server', async () => {
    const changes = client(tenant.adminKey).subscribe(EventChangedDocument, { mailboxIds: [tenant.room] });
    const waiting = changes.next();
    await changes.return();
    await expect(waiting).resolves.toEqual({ done: true, value: undefined });
  });

  it('rejects a refused key as UNAUTHENTICATED', async () => {
    const refused = client('csk_nope_nope', { retryAttempts: 0 });
    const changes = refused.subscribe(EventChangedDocument, {});
    await expect(changes.next()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
