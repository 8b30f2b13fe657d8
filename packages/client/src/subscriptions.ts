import { createClient, type Client } from 'graphql-ws';
import { CalsyncError, type GraphQLErrorShape } from './errors.ts';
import type { TypedDocument } from './document.ts';

export type ConnectionState = 'connecting' | 'connected' | 'closed';

export interface SubscriptionTransportOptions {
  /** GraphQL endpoint URL (http or https; the WebSocket URL is derived from it). */
  endpoint: string;
  apiKey?: string | undefined;
  /** Needed on Node 20, which has no global WebSocket (pass the `ws` package's export). */
  webSocketImpl?: unknown;
  /** Reconnect attempts after a dropped connection (graphql-ws default: 5). */
  retryAttempts?: number;
  onConnectionChange?: (state: ConnectionState) => void;
}

export function webSocketUrl(endpoint: string): string {
  const url = new URL(endpoint);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/** One lazily opened graphql-transport-ws connection shared by every subscription of a client. */
export function createSubscriptionTransport(options: SubscriptionTransportOptions): {
  client: Client;
  dispose(): Promise<void>;
} {
  const client = createClient({
    url: webSocketUrl(options.endpoint),
    // The API reads the key from connection_init: browsers cannot set headers on a WebSocket.
    connectionParams: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
    ...(options.webSocketImpl ? { webSocketImpl: options.webSocketImpl } : {}),
    retryAttempts: options.retryAttempts ?? 5,
    // Every drop is worth a retry for a display; the API going away for a deploy is not fatal.
    shouldRetry: () => true,
    on: {
      connecting: () => options.onConnectionChange?.('connecting'),
      connected: () => options.onConnectionChange?.('connected'),
      closed: () => options.onConnectionChange?.('closed'),
    },
  });
  return { client, dispose: () => Promise.resolve(client.dispose()) };
}

/** Maps what graphql-ws throws (GraphQL errors, a CloseEvent, an Error) to a CalsyncError. */
export function subscriptionError(error: unknown): CalsyncError {
  if (error instanceof CalsyncError) return error;
  if (Array.isArray(error)) return CalsyncError.fromGraphQLErrors(error as GraphQLErrorShape[]);
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'number') {
    const reason = 'reason' in error && typeof error.reason === 'string' ? error.reason : '';
    // 4403 is graphql-ws' Forbidden: the connection_init key was refused.
    if (error.code === 4403)
      return new CalsyncError('UNAUTHENTICATED', 'The API refused the key for subscriptions');
    return new CalsyncError(
      'NETWORK',
      `Subscription connection closed (${error.code}${reason ? ` ${reason}` : ''})`,
    );
  }
  // mercurius refuses a connection_init with the legacy protocol's `connection_error` message,
  // which graphql-ws reports as an invalid message: that is the API saying no to the key.
  if (error instanceof Error && error.message.includes('"connection_error"')) {
    return new CalsyncError('UNAUTHENTICATED', 'The API refused the key for subscriptions');
  }
  return new CalsyncError(
    'NETWORK',
    error instanceof Error ? error.message : 'Subscription connection failed',
  );
}

/**
 * A live subscription. Unlike an async generator, `return()` ends it at once even while a
 * `next()` is waiting for the server (a generator would queue the return behind that wait).
 */
export interface LiveSubscription<TResult> extends AsyncIterableIterator<TResult, undefined> {
  return(): Promise<IteratorReturnResult<undefined>>;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

export function iterateSubscription<TResult, TVariables>(
  client: Client,
  document: TypedDocument<TResult, TVariables>,
  variables: TVariables | undefined,
): LiveSubscription<TResult> {
  const inner = client.iterate<TResult>({ query: document.toString(), variables: variables ?? {} });
  let stop: () => void = () => undefined;
  const stopped = new Promise<IteratorReturnResult<undefined>>((resolve) => {
    stop = () => resolve(DONE);
  });
  const close = async () => {
    stop();
    await inner.return?.();
    return DONE;
  };
  const subscription: LiveSubscription<TResult> = {
    async next() {
      for (;;) {
        let result: Awaited<ReturnType<typeof inner.next>>;
        try {
          result = await Promise.race([inner.next(), stopped]);
        } catch (error) {
          throw subscriptionError(error);
        }
        if (result.done) return DONE;
        if (result.value.errors && result.value.errors.length > 0) {
          await close();
          throw CalsyncError.fromGraphQLErrors(result.value.errors);
        }
        if (result.value.data) return { done: false, value: result.value.data };
      }
    },
    return: close,
    [Symbol.asyncIterator]() {
      return subscription;
    },
  };
  return subscription;
}
