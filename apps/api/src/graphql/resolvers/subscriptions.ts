import { GraphQLError, Kind, type DocumentNode, type GraphQLResolveInfo } from 'graphql';
import type { IResolvers, MercuriusContext } from 'mercurius';
import {
  AppError,
  findEvent,
  isAppError,
  followEventChanges,
  type EventChangeEntry,
  type EventChangeHub,
  type EventChangeNotice,
  type Principal,
  type SyncRunHub,
  type SyncRunNotice,
} from '@calsync/core';
import { checkScopedDocument, scopedMailboxIds } from '../access/display-scope.ts';
import { releasing, type GuardedContext, type SubscriptionGuard } from '../live/subscription-guard.ts';

/** What the WebSocket connection adds to the context (see plugins/graphql.ts `subscription`). */
interface LiveContext extends GuardedContext {
  eventChanges?: EventChangeHub | undefined;
  syncRuns?: SyncRunHub | undefined;
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

/** What `releasing` wraps: a live stream that ends at once on `return()`. */
type Stream<T> = AsyncIterableIterator<T> & { return(): Promise<IteratorResult<T>> };

/**
 * Every live subscription's way in: the tenant, the display-token checks (its fields, and only
 * its mailboxes among those asked for), then the guard's limits; `open` gets the tenant and the
 * mailbox filter to apply, and the stream it returns gives its slot back when it ends.
 */
async function openGuarded<T>(
  context: MercuriusContext,
  info: GraphQLResolveInfo,
  requestedMailboxIds: readonly string[] | null | undefined,
  open: (
    live: LiveContext,
    tenantId: string,
    mailboxIds: readonly string[] | null | undefined,
  ) => Promise<Stream<T>>,
): Promise<AsyncIterableIterator<T>> {
  const live = context as unknown as LiveContext;
  if (!live.eventChanges || !live.syncRuns || !live.guard) {
    throw new AppError('INTERNAL', 'live updates are not available on this server');
  }
  const tenantId = tenantOf(context);
  const outOfScope = checkScopedDocument(info.schema, documentOf(info), live.principal);
  if (outOfScope) throw outOfScope;
  const mailboxIds = live.principal
    ? (scopedMailboxIds(live.principal, requestedMailboxIds) ?? requestedMailboxIds)
    : null;
  const release = await live.guard.admit(live, info);
  try {
    return releasing<T>(await open(live, tenantId, mailboxIds), release);
  } catch (error) {
    release();
    // mercurius sends a failed subscribe without the HTTP error formatter: carry the code here.
    if (isAppError(error)) {
      throw new GraphQLError(error.message, { extensions: { code: error.code, ...error.details } });
    }
    throw error;
  }
}

export const subscriptionResolvers: IResolvers = {
  Subscription: {
    eventChanged: {
      subscribe: (
        _root: unknown,
        args: { mailboxIds?: string[] | null; fromCursor?: string | null },
        context: MercuriusContext,
        info: GraphQLResolveInfo,
      ) =>
        openGuarded<EventChangeNotice | EventChangeEntry>(
          context,
          info,
          args.mailboxIds,
          (live, tenantId, mailboxIds) =>
            args.fromCursor
              ? followEventChanges({
                  db: context.core.db,
                  hub: live.eventChanges!,
                  tenantId,
                  fromCursor: args.fromCursor,
                  mailboxIds,
                })
              : live.eventChanges!.subscribe(tenantId, mailboxIds),
        ),
      resolve: (notice: EventChangeNotice | EventChangeEntry) => notice,
    },
    syncRunChanged: {
      subscribe: (
        _root: unknown,
        args: { connectorId?: string | null; mailboxIds?: string[] | null },
        context: MercuriusContext,
        info: GraphQLResolveInfo,
      ) =>
        openGuarded<SyncRunNotice>(context, info, args.mailboxIds, (live, tenantId, mailboxIds) =>
          live.syncRuns!.subscribe(tenantId, { connectorId: args.connectorId, mailboxIds }),
        ),
      resolve: (run: SyncRunNotice) => run,
    },
  },
  EventChange: {
    // Change-log entries come with the event as read from the log; a live notice's event is
    // read when it is delivered, i.e. after the sync engine committed it.
    event: (notice: EventChangeNotice | EventChangeEntry, _args: unknown, context: MercuriusContext) => {
      if ('event' in notice) return notice.event;
      return notice.kind === 'DELETED' ? null : findEvent(context.core.db, tenantOf(context), notice.eventId);
    },
  },
};
