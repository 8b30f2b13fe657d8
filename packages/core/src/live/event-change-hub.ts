import { eventChangeChannel, parseEventChangeMessage } from '../sync/change-feed.ts';
import {
  createTenantChannelHub,
  mailboxIdSet,
  type NoticeStream,
  type TenantChannelHubOptions,
} from './tenant-channel-hub.ts';

/** One change as a GraphQL subscriber sees it (the event itself is read when resolved). */
export interface EventChangeNotice {
  kind: 'UPSERTED' | 'DELETED';
  mailboxId: string;
  eventId: string;
}

export type EventChangeStream = NoticeStream<EventChangeNotice>;

/**
 * The sync engine's change feed for this process's subscribers (one Redis subscriber connection,
 * per-tenant channels: see tenant-channel-hub.ts).
 */
export interface EventChangeHub {
  subscribe(tenantId: string, mailboxIds?: readonly string[] | null): Promise<EventChangeStream>;
  close(): Promise<void>;
}

export interface EventChangeHubOptions extends TenantChannelHubOptions {
  /** The deployment's Redis key prefix (CALSYNC_QUEUE_PREFIX): the channel the worker publishes on. */
  keyPrefix: string;
}

/** One feed message (a mailbox's page) as one notice per event. */
function noticesOf(raw: string): EventChangeNotice[] {
  const message = parseEventChangeMessage(raw);
  if (!message) return [];
  const { mailboxId } = message;
  return [
    ...message.upserted.map((eventId) => ({ kind: 'UPSERTED' as const, mailboxId, eventId })),
    ...message.deleted.map((eventId) => ({ kind: 'DELETED' as const, mailboxId, eventId })),
  ];
}

export function createEventChangeHub(options: EventChangeHubOptions): EventChangeHub {
  const hub = createTenantChannelHub<EventChangeNotice>(
    { channelOf: (tenantId) => eventChangeChannel(options.keyPrefix, tenantId), parse: noticesOf },
    options,
  );
  return {
    subscribe(tenantId, mailboxIds) {
      const wanted = mailboxIdSet(mailboxIds);
      return hub.subscribe(tenantId, wanted && ((notice) => wanted.has(notice.mailboxId.toLowerCase())));
    },
    close: () => hub.close(),
  };
}
