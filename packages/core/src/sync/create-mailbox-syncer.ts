import type { Core } from '../create-core.ts';
import type { LoopGuardLimits } from './loop-guard.ts';
import { runFirstSyncBatch, type FirstSyncBatchRequest, type FirstSyncOutcome } from './first-sync-batch.ts';
import {
  runMailboxSync,
  type MailboxSyncDeps,
  type MailboxSyncRequest,
  type MailboxSyncResult,
} from './run-mailbox-sync.ts';

export interface MailboxSyncerOptions {
  /** Items per page asked of the provider. Default 200 (tests use small pages to get many). */
  pageSize?: number | undefined;
  /** Longest Retry-After waited in-process; longer ones delay the job. Default 10 s. */
  maxInlineWaitMs?: number | undefined;
  loopLimits?: LoopGuardLimits | undefined;
  now?: (() => Date) | undefined;
}

export interface MailboxSyncHooks {
  /** After each committed page (the worker renews its connector slot here). */
  onPageCommitted?: (() => Promise<void>) | undefined;
}

export type MailboxSyncer = (
  request: MailboxSyncRequest,
  hooks?: MailboxSyncHooks,
) => Promise<MailboxSyncResult>;

/** The sync engine wired to a core's database, Redis and providers: one wiring for the worker and the tests. */
export function createMailboxSyncer(core: SyncerCore, options: MailboxSyncerOptions = {}): MailboxSyncer {
  return (request, hooks = {}) => runMailboxSync(engineDeps(core, options, hooks), request);
}

export type FirstSyncBatchRunner = (
  request: FirstSyncBatchRequest,
  hooks?: MailboxSyncHooks,
) => Promise<FirstSyncOutcome[]>;

/** The first-sync batch (sync/first-sync-batch.ts) on the same wiring. */
export function createFirstSyncBatchRunner(
  core: SyncerCore,
  options: MailboxSyncerOptions = {},
): FirstSyncBatchRunner {
  return (request, hooks = {}) => runFirstSyncBatch(engineDeps(core, options, hooks), request);
}

type SyncerCore = Pick<Core, 'db' | 'redis' | 'queuePrefix' | 'logger' | 'providers'>;

function engineDeps(
  core: SyncerCore,
  options: MailboxSyncerOptions,
  hooks: MailboxSyncHooks,
): MailboxSyncDeps {
  return {
    db: core.db,
    redis: core.redis,
    keyPrefix: core.queuePrefix,
    logger: core.logger,
    syncProviderFor: (kind) => core.providers.for(kind).sync,
    ...options,
    onPageCommitted: hooks.onPageCommitted,
  };
}
