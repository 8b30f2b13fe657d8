/**
 * Change feed (issue 12). Run by hand:
 *   npx tsx bench/change-feed.ts [--mailboxes 40] [--events 1000] [--concurrency 8] [--page 200] [--rounds 2]
 * Starts a throwaway Postgres, seeds one tenant with N mailboxes, and writes M events per mailbox
 * through the real write path (applyPage, pages of P, C mailboxes of the SAME tenant at once: the
 * worst case for the per-tenant sequence lock). In the same run, rounds alternate with the change
 * log's triggers disabled and enabled (A-B-B-A…), for an initial sync and for a full round that
 * rewrites every row unchanged. Then reads the whole log through `readEventChanges`: pages/s.
 * Last, webhook delivery lag (bench/webhook-delivery-lag.ts): one event committed every 1/R s for S
 * seconds (--lag-rate R, --lag-seconds S; 0 skips), delivered by the worker code to a local receiver.
 */
import type pg from 'pg';
import { applyPage, createDatabase, readEventChanges, type SourceEvent } from '@calsync/core';
import { parseBenchArgs, startBenchServices } from './bench-services.ts';
import { measureDeliveryLag } from './webhook-delivery-lag.ts';
import { seedTenant } from '../tests/support/seed-tenant.ts';
import { seedMailbox } from '../tests/support/seed-events.ts';
import { sourceEvent } from '../tests/support/source-event.ts';

const {
  mailboxes: mailboxCount,
  events: perMailbox,
  concurrency,
  page: pageSize,
  rounds,
  'lag-rate': lagRate,
  'lag-seconds': lagSeconds,
} = parseBenchArgs({
  mailboxes: 40,
  events: 1000,
  concurrency: 8,
  page: 200,
  rounds: 2,
  'lag-rate': 20,
  'lag-seconds': 20,
});
const log = (message: string): void => console.log(`[bench] ${message}`);

type Db = ReturnType<typeof createDatabase>;

function eventsOf(mailboxIndex: number): SourceEvent[] {
  return Array.from({ length: perMailbox }, (_, i) =>
    sourceEvent(`m${mailboxIndex}-e${i}`, `Meeting ${i}`, {
      startAt: new Date(Date.UTC(2027, 0, 1) + i * 3_600_000),
      endAt: new Date(Date.UTC(2027, 0, 1) + i * 3_600_000 + 1_800_000),
      attendees: [
        { emailAddress: { name: 'A', address: 'a@example.com' }, type: 'REQUIRED', response: 'ACCEPTED' },
      ],
    }),
  );
}

/** Writes every mailbox's events as one round of pages; returns events/s. */
async function writeRound(app: Db, owner: pg.Pool, tenantId: string, mailboxIds: string[]): Promise<number> {
  await owner.query('update mailboxes set generation = generation + 1, cursor = null, resume_cursor = null');
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < mailboxIds.length) {
        const index = next++;
        const mailboxId = mailboxIds[index]!;
        const { rows } = await owner.query<{ generation: number }>(
          'select generation from mailboxes where id = $1',
          [mailboxId],
        );
        const generation = rows[0]!.generation;
        const all = eventsOf(index);
        let resume: string | null = null;
        for (let at = 0; at < all.length; at += pageSize) {
          const last = at + pageSize >= all.length;
          await applyPage(app.db, {
            tenantId,
            mailboxId,
            expected: { generation, resumeCursor: resume, cursor: null },
            changes: { upserts: all.slice(at, at + pageSize), removals: [], seriesReplacements: [] },
            end: last
              ? { kind: 'final', cursor: `done-${generation}`, sweep: true }
              : { kind: 'next', resumeCursor: `page-${at + pageSize}`, roundKind: 'FULL' },
          });
          resume = last ? null : `page-${at + pageSize}`;
          if (last) await owner.query('update mailboxes set cursor = null where id = $1', [mailboxId]);
        }
      }
    }),
  );
  return (mailboxIds.length * perMailbox) / ((performance.now() - started) / 1000);
}

async function setLog(owner: pg.Pool, on: boolean): Promise<void> {
  await owner.query(`alter table events ${on ? 'enable' : 'disable'} trigger user`);
}

async function main(): Promise<void> {
  const services = await startBenchServices('feed');
  const { adminUrl, appUrl, redisUrl } = services;
  try {
    const admin = createDatabase(adminUrl);
    const app = createDatabase(appUrl, { max: concurrency + 2 });
    const owner = admin.pool;
    const tenant = await seedTenant(admin.db, 'bench');
    await owner.query('delete from events');
    const mailboxIds: string[] = [tenant.mailboxId];
    for (let i = 1; i < mailboxCount; i += 1) {
      mailboxIds.push(
        (await seedMailbox(admin.db, tenant.tenantId, tenant.connectorId, `room-${i}@bench.example`)).id,
      );
    }
    log(
      `${mailboxCount} mailboxes × ${perMailbox} events, pages of ${pageSize}, ${concurrency} mailboxes at once`,
    );

    const results: Record<'initial' | 'rewrite', Record<'off' | 'on', number[]>> = {
      initial: { off: [], on: [] },
      rewrite: { off: [], on: [] },
    };
    const order: ('off' | 'on')[] = [];
    for (let r = 0; r < rounds; r += 1)
      order.push(...(r % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)));
    for (const mode of order) {
      await setLog(owner, mode === 'on');
      await owner.query('delete from events'); // initial sync: every row is new
      results.initial[mode].push(await writeRound(app, owner, tenant.tenantId, mailboxIds));
      results.rewrite[mode].push(await writeRound(app, owner, tenant.tenantId, mailboxIds)); // full round, nothing changed
      log(
        `log ${mode}: initial ${Math.round(results.initial[mode].at(-1)!)} events/s, unchanged full round ${Math.round(results.rewrite[mode].at(-1)!)} events/s`,
      );
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    for (const kind of ['initial', 'rewrite'] as const) {
      const off = mean(results[kind].off);
      const on = mean(results[kind].on);
      log(
        `${kind === 'initial' ? 'initial sync' : 'unchanged full round'}: ${Math.round(off)} events/s without the log, ${Math.round(on)} with it: cost ${(((off - on) / off) * 100).toFixed(1)} %`,
      );
    }

    await owner.query('analyze'); // as autovacuum would have by now
    const { rows } = await owner.query<{ n: string }>('select count(*) as n from event_changes');
    let after: string | null = null;
    let pages = 0;
    const started = performance.now();
    for (;;) {
      const page = await readEventChanges(app.db, tenant.tenantId, { after, first: 500 });
      pages += 1;
      after = page.pageInfo.endCursor;
      if (!page.pageInfo.hasNextPage) break;
    }
    const seconds = (performance.now() - started) / 1000;
    log(
      `eventChanges: ${rows[0]!.n} changes in ${pages} pages of 500 in ${seconds.toFixed(2)} s = ${(pages / seconds).toFixed(1)} pages/s`,
    );
    if (lagRate > 0 && lagSeconds > 0) {
      const lag = await measureDeliveryLag({
        databaseUrl: appUrl,
        redisUrl,
        tenantId: tenant.tenantId,
        mailboxId: tenant.mailboxId,
        apiKeyId: tenant.apiKeyId,
        owner,
        ratePerSecond: lagRate,
        seconds: lagSeconds,
      });
      log(
        `webhook delivery lag at ${lagRate} changes/s for ${lagSeconds} s: ${lag.delivered} delivered, p50 ${lag.p50Ms.toFixed(0)} ms, p95 ${lag.p95Ms.toFixed(0)} ms, max ${lag.maxMs.toFixed(0)} ms`,
      );
    }
    await app.close();
    await admin.close();
  } finally {
    await services.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
