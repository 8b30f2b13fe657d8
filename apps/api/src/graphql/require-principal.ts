import type { MercuriusContext } from 'mercurius';
import { AppError, type Principal } from '@calsync/core';

/**
 * Second line behind the HTTP authenticate hook: whatever path reached GraphQL (a route
 * that forgot the hook, `app.graphql()` from code), no document is even parsed for a caller
 * without a principal, so no resolver ever sees a null one.
 */
export function requirePrincipal(context: MercuriusContext): Promise<void> {
  const principal = (context as { principal?: Principal | null }).principal;
  if (!principal) {
    return Promise.reject(
      new AppError('UNAUTHENTICATED', 'a valid API key is required: Authorization: Bearer <key>'),
    );
  }
  return Promise.resolve();
}
