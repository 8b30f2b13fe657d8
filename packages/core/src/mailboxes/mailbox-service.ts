import { unsubscribeBeforeRemoval } from '../graph-notifications/unsubscribe-before-removal.ts';
import type { Core } from '../create-core.ts';
import { isUuid, withTenant, type ConnectorRow, type MailboxRow } from '../db/index.ts';
import type { MailboxKind } from '../db/schema/enums.ts';
import { badInput } from '../errors/index.ts';
import { requireConnectorRow } from '../connectors/connector-queries.ts';
import { requireWriter, resolveTenant, type Principal } from '../tenancy/index.ts';
import type { DirectoryMailbox } from '../providers/directory.ts';
import { normaliseAddresses } from './mailbox-address.ts';
import type { MailboxFilter } from './mailbox-filter.ts';
import {
  deleteMailboxesByAddress,
  emptyMailboxPage,
  findMailboxByAddress,
  findMailboxById,
  insertMailboxes,
  listMailboxes,
  type MailboxPage,
} from './mailbox-repository.ts';

type MailboxCore = Pick<Core, 'db' | 'providers' | 'logger'>;

/** Resolution is a courtesy: it must not hold an admin's request for long when the back end is slow. */
const RESOLVE_BUDGET_MS = 10_000;

/**
 * Adds addresses to a connector. Idempotent and case-insensitive: an address already there is
 * returned as is. Display name and kind are looked up in the back end's directory when the app may
 * (best effort).
 */
export async function addMailboxes(
  core: MailboxCore,
  principal: Principal,
  connectorId: string,
  rawAddresses: readonly string[],
): Promise<MailboxRow[]> {
  const tenantId = resolveTenant(principal);
  requireWriter(principal);
  const addresses = normaliseAddresses('addresses', rawAddresses);
  const connector = await withTenant(core.db, tenantId, (tx) =>
    requireConnectorRow(tx, tenantId, connectorId),
  );
  const resolved = await resolveQuietly(core, connector, addresses);
  return withTenant(core.db, tenantId, (tx) =>
    insertMailboxes(
      tx,
      tenantId,
      connectorId,
      addresses.map((address) => ({ address, ...resolved.get(address) })),
    ),
  );
}

async function resolveQuietly(
  core: MailboxCore,
  connector: ConnectorRow,
  addresses: string[],
): Promise<Map<string, DirectoryMailbox>> {
  if (addresses.length === 0) return new Map();
  const { tenantId, id: connectorId } = connector;
  try {
    return await core.providers
      .for(connector.kind)
      .directory.resolveMailboxes({ tenantId, connectorId }, addresses, RESOLVE_BUDGET_MS);
  } catch (error) {
    core.logger.info(
      { tenantId, connectorId, reason: error instanceof Error ? error.name : 'unknown' },
      'mailbox details not resolved from the directory; added without them',
    );
    return new Map();
  }
}

/**
 * Removes addresses from a connector with their events (their Graph subscriptions deleted at Microsoft
 * first, best effort); returns how many were removed.
 */
export async function removeMailboxes(
  core: Pick<Core, 'db' | 'providers' | 'logger'>,
  principal: Principal,
  connectorId: string,
  rawAddresses: readonly string[],
): Promise<number> {
  const tenantId = resolveTenant(principal);
  requireWriter(principal);
  const addresses = normaliseAddresses('addresses', rawAddresses);
  await withTenant(core.db, tenantId, (tx) => requireConnectorRow(tx, tenantId, connectorId));
  await unsubscribeBeforeRemoval(core, tenantId, connectorId, addresses);
  return withTenant(core.db, tenantId, async (tx) => {
    await requireConnectorRow(tx, tenantId, connectorId);
    return deleteMailboxesByAddress(tx, tenantId, connectorId, addresses);
  });
}

/** One mailbox by id or by address (case-insensitive); null when absent or another tenant's. */
export async function findMailbox(
  core: Pick<Core, 'db'>,
  principal: Principal,
  args: { id?: string | null | undefined; address?: string | null | undefined },
): Promise<MailboxRow | null> {
  const tenantId = resolveTenant(principal);
  if ((args.id == null) === (args.address == null)) throw badInput('id', 'give exactly one of id or address');
  return withTenant(core.db, tenantId, (tx) => {
    if (args.id != null)
      return isUuid(args.id) ? findMailboxById(tx, tenantId, args.id) : Promise.resolve(null);
    return findMailboxByAddress(tx, tenantId, args.address ?? '');
  });
}

export interface MailboxListArgs {
  connectorId?: string | null | undefined;
  kind?: MailboxKind | null | undefined;
  search?: string | null | undefined;
  filter?: MailboxFilter | null | undefined;
  withinMailboxes?: readonly string[] | undefined;
  first: number;
  after?: string | null | undefined;
  /** See ListMailboxesFilter.countTotal (default true). */
  countTotal?: boolean | undefined;
}

/** The tenant's mailboxes, optionally of one connector or kind, matching a search. */
export async function listMailboxesFor(
  core: Pick<Core, 'db'>,
  principal: Principal,
  args: MailboxListArgs,
): Promise<MailboxPage> {
  const tenantId = resolveTenant(principal);
  if (args.first < 1 || args.first > 500) throw badInput('first', 'must be between 1 and 500');
  if (args.search != null && args.search.length > 200)
    throw badInput('search', 'must be at most 200 characters');
  if (args.connectorId != null && !isUuid(args.connectorId)) {
    return emptyMailboxPage(args);
  }
  return listMailboxes(core.db, tenantId, args);
}
