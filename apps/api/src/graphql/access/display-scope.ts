import { createRequire } from 'node:module';
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import type * as Graphql from 'graphql';
import { mailboxScopeOf, type MailboxScope, type Principal } from '@calsync/core';

// TypeInfo checks types with instanceof: it must come from the graphql build mercurius (CommonJS)
// built the schema with (see live/subscription-guard.ts).
const { TypeInfo, visit, visitWithTypeInfo, getNamedType } = createRequire(import.meta.url)(
  'graphql',
) as typeof Graphql;

/**
 * What a display token may select, by parent type: a board's reads and nothing that reveals the
 * tenant's set-up (connectors, other mailboxes, sync errors, keys). Deny by default, so a field
 * added to the schema later stays closed to displays until it is listed here.
 */
const DISPLAY_FIELDS: Record<string, ReadonlySet<string> | 'every field'> = {
  Query: new Set(['viewer', 'mailbox', 'mailboxes', 'events']),
  Subscription: new Set(['eventChanged', 'syncRunChanged']),
  Viewer: new Set(['role']),
  Mailbox: new Set([
    'id',
    'address',
    'displayName',
    'kind',
    'timeZone',
    'syncStatus',
    'lastSyncedAt',
    'events',
    'currentEvent',
    'nextEvent',
  ]),
  // A board may show that its room is syncing and how it ended, not the set-up or the errors.
  SyncRun: new Set([
    'id',
    'mailboxId',
    'kind',
    'trigger',
    'status',
    'startedAt',
    'finishedAt',
    'pages',
    'upserted',
    'deleted',
  ]),
  Event: 'every field',
  MailboxConnection: 'every field',
  EventConnection: 'every field',
  PageInfo: 'every field',
  EventChange: 'every field',
  EmailAddress: 'every field',
  Attendee: 'every field',
  Location: 'every field',
  OnlineMeeting: 'every field',
};

function displayMay(parent: string, field: string): boolean {
  if (field === '__typename') return true;
  const allowed = DISPLAY_FIELDS[parent];
  return allowed === 'every field' || (allowed?.has(field) ?? false);
}

/** FORBIDDEN for the first field a display token may not select; null when it may run. */
export function checkDisplayDocument(schema: GraphQLSchema, document: DocumentNode): GraphQLError | null {
  const typeInfo = new TypeInfo(schema);
  let refused: GraphQLError | null = null;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        if (refused) return;
        const parent = typeInfo.getParentType();
        const parentName = parent ? getNamedType(parent).name : '';
        if (!displayMay(parentName, node.name.value)) {
          refused = new GraphQLError(
            `a display token may not read ${parentName}.${node.name.value}; it reads only its mailboxes' events`,
            { extensions: { code: 'FORBIDDEN' } },
          );
        }
      },
    }),
  );
  return refused;
}

/** The display-token check for a principal, or null for keys without a mailbox scope. */
export function checkScopedDocument(
  schema: GraphQLSchema,
  document: DocumentNode,
  principal: Principal | null,
): GraphQLError | null {
  const scope = principal ? mailboxScopeOf(principal) : null;
  return scope?.purpose === 'DISPLAY' ? checkDisplayDocument(schema, document) : null;
}

/** GraphQL over HTTP and WebSocket never accepts a feed token: it only fetches its ICS feed. */
export function graphqlPrincipal(principal: Principal | null): Principal | null {
  return principal && mailboxScopeOf(principal)?.purpose === 'FEED' ? null : principal;
}

/**
 * The mailboxes a scoped principal may read among those it asked for (all of its own when it
 * named none); null for keys that see the whole tenant.
 */
export function scopedMailboxIds(
  principal: Principal,
  requested: readonly string[] | null | undefined,
): readonly string[] | null {
  const scope: MailboxScope | null = mailboxScopeOf(principal);
  if (!scope) return null;
  if (!requested) return scope.mailboxIds;
  const allowed = requested.map((id) => id.toLowerCase()).filter((id) => scope.mailboxIds.includes(id));
  if (allowed.length === 0) {
    // A GraphQLError, not an AppError: on a WebSocket it reaches the client as thrown.
    throw new GraphQLError('none of the named mailboxes is readable with this display token', {
      extensions: { code: 'FORBIDDEN' },
    });
  }
  return allowed;
}
