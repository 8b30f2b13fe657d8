import type {} from 'mercurius';
import type { ApiKeyAuthenticator, Core, Principal } from '@calsync/core';

/** What every resolver receives besides its arguments. */
export interface CalsyncContext {
  core: Core;
  principal: Principal;
  authenticator: ApiKeyAuthenticator;
  /** Unrevoked API keys a tenant may hold (createApiKey). */
  maxApiKeysPerTenant: number;
}

declare module 'mercurius' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface MercuriusContext extends CalsyncContext {}
}
