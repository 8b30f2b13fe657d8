// Delivery lag of outbound webhooks (docs/change-feed.md, "Webhooks"), used by bench/change-feed.ts:
// one event committed at a steady rate through applyPage + the sync engine's publication, the real
// worker code (startWorkers with the delivery processors, the commit trigger) in this process, and a
// local receiver that verifies each delivery. Lag = receiver about to answer 2xx − commit returned.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  applyPage,
  createCore,
  createRedisConnection,
  createWebhookEndpoint,
  publishEventChanges,
  startWebhookTrigger,
  type CoreConfig,
} from '@calsync/core';
import { verifyWebhook } from '@calsync/client';
import type pg from 'pg';
import { buildProcessors, startWorkers } from '@calsync/worker';
import { sourceEvent } from '../tests/support/source-event.ts';

export interface LagOptions {
  databaseUrl: string;
  redisUrl: string;
  tenantId: string;
  mailboxId: string;
  apiKeyId: string;
  /** The database owner's pool: reads the mailbox's cursor state across RLS. */
  owner: pg.Pool;
  ratePerSecond: number;
  seconds: number;
}

export interface LagResult {
  delivered: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export async function measureDeliveryLag(options: LagOptions): Promise<LagResult> {
  const config: CoreConfig = {
    databaseUrl: options.databaseUrl,
    redisUrl: options.redisUrl,
    encryptionKeys: [{ id: 'bench', key: randomBytes(32) }],
    logLevel: 'warn',
    nodeEnv: 'test',
    microsoft: {},
    queuePrefix: `bench-${randomBytes(4).toString('hex')}`,
    webhooks: { allowPrivate: true },
  };
  const core = createCore(config);
  const committedAt = new Map<string, number>();
  const lags: number[] = [];
  let secret = '';
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const headers = {
        'webhook-id': req.headers['webhook-id'] as string | undefined,
        'webhook-timestamp': req.headers['webhook-timestamp'] as string | undefined,
        'webhook-signature': req.headers['webhook-signature'] as string | undefined,
      };
      void verifyWebhook<{ changes: { event: { subject: string | null } | null }[] }>(
        secret,
        headers,
        body,
      ).then(
        (delivery) => {
          const now = performance.now();
          for (const change of delivery.changes) {
            const at = committedAt.get(change.event?.subject ?? '');
            if (at !== undefined) lags.push(now - at);
          }
          res.writeHead(204).end();
        },
        () => res.writeHead(401).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const created = await createWebhookEndpoint(
    { db: core.db, secretBox: core.secretBox, queues: core.queues, webhookPolicy: { allowPrivate: true } },
    { role: 'ADMIN', tenantId: options.tenantId, keyId: options.apiKeyId },
    { url },
  );
  secret = created.signingSecret;
  const workers = startWorkers({
    core,
    processors: buildProcessors(core, {
      connectorConcurrency: 1,
      changeTrim: { retentionMs: 86_400_000, batchSize: 1000 },
      webhooks: {
        policy: { allowPrivate: true },
        timeoutMs: 10_000,
        disableAfterMs: 3_600_000,
        retryBaseMs: 1_000,
        maxRetryMs: 60_000,
        batchSize: 100,
        maxBatchesPerRun: 20,
      },
      webhookTenantConcurrency: 4,
    }),
    concurrency: { sync: 1, connector: 1, directory: 1, webhooks: 16 },
  });
  const trigger = await startWebhookTrigger({
    db: core.db,
    queues: core.queues,
    logger: core.logger,
    subscriber: createRedisConnection(options.redisUrl, 'client'),
    keyPrefix: core.queuePrefix,
  });
  try {
    const total = Math.round(options.ratePerSecond * options.seconds);
    const started = performance.now();
    for (let i = 0; i < total; i += 1) {
      const due = started + (i * 1000) / options.ratePerSecond;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const state = await options.owner.query<{ generation: number; cursor: string | null }>(
        `select generation, cursor from mailboxes where id = $1`,
        [options.mailboxId],
      );
      const subject = `lag ${i}`;
      const applied = await applyPage(core.db, {
        tenantId: options.tenantId,
        mailboxId: options.mailboxId,
        expected: {
          generation: state.rows[0]!.generation,
          cursor: state.rows[0]!.cursor,
          resumeCursor: null,
        },
        changes: { upserts: [sourceEvent(`lag-${i}`, subject)], removals: [], seriesReplacements: [] },
        end: { kind: 'final', cursor: `lag-${i}`, sweep: false },
      });
      committedAt.set(subject, performance.now());
      await publishEventChanges(core.redis, core.queuePrefix, options.tenantId, {
        mailboxId: options.mailboxId,
        upserted: applied.upserted,
        deleted: applied.deleted,
      });
    }
    const deadline = performance.now() + 30_000;
    while (lags.length < total && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const sorted = [...lags].sort((x, y) => x - y);
    return {
      delivered: lags.length,
      p50Ms: percentile(sorted, 50),
      p95Ms: percentile(sorted, 95),
      maxMs: sorted.at(-1) ?? Number.NaN,
    };
  } finally {
    await trigger.close();
    await workers.close(5_000);
    // The workers' own Redis connections outlive close(); the worker process exits instead.
    await Promise.all(Object.values(workers.workers).map((w) => w.disconnect()));
    server.closeAllConnections();
    server.close();
    await core.close();
  }
}
