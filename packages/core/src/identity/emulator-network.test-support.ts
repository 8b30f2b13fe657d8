import type { INetworkModule } from '@azure/msal-node';
// eslint-disable-next-line no-restricted-imports -- test support, imported only by *.int.test.ts files
import { createHttpsClient } from '@calsync/graph-emulator';
// eslint-disable-next-line no-restricted-imports -- test support, imported only by *.int.test.ts files
import { createMsalNetworkClient, createTrustingDispatcher } from '@calsync/graph-emulator/testing';

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
  const dispatcher = createTrustingDispatcher(caCertPem);
  const networkClient = createMsalNetworkClient(http);
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
