import { ZoneCalculator } from '../calendar/time-zones.ts';
import type { HttpResult } from '../http/types.ts';
import type { MailboxRequest } from './calendar-routes.ts';
import { odataOk } from './respond.ts';

const zones = new ZoneCalculator();

/** The mailbox's time zone as Outlook stores it: a Windows name when one exists. */
function windowsZone(name: string): string {
  return zones.resolve(name)?.windows ?? name;
}

/**
 * GET /users/{id}/mailboxSettings and /mailboxSettings/timeZone (needs MailboxSettings.Read, from Entra or an
 * Exchange role assignment). The subset calsync reads, with the documented shape of the rest.
 */
export function handleMailboxSettings(r: MailboxRequest, property: 'timeZone' | undefined): HttpResult {
  const { ctx, mailbox } = r;
  const timeZone = windowsZone(mailbox.timeZone);
  const base = `${ctx.origin}/v1.0/$metadata#users('${r.userSegment}')/mailboxSettings`;
  if (property === 'timeZone') return odataOk({ '@odata.context': `${base}/timeZone`, value: timeZone });
  return odataOk({
    '@odata.context': base,
    archiveFolder: '',
    timeZone,
    delegateMeetingMessageDeliveryOptions: 'sendToDelegateOnly',
    dateFormat: 'yyyy-MM-dd',
    timeFormat: 'HH:mm',
    userPurpose: mailbox.kind === 'user' ? 'user' : mailbox.kind,
    automaticRepliesSetting: {
      status: 'disabled',
      externalAudience: 'none',
      internalReplyMessage: '',
      externalReplyMessage: '',
    },
    language: { locale: 'en-US', displayName: 'English (United States)' },
    workingHours: {
      daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
      startTime: '08:00:00.0000000',
      endTime: '17:00:00.0000000',
      timeZone: { name: timeZone },
    },
  });
}
