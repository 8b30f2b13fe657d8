import type { IResolvers } from 'mercurius';
import {
  createApiKey,
  createTenant,
  findTenant,
  listApiKeys,
  listTenants,
  revokeApiKey,
  type ApiKeyRole,
} from '@calsync/core';

interface PageArgs {
  first: number;
  after?: string | null;
}

export const tenancyResolvers: IResolvers = {
  Query: {
    viewer: async (_root, _args, { core, principal }) => ({
      role: principal.role,
      tenant: principal.tenantId ? await findTenant(core.db, principal.tenantId) : null,
    }),
    tenants: (_root, args: PageArgs, { core, principal }) => listTenants(core.db, principal, args),
    apiKeys: (_root, args: PageArgs, { core, principal }) => listApiKeys(core.db, principal, args),
  },
  Mutation: {
    createTenant: async (_root, args: { input: { name: string; slug: string } }, { core, principal }) => {
      const created = await createTenant(core.db, principal, args.input);
      return { tenant: created.tenant, apiKey: created.apiKey, apiKeySecret: created.secret };
    },
    createApiKey: (
      _root,
      args: { input: { name: string; role: ApiKeyRole; tenantId?: string | null } },
      { core, principal, maxApiKeysPerTenant },
    ) => createApiKey(core.db, principal, args.input, { maxKeysPerTenant: maxApiKeysPerTenant }),
    revokeApiKey: async (_root, args: { id: string }, { core, principal, authenticator }) => {
      const revoked = await revokeApiKey(core.db, principal, args.id);
      authenticator.forget(revoked.id);
      return revoked;
    },
  },
};
