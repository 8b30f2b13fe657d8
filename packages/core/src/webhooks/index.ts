export * from './address-policy.ts';
export * from './destination.ts';
export * from './signing.ts';
export * from './endpoint-view.ts';
export * from './manage-endpoints.ts';
export * from './enqueue-delivery.ts';
export * from './deliver-endpoint.ts';
export * from './delivery-trigger.ts';
export type { WebhookBody, WebhookChange } from './delivery-body.ts';
