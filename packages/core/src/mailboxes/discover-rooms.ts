import type { Core } from '../create-core.ts';
import { withTenant, type MailboxRow } from '../db/index.ts';
import { AppError } from '../errors/index.ts';
import { loadConnectorCredential } from '../connectors/connector-credential.ts';
import { requireConnectorRow } from '../connectors/connector-queries.ts';
import { DeadlineExceededError, withDeadline } from '../connectors/with-deadline.ts';
import { classifyMicrosoftFailure } from '../providers/microsoft/classify-failure.ts';
import { isTokenAcquisitionError } from '../providers/microsoft/identity/token-acquisition-error.ts';
import { requireWriter, resolveTenant, type Principal } from '../tenancy/index.ts';
import { listGraphRooms, PLACE_READ_ROLE } from '../providers/microsoft/directory/graph-directory.ts';
import { insertMailboxes } from './mailbox-repository.ts';

const DISCOVERY_BUDGET_MS = 20_000;

export const PLACE_READ_REMEDY =
  'In the Entra admin center open App registrations → your app → API permissions → Add a permission → Microsoft Graph → Application permissions → Place.Read.All, then Grant admin consent and wait for the green status.';

/**
 * Lists the directory's rooms (/places/microsoft.graph.room, every page) and adds them to the
 * connector as ROOM mailboxes. Rooms already on another connector of the tenant are left there.
 */
export async function discoverRooms(
  core: Pick<Core, 'db' | 'secretBox' | 'tokenProvider' | 'createGraphClientFor'>,
  principal: Principal,
  connectorId: string,
): Promise<MailboxRow[]> {
  const tenantId = resolveTenant(principal);
  requireWriter(principal);
  await withTenant(core.db, tenantId, (tx) => requireConnectorRow(tx, tenantId, connectorId));
  const credential = await loadConnectorCredential(core, tenantId, connectorId);
  const signal = AbortSignal.timeout(DISCOVERY_BUDGET_MS);
  let rooms;
  try {
    const token = await withDeadline(core.tokenProvider.getToken(credential), DISCOVERY_BUDGET_MS);
    if (!token.roles.includes(PLACE_READ_ROLE)) throw placeReadMissing();
    rooms = await listGraphRooms(core.createGraphClientFor(credential), signal);
  } catch (error) {
    throw toDiscoveryError(error);
  }
  return withTenant(core.db, tenantId, (tx) =>
    insertMailboxes(
      tx,
      tenantId,
      connectorId,
      rooms.map((r) => ({ address: r.address, displayName: r.displayName, kind: 'ROOM' as const })),
      { onForeign: 'skip' },
    ),
  );
}

function placeReadMissing(): AppError {
  return new AppError(
    'FORBIDDEN',
    `Room discovery needs the ${PLACE_READ_ROLE} application permission, which this app registration has not been granted. ${PLACE_READ_REMEDY}`,
    { reason: 'PLACE_READ_ALL_MISSING', remedy: PLACE_READ_REMEDY },
  );
}

function toDiscoveryError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  if (isTokenAcquisitionError(error)) {
    return new AppError(
      'UPSTREAM_UNAVAILABLE',
      `Microsoft did not issue a token: ${error.message}. Run testConnector for the remedy.`,
      {
        reason: 'TOKEN_FAILED',
      },
    );
  }
  if (error instanceof DeadlineExceededError)
    return new AppError('UPSTREAM_UNAVAILABLE', 'Microsoft did not answer in time; try again later.');
  const failure = classifyMicrosoftFailure(error);
  if (failure.kind === 'consent' || failure.kind === 'access-denied') return placeReadMissing();
  return new AppError(
    'UPSTREAM_UNAVAILABLE',
    `Microsoft Graph refused the room list: ${failure.code}: ${failure.message}`,
    {
      graphCode: failure.code,
    },
  );
}
