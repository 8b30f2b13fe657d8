import type { GraphqlClient } from './graphql-client.ts';

export interface ConnectorSetup {
  name: string;
  azureTenantId: string;
  clientId: string;
  clientSecret: string;
  people: string[];
}

interface Diagnostics {
  ok: boolean;
  checks: {
    name: string;
    status: string;
    target: string | null;
    code: string | null;
    message: string;
    remedy: string | null;
  }[];
}

/** Reuses the tenant of the previous run when its key still works, else creates one (slug made unique). */
export async function ensureTenant(
  graphql: GraphqlClient,
  adminKey: string,
  previousKey: string | undefined,
): Promise<{ apiKey: string; tenantId: string; reused: boolean }> {
  if (previousKey) {
    try {
      const { viewer } = await graphql<{ viewer: { tenant: { id: string } | null } }>(
        previousKey,
        `
          {
            viewer {
              tenant {
                id
              }
            }
          }
        `,
      );
      if (viewer.tenant) return { apiKey: previousKey, tenantId: viewer.tenant.id, reused: true };
    } catch {
      // key revoked or database reset: create a new tenant below
    }
  }
  const slug = `contoso-demo-${Date.now().toString(36)}`;
  const { createTenant } = await graphql<{ createTenant: { tenant: { id: string }; apiKeySecret: string } }>(
    adminKey,
    `
      mutation ($input: CreateTenantInput!) {
        createTenant(input: $input) {
          tenant {
            id
          }
          apiKeySecret
        }
      }
    `,
    { input: { name: 'Contoso (demo)', slug } },
  );
  return { apiKey: createTenant.apiKeySecret, tenantId: createTenant.tenant.id, reused: false };
}

/** Finds the demo connector or creates it; either way rooms are discovered and people added. */
export async function ensureConnector(
  graphql: GraphqlClient,
  key: string,
  setup: ConnectorSetup,
): Promise<string> {
  const { connectors } = await graphql<{ connectors: { nodes: { id: string; name: string }[] } }>(
    key,
    `
      {
        connectors(first: 50) {
          nodes {
            id
            name
          }
        }
      }
    `,
  );
  let id = connectors.nodes.find((c) => c.name === setup.name)?.id;
  if (id) {
    await graphql(
      key,
      `
        mutation ($id: ID!, $input: UpdateConnectorInput!) {
          updateConnector(id: $id, input: $input) {
            id
          }
        }
      `,
      {
        id,
        input: { clientSecret: setup.clientSecret, enabled: true },
      },
    );
  } else {
    const created = await graphql<{ createConnector: { id: string } }>(
      key,
      `
        mutation ($input: CreateConnectorInput!) {
          createConnector(input: $input) {
            id
          }
        }
      `,
      {
        input: {
          name: setup.name,
          cloud: 'GLOBAL',
          azureTenantId: setup.azureTenantId,
          clientId: setup.clientId,
          clientSecret: setup.clientSecret,
          syncWindow: { pastDays: 7, futureDays: 60 },
          syncIntervalSeconds: 60,
        },
      },
    );
    id = created.createConnector.id;
  }
  await graphql(
    key,
    `
      mutation ($id: ID!) {
        discoverRooms(connectorId: $id) {
          id
        }
        refreshRoomDirectory(connectorId: $id) {
          id
        }
      }
    `,
    { id },
  );
  if (setup.people.length) {
    await graphql(
      key,
      `
        mutation ($id: ID!, $a: [String!]!) {
          addMailboxes(connectorId: $id, addresses: $a) {
            id
          }
        }
      `,
      {
        id,
        a: setup.people,
      },
    );
  }
  return id;
}

export async function runDiagnostics(
  graphql: GraphqlClient,
  key: string,
  connectorId: string,
): Promise<Diagnostics> {
  const { testConnector } = await graphql<{ testConnector: Diagnostics }>(
    key,
    `
      mutation ($id: ID!) {
        testConnector(id: $id) {
          ok
          checks {
            name
            status
            target
            code
            message
            remedy
          }
        }
      }
    `,
    { id: connectorId },
  );
  return testConnector;
}

/** Enqueues a full sync and waits until every mailbox has synced (or failed). */
export async function syncAndWait(
  graphql: GraphqlClient,
  key: string,
  connectorId: string,
  timeoutMs: number,
) {
  await graphql(
    key,
    `
      mutation ($id: ID!) {
        syncConnector(id: $id, full: true) {
          enqueued
        }
      }
    `,
    { id: connectorId },
  );
  const deadline = Date.now() + timeoutMs;
  const startedAt = Date.now();
  for (;;) {
    const { mailboxes } = await graphql<{
      mailboxes: {
        nodes: { address: string; kind: string; syncStatus: string; lastSyncedAt: string | null }[];
      };
    }>(
      key,
      `
        query ($c: ID!) {
          mailboxes(connectorId: $c, first: 200) {
            nodes {
              address
              kind
              syncStatus
              lastSyncedAt
            }
          }
        }
      `,
      {
        c: connectorId,
      },
    );
    const pending = mailboxes.nodes.filter(
      (m) => m.syncStatus !== 'ERROR' && (!m.lastSyncedAt || Date.parse(m.lastSyncedAt) < startedAt - 1000),
    );
    if (pending.length === 0 || Date.now() > deadline) return mailboxes.nodes;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A READER key for the room board link (a display never needs to change anything). */
/** A display token for the board's rooms (its board path carries the secret in the fragment). */
export async function createBoardPath(
  graphql: GraphqlClient,
  apiKey: string,
  rooms: string[],
): Promise<string> {
  const { createDisplayToken } = await graphql<{ createDisplayToken: { boardPath: string } }>(
    apiKey,
    `
      mutation ($rooms: [String!]!) {
        createDisplayToken(input: { name: "demo room board", addresses: $rooms }) {
          boardPath
        }
      }
    `,
    { rooms },
  );
  return createDisplayToken.boardPath;
}

/** An ICS feed token for one mailbox; returns the feed's path. */
export async function createFeedPath(
  graphql: GraphqlClient,
  apiKey: string,
  address: string,
): Promise<string> {
  const { createFeedToken } = await graphql<{ createFeedToken: { feedPath: string } }>(
    apiKey,
    `
      mutation ($address: String!) {
        createFeedToken(input: { name: "demo ICS feed", address: $address }) {
          feedPath
        }
      }
    `,
    { address },
  );
  return createFeedToken.feedPath;
}
