import type { GraphqlClient } from './graphql-client.ts';

export interface OnPremConnectorSetup {
  name: string;
  ewsUrl: string;
  username: string;
  password: string;
  caBundlePem: string;
  mailboxes: string[];
}

/**
 * Finds the demo's on-premises Exchange connector or creates it with its mailboxes; an existing one gets the
 * emulator's current password and CA (a fresh data dir makes new ones).
 */
export async function ensureOnPremConnector(
  graphql: GraphqlClient,
  key: string,
  setup: OnPremConnectorSetup,
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
  const exchangeOnPrem = {
    ewsUrl: setup.ewsUrl,
    username: setup.username,
    password: setup.password,
    caBundlePem: setup.caBundlePem,
  };
  const existing = connectors.nodes.find((c) => c.name === setup.name)?.id;
  if (existing) {
    await graphql(
      key,
      `
        mutation ($id: ID!, $input: UpdateConnectorInput!) {
          updateConnector(id: $id, input: $input) {
            id
          }
        }
      `,
      { id: existing, input: { exchangeOnPrem, enabled: true } },
    );
    return existing;
  }
  const { createConnector } = await graphql<{ createConnector: { id: string } }>(
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
        kind: 'EXCHANGE_ONPREM',
        exchangeOnPrem,
        syncWindow: { pastDays: 7, futureDays: 60 },
        syncIntervalSeconds: 60,
        mailboxes: setup.mailboxes,
      },
    },
  );
  return createConnector.id;
}
