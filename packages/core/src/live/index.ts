export * from './event-change-hub.ts';
export * from './sync-run-feed.ts';
export * from './sync-run-hub.ts';
export type { NoticeStream, TenantChannelHubOptions } from './tenant-channel-hub.ts';
