export * from './generated/graphql.ts';
export { createCalsyncClient, type CalsyncClient, type CalsyncClientOptions } from './client.ts';
export {
  CalsyncError,
  isCalsyncError,
  SERVER_ERROR_CODES,
  type ErrorCode,
  type ServerErrorCode,
  type GraphQLErrorShape,
} from './errors.ts';
export type { Connection } from './paginate.ts';
export type { ConnectionState, LiveSubscription } from './subscriptions.ts';
export type { TypedDocument } from './document.ts';
export { graphqlEndpoint } from './http.ts';
export { verifyWebhook, WebhookVerificationError, type WebhookHeaders } from './verify-webhook.ts';
