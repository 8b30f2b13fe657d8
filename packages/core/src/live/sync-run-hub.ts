import { parseSyncRunMessage, syncRunChannel, type SyncRunNotice } from './sync-run-feed.ts';
import {
  createTenantChannelHub,
  mailboxIdSet,
  type NoticeStream,
  type TenantChannelHubOptions,
} from './tenant-channel-hub.ts';

export interface SyncRunFilter {
  connectorId?: string | null | undefined;
  /** Runs of these mailboxes only; every mailbox when empty or absent. */
  mailboxIds?: readonly string[] | null | undefined;
}

/** The sync-run feed for this process's subscribers (one Redis subscriber connection, per-tenant channels). */
export interface SyncRunHub {
  subscribe(tenantId: string, filter: SyncRunFilter): Promise<NoticeStream<SyncRunNotice>>;
  close(): Promise<void>;
}

export interface SyncRunHubOptions extends TenantChannelHubOptions {
  /** The deployment's Redis key prefix (CALSYNC_QUEUE_PREFIX): the channel the worker publishes on. */
  keyPrefix: string;
}

export function createSyncRunHub(options: SyncRunHubOptions): SyncRunHub {
  const hub = createTenantChannelHub<SyncRunNotice>(
    {
      channelOf: (tenantId) => syncRunChannel(options.keyPrefix, tenantId),
      parse: (raw) => {
        const run = parseSyncRunMessage(raw);
        return run ? [run] : [];
      },
    },
    options,
  );
  return {
    subscribe(tenantId, filter) {
      const mailboxes = mailboxIdSet(filter.mailboxIds);
      const connectorId = filter.connectorId?.toLowerCase() ?? null;
      return hub.subscribe(
        tenantId,
        (run) =>
          (connectorId === null || run.connectorId.toLowerCase() === connectorId) &&
          (mailboxes === null || mailboxes.has(run.mailboxId.toLowerCase())),
      );
    },
    close: () => hub.close(),
  };
}
