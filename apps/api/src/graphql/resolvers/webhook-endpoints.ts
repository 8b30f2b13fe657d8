import type { IResolvers } from 'mercurius';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  encodeChangeCursor,
  findWebhookEndpoint,
  listWebhookEndpoints,
  recentWebhookDeliveries,
  redeliverWebhook,
  rotateWebhookSecret,
  setWebhookEndpointEnabled,
  updateWebhookEndpoint,
  type Core,
  type WebhookAdminDeps,
  type WebhookDeliveryRow,
  type WebhookEndpointInput,
  type WebhookEndpointUpdate,
  type WebhookEndpointView,
} from '@calsync/core';

const MAX_RECENT_DELIVERIES = 100;

function deps(core: Core): WebhookAdminDeps {
  return {
    db: core.db,
    secretBox: core.secretBox,
    queues: core.queues,
    webhookPolicy: { allowPrivate: core.config.webhooks?.allowPrivate ?? false },
  };
}

export const webhookEndpointResolvers: IResolvers = {
  Query: {
    webhookEndpoints: (_root, _args, { core, principal }) => listWebhookEndpoints(core, principal),
    webhookEndpoint: (_root, args: { id: string }, { core, principal }) =>
      findWebhookEndpoint(core, principal, args.id),
  },
  Mutation: {
    createWebhookEndpoint: (_root, args: { input: WebhookEndpointInput }, { core, principal }) =>
      createWebhookEndpoint(deps(core), principal, args.input),
    updateWebhookEndpoint: (_root, args: { id: string; input: WebhookEndpointUpdate }, { core, principal }) =>
      updateWebhookEndpoint(deps(core), principal, args.id, args.input),
    disableWebhookEndpoint: (_root, args: { id: string }, { core, principal }) =>
      setWebhookEndpointEnabled(deps(core), principal, args.id, false),
    enableWebhookEndpoint: (_root, args: { id: string }, { core, principal }) =>
      setWebhookEndpointEnabled(deps(core), principal, args.id, true),
    deleteWebhookEndpoint: (_root, args: { id: string }, { core, principal }) =>
      deleteWebhookEndpoint(core, principal, args.id),
    rotateWebhookSecret: (_root, args: { id: string; overlapSeconds: number }, { core, principal }) =>
      rotateWebhookSecret(deps(core), principal, args.id, args.overlapSeconds),
    redeliverWebhook: (_root, args: { id: string; fromCursor: string }, { core, principal }) =>
      redeliverWebhook(deps(core), principal, args.id, args.fromCursor),
  },
  WebhookEndpoint: {
    recentDeliveries: (endpoint: WebhookEndpointView, args: { first: number }, { core }) =>
      recentWebhookDeliveries(core.db, endpoint, Math.max(0, Math.min(args.first, MAX_RECENT_DELIVERIES))),
  },
  WebhookDelivery: {
    afterCursor: (delivery: WebhookDeliveryRow) => encodeChangeCursor(delivery.afterSeq),
    throughCursor: (delivery: WebhookDeliveryRow) => encodeChangeCursor(delivery.throughSeq),
  },
};
