import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDirectory,
  createSecretConnector,
  createTenantKey,
  startConnectorEnv,
  type ConnectorEnv,
  type Directory,
} from './connector-env.ts';

let env: ConnectorEnv;
let key: string;
let dir: Directory;
let connector: string;
beforeAll(async () => {
  env = await startConnectorEnv();
  key = await createTenantKey(env, 'mbx');
  dir = await createDirectory(env, 'mbxco', {
    mailboxes: [
      { local: 'adele', displayName: 'Adele Vance' },
      { local: 'megan', displayName: 'Megan Bowen' },
      { local: 'adams', displayName: 'Conf Room Adams', kind: 'room' },
      { local: 'baker', displayName: 'Conf Room Baker', kind: 'room' },
    ],
  });
  connector = await createSecretConnector(env, key, dir);
});
afterAll(() => env.close());

const ADD = `mutation($id: ID!, $a: [String!]!) { addMailboxes(connectorId: $id, addresses: $a) { id address displayName kind enabled syncStatus connector { id } } }`;

describe('mailboxes', () => {
  it('adds addresses case-insensitively and idempotently, resolving display name and kind from Graph', async () => {
    const first = await env.graphql(key, ADD, {
      id: connector,
      a: [`Adele@MbxCo.onmicrosoft.com`, `adams@${dir.domain}`],
    });
    expect(first.errors).toBeUndefined();
    expect(first.data.addMailboxes).toEqual([
      expect.objectContaining({
        address: `adele@${dir.domain}`,
        displayName: 'Adele Vance',
        kind: 'USER',
        enabled: true,
        syncStatus: 'NEVER_SYNCED',
        connector: { id: connector },
      }),
      expect.objectContaining({
        address: `adams@${dir.domain}`,
        displayName: 'Conf Room Adams',
        kind: 'ROOM',
      }),
    ]);
    const again = await env.graphql(key, ADD, {
      id: connector,
      a: [`ADELE@${dir.domain}`, `adele@${dir.domain}`],
    });
    expect(again.data.addMailboxes).toHaveLength(1);
    expect(again.data.addMailboxes[0].id).toBe(first.data.addMailboxes[0].id);
  });

  it('refuses malformed addresses naming the entry', async () => {
    const res = await env.graphql(key, ADD, { id: connector, a: [`ok@${dir.domain}`, 'not-an-address'] });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'addresses[1]' });
  });

  it('reports CONFLICT when an address already belongs to another connector of the tenant', async () => {
    const other = await createSecretConnector(env, key, dir, { name: 'other' });
    const res = await env.graphql(key, ADD, { id: other, a: [`adele@${dir.domain}`] });
    expect(res.errors?.[0].extensions.code).toBe('CONFLICT');
    expect(res.errors?.[0].message).toContain(`adele@${dir.domain}`);
  });

  it('discovers rooms page by page and adds them as ROOM', async () => {
    const res = await env.graphql(
      key,
      `mutation($id: ID!) { discoverRooms(connectorId: $id) { address kind displayName } }`,
      { id: connector },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.discoverRooms.map((m: any) => [m.address, m.kind, m.displayName]).sort()).toEqual([
      [`adams@${dir.domain}`, 'ROOM', 'Conf Room Adams'],
      [`baker@${dir.domain}`, 'ROOM', 'Conf Room Baker'],
    ]);
  });

  it('finds a mailbox by id or address, lists with kind/search/paging and totalCount', async () => {
    await env.graphql(key, ADD, { id: connector, a: [`megan@${dir.domain}`] });
    const byAddress = await env.graphql(
      key,
      `{ mailbox(address: "MEGAN@${dir.domain}") { id displayName } }`,
    );
    expect(byAddress.data.mailbox.displayName).toBe('Megan Bowen');
    const byId = await env.graphql(key, `query($id: ID!) { mailbox(id: $id) { address } }`, {
      id: byAddress.data.mailbox.id,
    });
    expect(byId.data.mailbox.address).toBe(`megan@${dir.domain}`);

    const rooms = await env.graphql(key, `{ mailboxes(kind: ROOM) { totalCount nodes { address } } }`);
    expect(rooms.data.mailboxes.totalCount).toBe(2);
    const search = await env.graphql(
      key,
      `{ mailboxes(search: "conf room b") { totalCount nodes { address } } }`,
    );
    expect(search.data.mailboxes).toEqual({ totalCount: 1, nodes: [{ address: `baker@${dir.domain}` }] });
    const wildcard = await env.graphql(key, `{ mailboxes(search: "%") { totalCount } }`);
    expect(wildcard.data.mailboxes.totalCount).toBe(0);
    // The total is counted only when selected: through fragments too, and absent when not asked for.
    const viaFragments = await env.graphql(
      key,
      `query { a: mailboxes(kind: ROOM) { ...Total } b: mailboxes(kind: ROOM) { ... on MailboxConnection { totalCount } } }
       fragment Total on MailboxConnection { totalCount }`,
    );
    expect(viaFragments.data).toEqual({ a: { totalCount: 2 }, b: { totalCount: 2 } });
    const noTotal = await env.graphql(key, `{ mailboxes(kind: ROOM) { nodes { address } } }`);
    expect(noTotal.data.mailboxes.nodes).toHaveLength(2);

    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = await env.graphql(
        key,
        `query($c: ID, $after: String) { mailboxes(connectorId: $c, first: 2, after: $after) { totalCount nodes { address } pageInfo { hasNextPage endCursor } } }`,
        { c: connector, after },
      );
      expect(page.data.mailboxes.totalCount).toBe(4);
      seen.push(...page.data.mailboxes.nodes.map((n: any) => n.address));
      if (!page.data.mailboxes.pageInfo.hasNextPage) break;
      after = page.data.mailboxes.pageInfo.endCursor;
    }
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(4);
    const viaConnector = await env.graphql(
      key,
      `query($id: ID!) { connector(id: $id) { mailboxes(first: 10) { totalCount nodes { connector { id } } } } }`,
      { id: connector },
    );
    expect(viaConnector.data.connector.mailboxes.totalCount).toBe(4);
    expect(viaConnector.data.connector.mailboxes.nodes.every((n: any) => n.connector.id === connector)).toBe(
      true,
    );
  });

  it('removes mailboxes with their events', async () => {
    const mb = await env.graphql(key, `{ mailbox(address: "megan@${dir.domain}") { id } }`);
    const pg = new (await import('pg')).default.Client({ connectionString: env.database.adminUrl });
    await pg.connect();
    try {
      const { rows } = await pg.query(`select tenant_id from mailboxes where id = $1`, [mb.data.mailbox.id]);
      await pg.query(
        `insert into events (tenant_id, mailbox_id, source_id, type, start_at, end_at, attendees, locations, categories)
         values ($1, $2, 'g1', 'SINGLE_INSTANCE', now(), now() + interval '1 hour', '[]', '[]', '{}')`,
        [rows[0].tenant_id, mb.data.mailbox.id],
      );
      const res = await env.graphql(
        key,
        `mutation($id: ID!) { removeMailboxes(connectorId: $id, addresses: ["Megan@${dir.domain}", "nobody@${dir.domain}"]) }`,
        { id: connector },
      );
      expect(res.data.removeMailboxes).toBe(1);
      const left = await pg.query(`select count(*)::int as n from events where mailbox_id = $1`, [
        mb.data.mailbox.id,
      ]);
      expect(left.rows[0].n).toBe(0);
    } finally {
      await pg.end();
    }
    expect(
      (await env.graphql(key, `{ mailbox(address: "megan@${dir.domain}") { id } }`)).data.mailbox,
    ).toBeNull();
  });
});
