import type { Core } from '@calsync/core';
import type { ProcessorMap } from '../run-workers.ts';
import { createConnectorCheckProcessor } from './connector-check.ts';
import { createConnectorTickProcessor } from './connector-tick.ts';
import { createMailboxSyncProcessor, type MailboxSyncProcessorOptions } from './mailbox-sync.ts';
import { createRoomDirectoryProcessor } from './room-directory.ts';

/** One processor per job name (the worker refuses to start otherwise). */
export function buildProcessors(core: Core, options: MailboxSyncProcessorOptions): ProcessorMap {
  return {
    'mailbox.sync': createMailboxSyncProcessor(core, options),
    'connector.tick': createConnectorTickProcessor(core),
    'connector.check': createConnectorCheckProcessor(core),
    'room-directory.refresh': createRoomDirectoryProcessor(core),
  };
}
