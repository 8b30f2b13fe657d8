import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../apps/api/src/index.ts';
import { createDatabase, type DatabaseHandle } from '@calsync/core';
import {
  createDirectory,
  createSecretConnector,
  createTenantKey,
  startConnectorEnv,
  type ConnectorEnv,
} from './connector-env.ts';

let env: ConnectorEnv;
let counted: FastifyInstance;
let countingDb: DatabaseHandle;
const statements: string[] = [];

const LIST = `query($first: Int) { connectors(first: 10) { nodes { id
  mailboxes(first: $first) { totalCount pageInfo { hasNextPage endCursor } nodes { address } } } } }`;

beforeAll(async () => {
  env = await startConnectorEnv();
  countingDb = createDatabase(env.database.appUrl, { onQuery: (sql) => statements.push(sql) });
  counted = await buildApp({ config: env.config, core: { ...env.core, db: countingDb.db } });
});
afterAll(async () => {
  await counted?.close();
  await countingDb?.close();
  await env?.close();
});

/** A tenant with `connectors` connectors; connector i has i + 1 mailboxes. Returns key and ids. */
async function seedTenant(slug: string, connectors: number): Promise<{ key: string; ids: string[] }> {
  const key = await createTenantKey(env, slug);
  const locals = Array.from({ length: connectors }, (_, i) =>
    Array.from({ length: i + 1 }, (_, j) => `c${i}m${j}`),
  );
  const dir = await createDirectory(env, slug, {
    mailboxes: locals.flat().map((local) => ({ local, displayName: local })),
  });
  const ids: string[] = [];
  for (const [i, own] of locals.entries()) {
    ids.push(
      await createSecretConnector(env, key, dir, {
        name: `c${i}`,
        mailboxes: own.map((local) => `${local}@${dir.domain}`),
      }),
    );
  }
  return { key, ids };
}

async function countedGraphql(key: string, query: string, variables: Record<string, unknown>) {
  statements.length = 0;
  const response = await counted.inject({
    method: 'POST',
    url: '/graphql',
    headers: { authorization: `Bearer ${key}` },
    payload: { query, variables },
  });
  const body = response.json();
  expect(body.errors).toBeUndefined();
  const selects = statements.filter((s) => /^\s*select/i.test(s) && !/set_config/.test(s)).length;
  return { data: body.data, selects, statements: statements.length };
}

describe('Connector.mailboxes', () => {
  it('pages each connector’s mailboxes like the mailboxes query, in a constant number of selects', async () => {
    const five = await seedTenant('batchfive', 5);
    const one = await seedTenant('batchone', 1);

    const listed = await countedGraphql(five.key, LIST, { first: 2 });
    const nodes: any[] = listed.data.connectors.nodes;
    expect(nodes.map((n) => n.id).sort()).toEqual([...five.ids].sort());
    for (const node of nodes) {
      const alone = await env.graphql(
        five.key,
        `query($id: ID!) { mailboxes(connectorId: $id, first: 2) { totalCount pageInfo { hasNextPage endCursor } nodes { address } } }`,
        { id: node.id },
      );
      expect(node.mailboxes).toEqual(alone.data.mailboxes);
    }
    const totals = nodes.map((n) => n.mailboxes.totalCount).sort();
    expect(totals).toEqual([1, 2, 3, 4, 5]);
    const biggest = nodes.find((n) => n.mailboxes.totalCount === 5);
    expect(biggest.mailboxes.pageInfo.hasNextPage).toBe(true);
    expect(nodes.find((n) => n.mailboxes.totalCount === 2).mailboxes.pageInfo.hasNextPage).toBe(false);

    // `after` continues each connector's own list.
    const rest = await env.graphql(
      five.key,
      `query($id: ID!, $after: String) { connector(id: $id) { mailboxes(first: 10, after: $after) { totalCount pageInfo { hasNextPage } nodes { address } } } }`,
      { id: biggest.id, after: biggest.mailboxes.pageInfo.endCursor },
    );
    expect(rest.data.connector.mailboxes.totalCount).toBe(5);
    expect(rest.data.connector.mailboxes.pageInfo.hasNextPage).toBe(false);
    expect(rest.data.connector.mailboxes.nodes.map((m: any) => m.address)).toEqual(
      ['c4m2', 'c4m3', 'c4m4'].map((l) => `${l}@batchfive.onmicrosoft.com`),
    );

    const single = await countedGraphql(one.key, LIST, { first: 2 });
    expect(single.data.connectors.nodes).toHaveLength(1);
    expect(listed.selects).toBe(single.selects);
    expect(listed.statements).toBe(single.statements);
    console.log(
      `[measure] connectors { mailboxes }: ${listed.selects} selects (${listed.statements} statements) for 5 connectors, ${single.selects} for 1`,
    );
  });
});
