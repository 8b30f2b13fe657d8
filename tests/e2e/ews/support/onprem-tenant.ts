// The on-premises Exchange side of the EWS end-to-end tests: an EXCHANGE_ONPREM connector created through
// the API as the emulator's monitor account, and the two views the tests compare: what Exchange holds (the
// emulator's own calendar store) and what calsync serves over GraphQL.
import type { TestEwsEmulator } from '@calsync/ews-emulator/testing';
import type { TestApi } from '../../../support/test-api.ts';

/** A GraphQL call that must succeed: returns `data`, throws on any error. */
export type Gql = <T = any>(query: string, variables?: Record<string, unknown>) => Promise<T>;

export function graphqlAs(api: TestApi, key: string): Gql {
  return async <T = any>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    const res = await api.graphql<T>(key, query, variables);
    if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
    return res.body.data as T;
  };
}

/** Where the connector finds EWS: the emulator's URL, or a mail domain that Autodiscover resolves. */
export type EwsLocation = { ewsUrl: string } | { autodiscoverDomain: string };

/** Creates the connector (window 7 days back, 30 ahead, unmasked) and returns `createConnector { <fields> }`. */
export async function createOnPremConnector(
  gql: Gql,
  ews: TestEwsEmulator,
  o: { name: string; location: EwsLocation; mailboxes: string[]; fields: string },
): Promise<any> {
  const monitor = ews.emulator.monitor!;
  const { createConnector } = await gql(
    `mutation($input: CreateConnectorInput!) { createConnector(input: $input) { ${o.fields} } }`,
    {
      input: {
        name: o.name,
        kind: 'EXCHANGE_ONPREM',
        exchangeOnPrem: {
          ...o.location,
          username: monitor.domainUser,
          password: monitor.password,
          caBundlePem: ews.emulator.caCertPem,
        },
        syncWindow: { pastDays: 7, futureDays: 30 },
        maskPrivateEvents: false,
        mailboxes: o.mailboxes,
      },
    },
  );
  return createConnector;
}

export interface Window {
  start: Date;
  end: Date;
}

const instant = (value: string): string =>
  new Date(/[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`).toISOString();

/** "start end subject" of each non-cancelled event Exchange holds for the address in the window, sorted. */
export function exchangeHolds(ews: TestEwsEmulator, address: string, { start, end }: Window): string[] {
  const storeId = ews.emulator.state.directory.mailbox(address)!.storeId;
  return ews.emulator.state.calendar
    .calendarView(storeId, start, end, 'UTC')
    .filter((e) => e['isCancelled'] !== true)
    .map((e) => {
      const s = (e['start'] as { dateTime: string }).dateTime;
      const f = (e['end'] as { dateTime: string }).dateTime;
      return `${instant(s)} ${instant(f)} ${String(e['subject'])}`;
    })
    .sort();
}

/** The same lines for what calsync's API serves. */
export async function calsyncServes(gql: Gql, address: string, { start, end }: Window): Promise<string[]> {
  const res = await gql(
    `query($a: [String!], $s: DateTime!, $e: DateTime!) { events(addresses: $a, start: $s, end: $e, first: 500) { nodes { subject start end } } }`,
    { a: [address], s: start.toISOString(), e: end.toISOString() },
  );
  return res.events.nodes.map((e: any) => `${instant(e.start)} ${instant(e.end)} ${e.subject}`).sort();
}
