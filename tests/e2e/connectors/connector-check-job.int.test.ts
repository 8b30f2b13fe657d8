import { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectorCheckProcessor } from '../../../apps/worker/src/processors/connector-check.ts';
import { connectorCheckPayload, createRedisConnection } from '@calsync/core';
import {
  createDirectory,
  createSecretConnector,
  createTenantKey,
  readConnector,
  startConnectorEnv,
  type ConnectorEnv,
} from './connector-env.ts';

let env: ConnectorEnv;
let worker: Worker;
beforeAll(async () => {
  env = await startConnectorEnv();
  const process = createConnectorCheckProcessor(env.core);
  // Only connector.check: the tick's fan-out belongs to the sync engine.
  worker = new Worker(
    'connector',
    (job) =>
      job.name === 'connector.check'
        ? process(connectorCheckPayload.parse(job.data), job)
        : Promise.resolve(null),
    { connection: createRedisConnection(env.core.config.redisUrl, 'worker'), prefix: env.core.queuePrefix },
  );
});
afterAll(async () => {
  await worker.close();
  await env.close();
});

async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('connector.check job', () => {
  it('runs the diagnostics after create and after a credential change, storing status and lastDiagnostics', async () => {
    const key = await createTenantKey(env, 'jobs');
    const dir = await createDirectory(env, 'jobco', {
      mailboxes: [{ local: 'adele', displayName: 'Adele' }],
    });
    const id = await createSecretConnector(env, key, dir, {
      clientSecret: 'Wrong~value~for~the~first~check~0123456',
      mailboxes: [`adele@${dir.domain}`],
    });
    const failed = await waitFor(async () => {
      const c = await readConnector(env, key, id);
      return c.status !== 'PENDING' && c;
    });
    expect(failed.status).toBe('AUTH_FAILED');
    expect(failed.lastDiagnostics.checks[0]).toMatchObject({ name: 'TOKEN', code: 'AADSTS7000215' });

    await env.graphql(
      key,
      `mutation($id: ID!, $s: String!) { updateConnector(id: $id, input: { clientSecret: $s }) { id } }`,
      {
        id,
        s: dir.secret,
      },
    );
    const healthy = await waitFor(async () => {
      const c = await readConnector(env, key, id);
      return c.status === 'HEALTHY' && c;
    });
    expect(healthy.lastDiagnostics.ok).toBe(true);
    expect(healthy.statusDetail).toMatch(/Working/);
  });

  it('finishes quietly when the connector was deleted before the job ran', async () => {
    const process = createConnectorCheckProcessor(env.core);
    const result = await process(
      {
        tenantId: '00000000-0000-4000-8000-000000000000',
        connectorId: '00000000-0000-4000-8000-000000000001',
        reason: 'MANUAL',
      },
      undefined as never,
    );
    expect(result).toEqual({ skipped: 'connector deleted' });
  });
});
