import { maintainSubscription, type Core, type GraphSubscriptionMaintainPayload } from '@calsync/core';

/** graph-subscription.maintain: subscribe, renew, reauthorize or recreate one mailbox's Graph subscription. */
export function createGraphSubscriptionProcessor(core: Core) {
  return (payload: GraphSubscriptionMaintainPayload): Promise<unknown> => maintainSubscription(core, payload);
}
