import type { IResolvers } from 'mercurius';
import {
  createDisplayToken,
  createFeedToken,
  findMailboxesByIds,
  listScopedTokens,
  resolveTenant,
  revokeScopedToken,
  type ScopedPurpose,
  type ScopedTokenView,
} from '@calsync/core';
import type { CalsyncContext } from '../context.ts';

interface DisplayTokenInput {
  name: string;
  mailboxIds?: string[] | null;
  addresses?: string[] | null;
  tenantId?: string | null;
}

interface FeedTokenInput {
  name: string;
  mailboxId?: string | null;
  address?: string | null;
  tenantId?: string | null;
}

async function revoke(context: CalsyncContext, purpose: ScopedPurpose, id: string): Promise<ScopedTokenView> {
  const revoked = await revokeScopedToken(context.core.db, context.principal, purpose, id);
  // Takes effect at once on this instance; other instances drop their cached copy within the cache TTL.
  context.authenticator.forget(revoked.id);
  return revoked;
}

export const scopedTokenResolvers: IResolvers = {
  Query: {
    displayTokens: (_root, _args, { core, principal }) => listScopedTokens(core.db, principal, 'DISPLAY'),
    feedTokens: (_root, args: { mailboxId?: string | null }, { core, principal }) =>
      listScopedTokens(core.db, principal, 'FEED', args),
  },
  Mutation: {
    createDisplayToken: async (_root, { input }: { input: DisplayTokenInput }, { core, principal }) => {
      const created = await createDisplayToken(core.db, principal, input);
      const rooms = await findMailboxesByIds(
        core.db,
        resolveTenant(principal, input.tenantId),
        created.apiKey.mailboxIds,
      );
      const fragment = new URLSearchParams({
        key: created.secret,
        rooms: [...rooms.values()].map((m) => m.address).join(','),
      });
      return { token: created.apiKey, secret: created.secret, boardPath: `/board#${fragment.toString()}` };
    },
    revokeDisplayToken: (_root, args: { id: string }, context) => revoke(context, 'DISPLAY', args.id),
    createFeedToken: async (_root, { input }: { input: FeedTokenInput }, { core, principal }) => {
      const created = await createFeedToken(core.db, principal, {
        name: input.name,
        tenantId: input.tenantId,
        mailboxIds: input.mailboxId ? [input.mailboxId] : [],
        addresses: input.address ? [input.address] : [],
      });
      return { token: created.apiKey, secret: created.secret, feedPath: `/ics/${created.secret}.ics` };
    },
    revokeFeedToken: (_root, args: { id: string }, context) => revoke(context, 'FEED', args.id),
  },
  ScopedToken: {
    mailboxes: async (token: ScopedTokenView, _args, { core, principal }) => {
      const found = await findMailboxesByIds(
        core.db,
        resolveTenant(principal, token.tenantId),
        token.mailboxIds,
      );
      return token.mailboxIds.flatMap((id) => found.get(id) ?? []);
    },
  },
};
