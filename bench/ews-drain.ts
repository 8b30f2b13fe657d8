// The EWS emulator's own drain: a plain NTLM client (httpntlm, one kept-alive socket per slot, as IIS needs)
// sending the request sequence calsync's EWS round sends (docs/exchange-ews.md §4.3) — SyncFolderItems to the
// end, CalendarView per 31-day sub-window (halved when cut), GetItem in calsync's batch size — with the same
// request bodies, but reading answers with a few regular expressions instead of calsync's parser, mapping and
// Postgres. Used by bench/sync-throughput.ts --provider ews and bench/ews-emulator-drain.ts.
import { createSoapTestClient, type SoapTestClient } from '@calsync/ews-emulator/testing';
import {
  bisectWindow,
  findCalendarViewRequest,
  GET_ITEM_BATCH,
  getItemRequest,
  splitWindow,
  SYNC_MAX_CHANGES,
  syncFolderItemsRequest,
  VIEW_MAX_ENTRIES,
  type TimeWindow,
} from '@calsync/core/exchange-ews';

const VERSION = 'Exchange2013_SP1' as const;

export interface EwsDrainTarget {
  ewsUrl: string;
  caCertPem: string;
  user: string;
  password: string;
  concurrency: number;
  /** GetItem ids per request; calsync's batch size unless a profile run compares others. */
  getItemBatch?: number;
}

/** What the drain knows of one mailbox between rounds, like calsync's stored rows and cursor. */
export interface DrainedMailbox {
  syncState: string;
  changeKeys: Map<string, string>;
}

export interface DrainResult {
  seconds: number;
  /** Distinct items fetched by GetItem. */
  items: number;
  requests: Record<'SyncFolderItems' | 'FindItem' | 'GetItem', number>;
  mailboxes: Map<string, DrainedMailbox>;
}

const ITEM_ID = /<t:ItemId Id="([^"]+)" ChangeKey="([^"]+)"\/>/g;
const CHANGE = /<t:(?:Create|Update|Delete)>/;

class Drainer {
  readonly requests = { SyncFolderItems: 0, FindItem: 0, GetItem: 0 };
  items = 0;

  constructor(
    private readonly client: SoapTestClient,
    private readonly batch: number,
  ) {}

  close(): void {
    this.client.close();
  }

  private async post(operation: keyof Drainer['requests'], xml: string): Promise<string> {
    this.requests[operation] += 1;
    const res = await this.client.send(xml);
    if (res.status !== 200 || res.text.includes('ResponseClass="Error"'))
      throw new Error(`${operation} answered HTTP ${res.status}: ${res.text.slice(0, 300)}`);
    return res.text;
  }

  /** SyncFolderItems from `state` to the end: the new state and whether anything was created/updated/deleted. */
  async syncFolder(mailbox: string, state: string | null): Promise<{ state: string; changed: boolean }> {
    let changed = false;
    for (;;) {
      const xml = await this.post(
        'SyncFolderItems',
        syncFolderItemsRequest({ mailbox, syncState: state, maxChanges: SYNC_MAX_CHANGES, version: VERSION }),
      );
      state = /<m:SyncState>([^<]*)<\/m:SyncState>/.exec(xml)?.[1] ?? '';
      changed ||= CHANGE.test(xml);
      if (xml.includes('<m:IncludesLastItemInRange>true<')) return { state, changed };
    }
  }

  /** Ids and change keys of one sub-window, halving it while the view comes back cut. */
  async view(mailbox: string, window: TimeWindow): Promise<Map<string, string>> {
    const xml = await this.post(
      'FindItem',
      findCalendarViewRequest({ mailbox, ...window, maxEntries: VIEW_MAX_ENTRIES, version: VERSION }),
    );
    if (xml.includes('IncludesLastItemInRange="true"'))
      return new Map([...xml.matchAll(ITEM_ID)].map((m) => [m[1]!, m[2]!]));
    const halves = bisectWindow(window);
    if (!halves) throw new Error(`a view of ${mailbox} cannot be split further`);
    return new Map([...(await this.view(mailbox, halves[0])), ...(await this.view(mailbox, halves[1]))]);
  }

  async getItems(ids: readonly string[]): Promise<void> {
    for (let at = 0; at < ids.length; at += this.batch) {
      const xml = await this.post(
        'GetItem',
        getItemRequest({ itemIds: ids.slice(at, at + this.batch), version: VERSION }),
      );
      this.items += xml.split('<t:CalendarItem>').length - 1;
    }
  }

  /** calsync's full round: baseline, then each sub-window's view and the details of everything in it. */
  async initial(mailbox: string, window: TimeWindow): Promise<DrainedMailbox> {
    const { state } = await this.syncFolder(mailbox, null);
    const changeKeys = new Map<string, string>();
    for (const sub of splitWindow(window)) {
      const seen = await this.view(mailbox, sub);
      await this.getItems([...seen.keys()]);
      for (const [id, key] of seen) changeKeys.set(id, key);
    }
    return { syncState: state, changeKeys };
  }

  /** calsync's delta round: one SyncFolderItems; on change the whole window's view and GetItem of what changed. */
  async incremental(mailbox: string, window: TimeWindow, known: DrainedMailbox): Promise<DrainedMailbox> {
    const { state, changed } = await this.syncFolder(mailbox, known.syncState);
    if (!changed) return { ...known, syncState: state };
    const seen = new Map<string, string>();
    for (const sub of splitWindow(window))
      for (const [id, key] of await this.view(mailbox, sub)) seen.set(id, key);
    await this.getItems([...seen].filter(([id, key]) => known.changeKeys.get(id) !== key).map(([id]) => id));
    return { syncState: state, changeKeys: seen };
  }
}

async function drain(
  target: EwsDrainTarget,
  addresses: readonly string[],
  round: (drainer: Drainer, address: string) => Promise<DrainedMailbox>,
): Promise<DrainResult> {
  const drainers = Array.from(
    { length: target.concurrency },
    () =>
      new Drainer(
        createSoapTestClient({
          ewsUrl: target.ewsUrl,
          caCertPem: target.caCertPem,
          user: target.user,
          password: target.password,
        }),
        target.getItemBatch ?? GET_ITEM_BATCH,
      ),
  );
  const mailboxes = new Map<string, DrainedMailbox>();
  let next = 0;
  const started = performance.now();
  try {
    await Promise.all(
      drainers.map(async (drainer) => {
        while (next < addresses.length) {
          const address = addresses[next++]!;
          mailboxes.set(address, await round(drainer, address));
        }
      }),
    );
  } finally {
    for (const d of drainers) d.close();
  }
  const requests = { SyncFolderItems: 0, FindItem: 0, GetItem: 0 };
  for (const d of drainers)
    for (const op of Object.keys(requests) as (keyof typeof requests)[]) requests[op] += d.requests[op];
  return {
    seconds: (performance.now() - started) / 1000,
    items: drainers.reduce((n, d) => n + d.items, 0),
    requests,
    mailboxes,
  };
}

/** Every mailbox's full round, `concurrency` mailboxes at a time. */
export function drainInitial(
  target: EwsDrainTarget,
  addresses: readonly string[],
  window: TimeWindow,
): Promise<DrainResult> {
  return drain(target, addresses, (d, address) => d.initial(address, window));
}

/** Every mailbox's delta round from what `previous` left (sync states are self-contained: asking reads only). */
export function drainIncremental(
  target: EwsDrainTarget,
  window: TimeWindow,
  previous: ReadonlyMap<string, DrainedMailbox>,
): Promise<DrainResult> {
  return drain(target, [...previous.keys()], (d, address) =>
    d.incremental(address, window, previous.get(address)!),
  );
}
