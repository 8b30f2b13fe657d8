import type { INetworkModule, NetworkResponse } from '@azure/msal-node';
import type { HttpsClient } from '../http/https-json.ts';

/**
 * msal-node network client that trusts the emulator CA explicitly (NODE_EXTRA_CA_CERTS is only read at process
 * start, so in-process tests pass the CA this way). Pass it as `system.networkClient`.
 */
export function createMsalNetworkClient(http: HttpsClient): INetworkModule {
  const toResponse = <T>(r: Awaited<ReturnType<HttpsClient['send']>>): NetworkResponse<T> => ({
    status: r.status,
    headers: Object.fromEntries(
      Object.entries(r.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
    ),
    body: (r.json ?? {}) as T,
  });
  return {
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
}
