import type { IResolvers } from 'mercurius';
import { DateScalar, DateTimeScalar } from '../scalars.ts';
import { tenancyResolvers } from './tenancy.ts';
import { connectorResolvers } from './connectors.ts';
import { mailboxResolvers } from './mailboxes.ts';
import { eventResolvers } from './events.ts';
import { eventChangeResolvers } from './event-changes.ts';
import { availabilityResolvers } from './availability.ts';
import { syncRunResolvers } from './sync-runs.ts';
import { syncResolvers } from './sync.ts';
import { subscriptionResolvers } from './subscriptions.ts';
import { scopedTokenResolvers } from './scoped-tokens.ts';
import { roomResolvers } from './rooms.ts';
import { webhookEndpointResolvers } from './webhook-endpoints.ts';

/** Resolver maps, one per aggregate, merged per type. */
const ALL: IResolvers[] = [
  tenancyResolvers,
  connectorResolvers,
  mailboxResolvers,
  eventResolvers,
  eventChangeResolvers,
  availabilityResolvers,
  syncRunResolvers,
  syncResolvers,
  subscriptionResolvers,
  scopedTokenResolvers,
  roomResolvers,
  webhookEndpointResolvers,
];

export function buildResolvers(): IResolvers {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const map of ALL) {
    for (const [type, fields] of Object.entries(map)) {
      merged[type] = { ...merged[type], ...(fields as Record<string, unknown>) };
    }
  }
  return { DateTime: DateTimeScalar, Date: DateScalar, ...merged } as IResolvers;
}
