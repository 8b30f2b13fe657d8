import { AppError } from '../../../errors/index.ts';
import { loadConnectorCredential } from '../identity/load-credential.ts';
import { DeadlineExceededError, withDeadline } from '../../../connectors/with-deadline.ts';
import type { ConnectorRef, DirectoryCapability } from '../../directory.ts';
import type { GraphClient } from '../graph/graph-http.ts';
import { classifyMicrosoftFailure } from '../classify-failure.ts';
import { isTokenAcquisitionError } from '../identity/token-acquisition-error.ts';
import type { MicrosoftProviderDeps } from '../provider-deps.ts';
import { listGraphRooms, PLACE_READ_ROLE, resolveMailboxes } from './graph-directory.ts';
import { readGraphRoomDirectory } from './graph-room-directory.ts';

const PLACE_READ_REMEDY =
  'In the Entra admin center open App registrations → your app → API permissions → Add a permission → Microsoft Graph → Application permissions → Place.Read.All, then Grant admin consent and wait for the green status.';

/** Users and rooms from Entra ID through Microsoft Graph (/users, /places). */
export function createMicrosoftDirectory(deps: MicrosoftProviderDeps): DirectoryCapability {
  return {
    async resolveMailboxes(connector, addresses, budgetMs) {
      const signal = AbortSignal.timeout(budgetMs);
      const credential = await loadConnectorCredential(deps, connector.tenantId, connector.connectorId);
      const token = await withDeadline(deps.tokenProvider.getToken(credential), budgetMs);
      const graph = deps.createGraphClientFor(credential, { timeoutMs: budgetMs });
      return resolveMailboxes(graph, token.roles, addresses, signal);
    },
    discoverRooms: (connector, budgetMs) =>
      withPlaces(deps, connector, budgetMs, (graph, signal) => listGraphRooms(graph, signal)),
    readRoomDirectory: (connector, budgetMs) =>
      withPlaces(deps, connector, budgetMs, (graph, signal) => readGraphRoomDirectory(graph, signal)),
  };
}

/** Runs a /places read with the connector's token, within the budget; failures become AppErrors with a remedy. */
async function withPlaces<T>(
  deps: MicrosoftProviderDeps,
  connector: ConnectorRef,
  budgetMs: number,
  read: (graph: GraphClient, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const credential = await loadConnectorCredential(deps, connector.tenantId, connector.connectorId);
  const signal = AbortSignal.timeout(budgetMs);
  try {
    const token = await withDeadline(deps.tokenProvider.getToken(credential), budgetMs);
    if (!token.roles.includes(PLACE_READ_ROLE)) throw placeReadMissing();
    return await read(deps.createGraphClientFor(credential), signal);
  } catch (error) {
    throw toDiscoveryError(error);
  }
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
