import type { Core } from '../create-core.ts';

/** The parts of the core the notification code uses. */
export type NotificationsCore = Pick<
  Core,
  'db' | 'config' | 'providers' | 'logger' | 'redis' | 'queues' | 'queuePrefix'
>;
