import type { INetworkModule, NetworkResponse } from '@azure/msal-node';
// eslint-disable-next-line no-restricted-imports -- test support, imported only by *.int.test.ts files
import { createHttpsClient } from '@calsync/graph-emulator';
import { Agent } from 'undici';

/**
 * Trust for the emulator's local CA inside an already running test process
 * (NODE_EXTRA_CA_CERTS is read only at process start): an msal network module
 * and a fetch for the Graph client.
 */
export function trustEmulator(caCertPem: string): {
  networkClient: INetworkModule;
  fetchImpl: typeof fetch;
  close(): Promise<void>;
} {
  const http = createHttpsClient(caCertPem);
  const dispatcher = new Agent({ connect: { ca: caCertPem } });
  const toResponse = <T>(r: Awaited<ReturnType<typeof http.send>>): NetworkResponse<T> => ({
    status: r.status,
    headers: Object.fromEntries(
      Object.entries(r.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
    ),
    body: (r.json ?? {}) as T,
  });
  const networkClient: INetworkModule = {
    async sendGetRequestAsync<T>(url: string, options?: { headers?: Record<string, string> }) {
      return toResponse<T>(await http.send(url, { headers: options?.headers }));
    },
    async sendPostRequestAsync<T>(
      url: string,
      options?: { headers?: Record<string, string>; body?: string },
    ) {
      return toResponse<T>(
        await http.send(url, { method: 'POST', headers: options?.headers, body: options?.body }),
      );
    },
  };
  const fetchImpl = ((input: string | URL | Request, init?: RequestInit) =>
    fetch(input, { ...init, dispatcher } as unknown as RequestInit)) as typeof fetch;
  return {
    networkClient,
    fetchImpl,
    close: async () => {
      http.close();
      await dispatcher.close();
    },
  };
}
