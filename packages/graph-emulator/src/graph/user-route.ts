import type { Mailbox } from '../directory/types.ts';
import type { HttpResult, RequestContext } from '../http/types.ts';
import type { EmulatorState } from '../state.ts';
import type { GraphCaller } from './authenticate.ts';
import { graphError } from './graph-error.ts';
import { applySelect, getQueryParam } from './odata.ts';
import { odataOk } from './respond.ts';

const USER_READ_ROLES = ['User.Read.All', 'User.ReadBasic.All', 'Directory.Read.All', 'User.ReadWrite.All'];
/** docs/microsoft-graph.md §9.6: filtering users is refused to User.ReadBasic.All. */
const USER_FILTER_ROLES = ['User.Read.All', 'Directory.Read.All', 'User.ReadWrite.All'];

function insufficientPrivileges(ctx: RequestContext, now: Date): HttpResult {
  return graphError(
    ctx,
    now,
    403,
    'Authorization_RequestDenied',
    'Insufficient privileges to complete the operation.',
  );
}

function toUserJson(m: Mailbox): Record<string, unknown> {
  return {
    businessPhones: [],
    displayName: m.displayName,
    givenName: null,
    jobTitle: null,
    mail: m.address,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    surname: null,
    userPrincipalName: m.userPrincipalName,
    id: m.id,
  };
}

/**
 * GET /users/{id|upn}: the directory user behind a mailbox. Not covered by docs/microsoft-graph.md; modelled on the
 * documented user resource (directory errors use Request_ResourceNotFound, not Exchange codes). `mailbox` is
 * what the router resolved: by object id or UPN (and by primary SMTP address unless the field behaviour is on).
 */
export function handleGetUser(
  ctx: RequestContext,
  state: EmulatorState,
  caller: GraphCaller,
  userSegment: string,
  mailbox: Mailbox | undefined,
): HttpResult {
  const now = state.clock.now();
  if (!caller.roles.some((r) => USER_READ_ROLES.includes(r))) return insufficientPrivileges(ctx, now);
  if (!mailbox || mailbox.tenantId !== caller.tenantId) {
    return graphError(
      ctx,
      now,
      404,
      'Request_ResourceNotFound',
      `Resource '${userSegment}' does not exist or one of its queried reference-property objects are not present.`,
    );
  }
  ctx.mailboxId = mailbox.id;
  const user = { '@odata.context': `${ctx.origin}/v1.0/$metadata#users/$entity`, ...toUserJson(mailbox) };
  return odataOk(applySelect(user, getQueryParam(ctx.url.searchParams, '$select')));
}

/**
 * `mail eq '…'`, `userPrincipalName eq '…'` or `proxyAddresses/any(p:p eq 'smtp:…')`: which directory
 * field equals which value (case-insensitive), looked up in the directory's index rather than by a scan.
 */
function parseUserFilter(
  filter: string,
): { field: 'address' | 'userPrincipalName'; value: string } | undefined {
  const eq = /^\s*(mail|userPrincipalName)\s+eq\s+'([^']*)'\s*$/i.exec(filter);
  if (eq)
    return { field: eq[1]?.toLowerCase() === 'mail' ? 'address' : 'userPrincipalName', value: eq[2] ?? '' };
  const proxy = /^\s*proxyAddresses\/any\(\s*(\w+)\s*:\s*\1\s+eq\s+'smtp:([^']*)'\s*\)\s*$/i.exec(filter);
  if (proxy) return { field: 'address', value: proxy[2] ?? '' };
  return undefined;
}

/** GET /users?$filter=…: how a client turns a primary SMTP address into the object id (docs/microsoft-graph.md §9.6). */
export function handleListUsers(ctx: RequestContext, state: EmulatorState, caller: GraphCaller): HttpResult {
  const now = state.clock.now();
  const filter = getQueryParam(ctx.url.searchParams, '$filter');
  const allowed = filter === undefined ? USER_READ_ROLES : USER_FILTER_ROLES;
  if (!caller.roles.some((r) => allowed.includes(r))) return insufficientPrivileges(ctx, now);
  let users: readonly Mailbox[];
  if (filter === undefined) users = state.directory.listMailboxes(caller.tenantId);
  else {
    const match = parseUserFilter(filter);
    if (!match)
      return graphError(
        ctx,
        now,
        400,
        'Request_UnsupportedQuery',
        'Unsupported or invalid query filter clause specified.',
      );
    users = state.directory.findUsers(caller.tenantId, match.field, match.value);
  }
  return odataOk({
    '@odata.context': `${ctx.origin}/v1.0/$metadata#users`,
    value: users.map(toUserJson),
  });
}
