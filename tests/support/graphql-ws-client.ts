import { WebSocket } from 'undici';

export interface GraphqlWsClient {
  messages: any[];
  /** Resolves with the close code and reason once the socket closes. */
  closed: Promise<{ code: number; reason: string }>;
  next(predicate: (m: any) => boolean, timeoutMs?: number): Promise<any>;
  send(message: unknown): void;
  close(): void;
}

/** A graphql-transport-ws client over undici's WebSocket, recording every message. */
export async function connectGraphqlWs(url: string, payload: unknown): Promise<GraphqlWsClient> {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  const messages: any[] = [];
  const waiters: { predicate: (m: any) => boolean; resolve: (m: any) => void }[] = [];
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data));
    messages.push(message);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(message)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.addEventListener('close', (event) => resolve({ code: event.code, reason: event.reason }), {
      once: true,
    });
  });
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', reject, { once: true });
  });
  const client: GraphqlWsClient = {
    messages,
    closed,
    next(predicate, timeoutMs = 5000) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        waiters.push({ predicate, resolve });
        setTimeout(
          () => reject(new Error(`no matching message; got ${JSON.stringify(messages)}`)),
          timeoutMs,
        ).unref();
      });
    },
    send: (message) => socket.send(JSON.stringify(message)),
    close: () => socket.close(),
  };
  client.send({ type: 'connection_init', payload });
  return client;
}

/** Sends a subscribe and waits briefly for an immediate refusal: its first error, or null once it is live. */
export async function subscribeOrRefusal(
  client: GraphqlWsClient,
  id: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<any> {
  client.send({ id, type: 'subscribe', payload: { query, variables } });
  return client
    .next((m) => m.id === id && m.type === 'error', 700)
    .then(
      (m) => m.payload[0],
      () => null,
    );
}
