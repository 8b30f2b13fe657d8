import { describe, expect, it } from 'vitest';
import type { ConnectorCredential, TokenProvider } from './identity/token-provider.ts';
import { classifyMicrosoftFailure } from './classify-failure.ts';
import { createGraphClientFactory } from './connector-graph-client.ts';
import { TokenAcquisitionError } from './identity/token-acquisition-error.ts';

const credential = (cloud: ConnectorCredential['cloud']): ConnectorCredential => ({
  connectorId: 'c1',
  version: 1,
  cloud,
  azureTenantId: 'contoso.onmicrosoft.com',
  clientId: '4a1aa1d5-c567-49d0-ad0b-cd957a47f842',
  kind: 'CLIENT_SECRET',
  clientSecret: 'never-sent-to-graph',
});

function recorder() {
  const urls: string[] = [];
  const headers: Record<string, string>[] = [];
  const fetchImpl = ((url: string, init: RequestInit) => {
    urls.push(url);
    headers.push(init.headers as Record<string, string>);
    return Promise.resolve(new Response('{"value":[]}', { status: 200 }));
  }) as unknown as typeof fetch;
  const tokenProvider: TokenProvider = {
    getToken: () => Promise.resolve({ accessToken: 'tok', expiresOn: new Date(), roles: [] }),
    clear: () => undefined,
  };
  return { urls, headers, fetchImpl, tokenProvider };
}

describe('Graph clients per connector credential', () => {
  it.each([
    ['GLOBAL', 'https://graph.microsoft.com/v1.0/users/a'],
    ['US_GOV', 'https://graph.microsoft.us/v1.0/users/a'],
    ['US_GOV_DOD', 'https://dod-graph.microsoft.us/v1.0/users/a'],
    ['CHINA', 'https://microsoftgraph.chinacloudapi.cn/v1.0/users/a'],
  ] as const)('sends %s connectors to the well-known Graph host', async (cloud, expected) => {
    const r = recorder();
    const factory = createGraphClientFactory({
      tokenProvider: r.tokenProvider,
      overrides: {},
      fetchImpl: r.fetchImpl,
    });
    await factory(credential(cloud)).get('/users/a');
    expect(r.urls).toEqual([expected]);
    expect(r.headers[0]?.Authorization).toBe('Bearer tok');
  });

  it('uses the operator override whatever the cloud', async () => {
    const r = recorder();
    const factory = createGraphClientFactory({
      tokenProvider: r.tokenProvider,
      overrides: { graphBaseUrl: 'https://127.0.0.1:9443' },
      fetchImpl: r.fetchImpl,
    });
    await factory(credential('CHINA')).get('/users/a');
    expect(r.urls).toEqual(['https://127.0.0.1:9443/v1.0/users/a']);
  });

  it('gives up on a token request that hangs after the configured timeout, as a transient failure', async () => {
    const r = recorder();
    const factory = createGraphClientFactory({
      tokenProvider: { getToken: () => new Promise<never>(() => undefined), clear: () => undefined },
      overrides: {},
      fetchImpl: r.fetchImpl,
      tokenTimeoutMs: 50,
    });
    const started = Date.now();
    const error = await factory(credential('GLOBAL'))
      .get('/users/a')
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(TokenAcquisitionError);
    expect(classifyMicrosoftFailure(error)).toMatchObject({ kind: 'transient', code: 'token-timeout' });
    expect(r.urls).toEqual([]);
  });
});
