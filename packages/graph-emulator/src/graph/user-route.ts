import type { HttpResult, RequestContext } from '../http/types.ts';
import type { EmulatorState } from '../state.ts';
import type { GraphCaller } from './authenticate.ts';
import { graphError } from './graph-error.ts';
import { applySelect, getQueryParam } from './odata.ts';
import { odataOk } from './respond.ts';

const USER_READ_ROLES = ['User.Read.All', 'User.ReadBasic.All', 'Directory.Read.All', 'User.ReadWrite.All'];

/**
 * GET /users/{id|upn}: the directory user behind a mailbox. Not covered by docs/microsoft-graph.md; modelled on the
 * documented user resource (directory errors use Request_ResourceNotFound, not Exchange codes).
 */
export function handleGetUser(
  ctx: RequestContext,
  state: EmulatorState,
  caller: GraphCaller,
  userSegment: string,
): HttpResult {
  const now = state.clock.now();
  if (!caller.roles.some((r) => USER_READ_ROLES.includes(r))) {
    return graphError(
      ctx,
      now,
      403,
      'Authorization_RequestDenied',
      'Insufficient privileges to complete the operation.',
    );
  }
  const m = state.directory.findMailbox(userSegment);
  if (!m || m.tenantId !== caller.tenantId) {
    return graphError(
      ctx,
      now,
      404,
      'Request_ResourceNotFound',
      `Resource '${userSegment}' does not exist or one of its queried reference-property objects are not present.`,
    );
  }
  ctx.mailboxId = m.id;
  const user = {
    '@odata.context': `${ctx.origin}/v1.0/$metadata#users/$entity`,
    businessPhones: [],
    displayName: m.displayName,
    givenName: null,
    jobTitle: null,
    mail: m.address,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    surname: null,
    userPrincipalName: m.address,
    id: m.id,
  };
  return odataOk(applySelect(user, getQueryParam(ctx.url.searchParams, '$select')));
}
