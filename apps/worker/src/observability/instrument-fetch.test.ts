import type { GraphFetch, GraphFetchInit } from '@calsync/core';
import { describe, expect, it } from 'vitest';
import { instrumentGraphFetch, retryAfterSeconds } from './instrument-fetch.ts';
import { createWorkerMetrics } from './worker-metrics.ts';

const answering =
  (status: number, headers: Record<string, string> = {}): GraphFetch =>
  () =>
    Promise.resolve(new Response('{}', { status, headers }));

const request = (method: GraphFetchInit['method']): GraphFetchInit => ({
  method,
  headers: {},
  signal: new AbortController().signal,
  redirect: 'manual',
});

describe('Graph fetch instrumentation', () => {
  it('counts requests by method and status, 429s and their Retry-After seconds', async () => {
    const metrics = createWorkerMetrics();
    await instrumentGraphFetch(answering(200), metrics)('https://graph.example/v1.0/x', request('GET'));
    const throttled = instrumentGraphFetch(answering(429, { 'retry-after': '2.5' }), metrics);
    await throttled('https://graph.example/v1.0/x', request('POST'));
    await throttled('https://graph.example/v1.0/x', request('POST'));
    const text = await metrics.registry.metrics();
    expect(text).toContain('calsync_graph_requests_total{method="GET",status="200"} 1');
    expect(text).toContain('calsync_graph_requests_total{method="POST",status="429"} 2');
    expect(text).toContain('calsync_graph_throttled_total 2');
    expect(text).toContain('calsync_graph_retry_after_seconds_total 5');
    expect(text).toContain('calsync_graph_request_duration_seconds_count{method="GET"} 1');
  });

  it('counts a request that got no answer as status 0 and rethrows', async () => {
    const metrics = createWorkerMetrics();
    const failing: GraphFetch = () => Promise.reject(new TypeError('fetch failed'));
    await expect(
      instrumentGraphFetch(failing, metrics)('https://graph.example/', request('GET')),
    ).rejects.toThrow('fetch failed');
    expect(await metrics.registry.metrics()).toContain(
      'calsync_graph_requests_total{method="GET",status="0"} 1',
    );
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterSeconds('0.4')).toBe(0.4);
    expect(retryAfterSeconds('Thu, 01 Jan 2026 00:00:30 GMT', Date.parse('2026-01-01T00:00:00Z'))).toBe(30);
    expect(retryAfterSeconds(null)).toBeUndefined();
    expect(retryAfterSeconds('soon')).toBeUndefined();
  });
});
