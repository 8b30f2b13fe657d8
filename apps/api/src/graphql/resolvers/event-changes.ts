import type { IResolvers } from 'mercurius';
import { readEventChanges, resolveTenant } from '@calsync/core';

interface EventChangesArgs {
  after?: string | null;
  first: number;
  mailboxIds?: string[] | null;
  addresses?: string[] | null;
}

export const eventChangeResolvers: IResolvers = {
  Query: {
    eventChanges: (_root, args: EventChangesArgs, { core, principal }) =>
      readEventChanges(core.db, resolveTenant(principal), args),
  },
};
