import { describe, expect, it } from 'vitest';
import { checkProcessors } from './run-workers.ts';

describe('processor registry check', () => {
  const noop = () => Promise.resolve();
  it('accepts exactly one processor per job name', () => {
    expect(() =>
      checkProcessors({
        'mailbox.sync': noop,
        'mailbox.first-sync': noop,
        'connector.tick': noop,
        'connector.check': noop,
        'changes.trim': noop,
        'graph-subscription.maintain': noop,
        'room-directory.refresh': noop,
        'webhook.deliver': noop,
        'webhook.sweep': noop,
      }),
    ).not.toThrow();
  });
  it('names missing and unknown job names', () => {
    expect(() => checkProcessors({ 'mailbox.sync': noop, 'connector.tock': noop })).toThrow(
      /missing \[changes.trim, connector.check, connector.tick, graph-subscription.maintain, mailbox.first-sync, room-directory.refresh, webhook.deliver, webhook.sweep\], unknown \[connector.tock\]/,
    );
  });
});
