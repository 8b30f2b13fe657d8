import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TEST_ADMIN_KEY, type TestApi } from '../../../../tests/support/test-api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe('GET /metrics', () => {
  it('needs the platform admin key, as bearer or basic password', async () => {
    expect((await api.app.inject({ url: '/metrics' })).statusCode).toBe(401);
    expect(
      (await api.app.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong' } })).statusCode,
    ).toBe(401);
    const basic = Buffer.from(`prometheus:${TEST_ADMIN_KEY}`).toString('base64');
    expect(
      (await api.app.inject({ url: '/metrics', headers: { authorization: `Basic ${basic}` } })).statusCode,
    ).toBe(200);
  });

  it('reports request latency by route and queue depth by state', async () => {
    await api.app.inject({ url: '/healthz' });
    const res = await api.app.inject({
      url: '/metrics',
      headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` },
    });
    expect(res.body).toMatch(
      /calsync_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} 1/,
    );
    expect(res.body).toMatch(/calsync_queue_jobs\{queue="sync",state="waiting"\} 0/);
    expect(res.body).toContain('calsync_api_process_cpu_seconds_total');
  });
});

describe('queue dashboard', () => {
  it('is served at /admin/queues to the platform admin only', async () => {
    expect((await api.app.inject({ url: '/admin/queues' })).statusCode).toBe(401);
    expect((await api.app.inject({ url: '/admin/queues/api/queues' })).statusCode).toBe(401);
    const basic = Buffer.from(`ops:${TEST_ADMIN_KEY}`).toString('base64');
    const page = await api.app.inject({ url: '/admin/queues', headers: { authorization: `Basic ${basic}` } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('calsync queues');
    const queues = await api.app.inject({
      url: '/admin/queues/api/queues',
      headers: { authorization: `Basic ${basic}` },
    });
    expect(
      queues
        .json()
        .queues.map((q: { name: string }) => q.name)
        .sort(),
    ).toEqual(['connector', 'directory', 'sync', 'webhooks']);
    expect((await api.app.inject({ url: '/healthz' })).statusCode).toBe(200); // the hook stays scoped
  });
});
