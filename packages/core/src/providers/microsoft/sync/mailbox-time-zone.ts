import { resolveIanaTimeZone } from '../../../events/time-zones.ts';
import type { Logger } from '../../../observability/index.ts';
import { isGraphRequestError } from '../index.ts';
import type { createGraphCaller } from './graph-caller.ts';

/**
 * The mailbox's own time zone from `GET /users/{id}/mailboxSettings/timeZone` (a Windows name, or an
 * IANA one), as an IANA name (docs/microsoft-graph.md §9.4). Null when the app may not read mailbox
 * settings (403: MailboxSettings.Read neither granted in Entra nor by an Exchange role) or the zone
 * is custom or unknown: the mailbox then keeps the zone set through the API or the connector's.
 */
export async function readGraphMailboxTimeZone(
  caller: ReturnType<typeof createGraphCaller>,
  userPath: string,
  logger: Logger,
): Promise<string | null> {
  try {
    const res = await caller.get<{ value?: unknown }>(`${userPath}/mailboxSettings/timeZone`, {});
    const name = typeof res.body.value === 'string' ? res.body.value : null;
    const zone = resolveIanaTimeZone(name);
    if (zone === null)
      logger.info({ timeZone: name }, 'mailbox time zone is not one calsync knows; keeping its own');
    return zone;
  } catch (err) {
    if (isGraphRequestError(err) && err.status === 403) {
      logger.debug(
        { code: err.code },
        'mailbox settings not readable (MailboxSettings.Read); keeping the stored zone',
      );
      return null;
    }
    throw err;
  }
}
