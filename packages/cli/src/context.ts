import WebSocket from 'ws';
import { createCalsyncClient, type CalsyncClient } from '@calsync/client';
import { resolveConnection, type ResolvedConnection } from './config.ts';
import { EXIT_OK } from './cli-error.ts';
import type { CliIo } from './io.ts';

/** Per-invocation state shared by the commands: io, the API client (made on first use), exit code. */
export interface Context {
  io: CliIo;
  connection(): Promise<ResolvedConnection>;
  client(): Promise<CalsyncClient>;
  /** A command sets this for outcomes that are not errors (degraded diagnostics, failed syncs). */
  exitCode: number;
  close(): Promise<void>;
}

export function createContext(io: CliIo): Context {
  let connection: Promise<ResolvedConnection> | undefined;
  let client: CalsyncClient | undefined;
  const context: Context = {
    io,
    exitCode: EXIT_OK,
    connection: () => (connection ??= resolveConnection(io.env)),
    async client() {
      const { url, apiKey } = await context.connection();
      // `ws` because Node 20 has no global WebSocket; the SDK only opens it for subscriptions.
      client ??= createCalsyncClient({ url, apiKey, webSocketImpl: WebSocket });
      return client;
    },
    async close() {
      await client?.close();
    },
  };
  return context;
}
