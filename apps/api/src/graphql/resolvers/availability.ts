import type { IResolvers } from 'mercurius';
import { getAvailability, resolveTenant } from '@calsync/core';

export const availabilityResolvers: IResolvers = {
  Query: {
    availability: (_root, args: { addresses: string[]; start: Date; end: Date }, { core, principal }) =>
      getAvailability(core.db, resolveTenant(principal), args),
  },
};
