import type { Core, DeliverySettings } from '@calsync/core';
import type { ProcessorMap } from '../run-workers.ts';
import { createConnectorCheckProcessor } from './connector-check.ts';
import { createConnectorTickProcessor } from './connector-tick.ts';
import { createChangesTrimProcessor, type ChangesTrimOptions } from './changes-trim.ts';
import { createGraphSubscriptionProcessor } from './graph-subscription.ts';
import { createMailboxFirstSyncProcessor } from './mailbox-first-sync.ts';
import { createMailboxSyncProcessor, type MailboxSyncProcessorOptions } from './mailbox-sync.ts';
import { createRoomDirectoryProcessor } from './room-directory.ts';
import { createWebhookDeliveryProcessor, createWebhookSweepProcessor } from './webhook-delivery.ts';

/** One processor per job name (the worker refuses to start otherwise). */
export function buildProcessors(
  core: Core,
  options: MailboxSyncProcessorOptions & {
    changeTrim: ChangesTrimOptions;
    webhooks: DeliverySettings;
    /** Webhook deliveries of one tenant running at once, across all workers. */
    webhookTenantConcurrency: number;
  },
): ProcessorMap {
  return {
    'mailbox.sync': createMailboxSyncProcessor(core, options),
    'mailbox.first-sync': createMailboxFirstSyncProcessor(core, options),
    'connector.tick': createConnectorTickProcessor(core),
    'connector.check': createConnectorCheckProcessor(core),
    'changes.trim': createChangesTrimProcessor(core, options.changeTrim),
    'graph-subscription.maintain': createGraphSubscriptionProcessor(core),
    'room-directory.refresh': createRoomDirectoryProcessor(core),
    'webhook.deliver': createWebhookDeliveryProcessor(
      core,
      options.webhooks,
      options.webhookTenantConcurrency,
    ),
    'webhook.sweep': createWebhookSweepProcessor(core),
  };
}
