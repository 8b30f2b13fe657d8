import type { IResolvers } from 'mercurius';
import { listSyncRuns, resolveTenant, type ListSyncRunsArgs } from '@calsync/core';

export const syncRunResolvers: IResolvers = {
  Query: {
    syncRuns: (_root, args: ListSyncRunsArgs, { core, principal }) =>
      listSyncRuns(core.db, resolveTenant(principal), args),
  },
};
