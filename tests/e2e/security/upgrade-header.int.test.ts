import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/test-api.ts';

let api: TestApi;
let origin: string;

beforeAll(async () => {
  api = await startTestApi();
  origin = await api.app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await api?.close();
});

/** A raw HTTP/1.1 GET (undici refuses to send an Upgrade header on a plain request). */
function rawGet(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${origin}${path}`, { method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    // A real upgrade that the server refuses ends as a raw response or a reset socket.
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, body: '' });
    });
    req.on('error', reject);
    req.end();
  });
}

const schemaQuery = `/graphql?query=${encodeURIComponent('{__schema{queryType{name}}}')}`;
const viewerQuery = `/graphql?query=${encodeURIComponent('{viewer{role}}')}`;

describe('an Upgrade header without a WebSocket handshake', () => {
  it('does not skip authentication (inject)', async () => {
    for (const url of [schemaQuery, viewerQuery]) {
      const response = await api.app.inject({ method: 'GET', url, headers: { upgrade: 'x' } });
      expect(response.statusCode).toBe(401);
      expect(response.json().errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(response.body).not.toContain('queryType');
    }
  });

  it('does not skip authentication over a real socket', async () => {
    for (const url of [schemaQuery, viewerQuery]) {
      const response = await rawGet(url, { upgrade: 'x' });
      expect(response.status).toBe(401);
      expect(JSON.parse(response.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('a refused upgrade (Connection: upgrade, Upgrade: x) never reaches GraphQL', async () => {
    const response = await rawGet(schemaQuery, { connection: 'upgrade', upgrade: 'x' });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.body).not.toContain('queryType');
  });
});

describe('the GraphQL layer itself', () => {
  it('refuses an execution without a principal before any resolver runs', async () => {
    // Before the guard this reached Query.viewer and failed there (INTERNAL).
    await expect(api.app.graphql('{ viewer { role } }')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(api.app.graphql('{ __schema { queryType { name } } }')).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });
});
