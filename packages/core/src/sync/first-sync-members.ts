import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/**
 * Which mailboxes wait in (or run in) a `mailbox.first-sync` batch. BullMQ deduplicates a job by
 * one id, the batch's; these keys extend "at most one pending or running sync per mailbox" to the
 * batch's mailboxes: a `mailbox.sync` job is not queued for a mailbox its batch will sync (a
 * connector's first tick and a user's "sync now" of the same new mailboxes, typically). The batch
 * removes a mailbox's key as soon as it is done with it (a batch cut off by a killed worker is
 * continued by its next attempt); the expiry frees the mailboxes of a batch that never ends.
 */
const MEMBER_TTL_MS = 30 * 60_000;

/** Under the queue's own prefix and name, so a hash-tagged (Redis Cluster) prefix keeps one slot. */
const memberKey = (queue: Queue, mailboxId: string): string => queue.toKey(`first-sync-member:${mailboxId}`);

/** The queue's own ioredis connection (BullMQ's Redis backend types it as its narrower client interface). */
async function redisOf(queue: Queue): Promise<Redis> {
  return (await queue.backend.client) as unknown as Redis;
}

export async function markFirstSyncMembers(queue: Queue, mailboxIds: readonly string[]): Promise<void> {
  if (mailboxIds.length === 0) return;
  const pipeline = (await redisOf(queue)).pipeline();
  for (const id of mailboxIds) pipeline.set(memberKey(queue, id), '1', 'PX', MEMBER_TTL_MS);
  await pipeline.exec();
}

export async function clearFirstSyncMembers(queue: Queue, mailboxIds: readonly string[]): Promise<void> {
  if (mailboxIds.length === 0) return;
  await (await redisOf(queue)).del(...mailboxIds.map((id) => memberKey(queue, id)));
}

/** The mailboxes of `mailboxIds` that a first-sync batch will sync. */
export async function firstSyncMembers(queue: Queue, mailboxIds: readonly string[]): Promise<Set<string>> {
  if (mailboxIds.length === 0) return new Set();
  const marks = await (await redisOf(queue)).mget(...mailboxIds.map((id) => memberKey(queue, id)));
  return new Set(mailboxIds.filter((_id, i) => marks[i] !== null));
}

/**
 * The mailboxes of `mailboxIds` with a `mailbox.sync` job pending or running (BullMQ's
 * deduplication key `mailbox:<id>`, read as Queue.getDeduplicationJobId reads it, in one MGET):
 * that job syncs them, so they stay out of batches.
 */
export async function mailboxesWithSyncJobs(
  queue: Queue,
  mailboxIds: readonly string[],
  dedupId: (mailboxId: string) => string,
): Promise<Set<string>> {
  if (mailboxIds.length === 0) return new Set();
  const jobs = await (
    await redisOf(queue)
  ).mget(...mailboxIds.map((id) => `${queue.keys.de}:${dedupId(id)}`));
  return new Set(mailboxIds.filter((_id, i) => jobs[i] !== null));
}
