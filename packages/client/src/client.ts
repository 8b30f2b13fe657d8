import type { TypedDocument, VariablesArgs } from './document.ts';
import { executeHttp, graphqlEndpoint, type HttpTransportOptions } from './http.ts';
import { paginateConnection, type Connection } from './paginate.ts';
import {
  createSubscriptionTransport,
  iterateSubscription,
  type LiveSubscription,
  type SubscriptionTransportOptions,
} from './subscriptions.ts';

export interface CalsyncClientOptions extends HttpTransportOptions {
  webSocketImpl?: SubscriptionTransportOptions['webSocketImpl'];
  retryAttempts?: number;
  onConnectionChange?: SubscriptionTransportOptions['onConnectionChange'];
}

export interface CalsyncClient {
  /** One query or mutation; throws CalsyncError with the contract's code. */
  request<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    ...variables: VariablesArgs<TVariables>
  ): Promise<TResult>;
  /**
   * Every node of a connection field, fetched page by page as the loop asks for more:
   * `for await (const c of client.paginate(ConnectorsDocument, {}, (d) => d.connectors))`.
   */
  paginate<TResult, TVariables extends { after?: string | null | undefined }, TNode>(
    document: TypedDocument<TResult, TVariables>,
    variables: Omit<TVariables, 'after'>,
    select: (data: TResult) => Connection<TNode>,
  ): AsyncGenerator<TNode, void, undefined>;
  /** A live subscription over graphql-ws; `break` (or return()) unsubscribes. */
  subscribe<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    ...variables: VariablesArgs<TVariables>
  ): LiveSubscription<TResult>;
  /** Closes the WebSocket, if one was opened. */
  close(): Promise<void>;
}

export function createCalsyncClient(options: CalsyncClientOptions): CalsyncClient {
  let transport: ReturnType<typeof createSubscriptionTransport> | undefined;
  const subscriptions = () =>
    (transport ??= createSubscriptionTransport({
      endpoint: graphqlEndpoint(options.url),
      apiKey: options.apiKey,
      webSocketImpl: options.webSocketImpl,
      ...(options.retryAttempts !== undefined ? { retryAttempts: options.retryAttempts } : {}),
      ...(options.onConnectionChange ? { onConnectionChange: options.onConnectionChange } : {}),
    }));

  return {
    request(document, ...[variables]) {
      return executeHttp(options, document, variables);
    },
    paginate(document, variables, select) {
      return paginateConnection((after) =>
        executeHttp(options, document, withCursor(variables, after)).then(select),
      );
    },
    subscribe(document, ...[variables]) {
      return iterateSubscription(subscriptions().client, document, variables);
    },
    async close() {
      await transport?.dispose();
      transport = undefined;
    },
  };
}

/** The caller's variables plus the page cursor; `after` is the only variable paginate owns. */
function withCursor<TVariables extends { after?: string | null | undefined }>(
  variables: Omit<TVariables, 'after'>,
  after: string | undefined,
): TVariables {
  return { ...variables, ...(after === undefined ? {} : { after }) } as TVariables;
}
