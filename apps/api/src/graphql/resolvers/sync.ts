import type { IResolvers } from 'mercurius';
import { requestConnectorSync, requestMailboxSync } from '@calsync/core';

interface SyncArgs {
  id: string;
  full?: boolean | null;
}

export const syncResolvers: IResolvers = {
  Mutation: {
    syncConnector: (_root, args: SyncArgs, { core, principal }) =>
      requestConnectorSync(core, principal, args.id, args.full === true),
    syncMailbox: (_root, args: SyncArgs, { core, principal }) =>
      requestMailboxSync(core, principal, args.id, args.full === true),
  },
};
