import { Kind, type DocumentNode, type GraphQLResolveInfo } from 'graphql';
import type { IResolvers, MercuriusContext } from 'mercurius';
import {
  AppError,
  findEvent,
  type EventChangeHub,
  type EventChangeNotice,
  type Principal,
} from '@calsync/core';
import { checkScopedDocument, scopedMailboxIds } from '../access/display-scope.ts';
import { releasing, type GuardedContext, type SubscriptionGuard } from '../live/subscription-guard.ts';

/** What the WebSocket connection adds to the context (see plugins/graphql.ts `subscription`). */
interface LiveContext extends GuardedContext {
  eventChanges?: EventChangeHub | undefined;
  guard?: SubscriptionGuard | undefined;
  principal: Principal | null;
}

function tenantOf(context: MercuriusContext): string {
  const { principal } = context as unknown as LiveContext;
  if (!principal) {
    throw new AppError('UNAUTHENTICATED', 'send { authorization: "Bearer <key>" } in connection_init');
  }
  if (!principal.tenantId) throw new AppError('FORBIDDEN', 'subscribe with a tenant API key');
  return principal.tenantId;
}

/** The operation being subscribed, with its fragments, as a document the access checks can walk. */
function documentOf(info: GraphQLResolveInfo): DocumentNode {
  return { kind: Kind.DOCUMENT, definitions: [info.operation, ...Object.values(info.fragments)] };
}

export const subscriptionResolvers: IResolvers = {
  Subscription: {
    eventChanged: {
      subscribe: async (
        _root: unknown,
        args: { mailboxIds?: string[] | null },
        context: MercuriusContext,
        info: GraphQLResolveInfo,
      ) => {
        const live = context as unknown as LiveContext;
        if (!live.eventChanges || !live.guard) {
          throw new AppError('INTERNAL', 'live updates are not available on this server');
        }
        const tenantId = tenantOf(context);
        const outOfScope = checkScopedDocument(info.schema, documentOf(info), live.principal);
        if (outOfScope) throw outOfScope;
        const mailboxIds = live.principal
          ? (scopedMailboxIds(live.principal, args.mailboxIds) ?? args.mailboxIds)
          : null;
        const release = live.guard.admit(live, info);
        try {
          return releasing(await live.eventChanges.subscribe(tenantId, mailboxIds), release);
        } catch (error) {
          release();
          throw error;
        }
      },
      resolve: (notice: EventChangeNotice) => notice,
    },
  },
  EventChange: {
    // Read when the notice is delivered, i.e. after the sync engine committed it.
    event: (notice: EventChangeNotice, _args: unknown, context: MercuriusContext) =>
      notice.kind === 'DELETED' ? null : findEvent(context.core.db, tenantOf(context), notice.eventId),
  },
};
