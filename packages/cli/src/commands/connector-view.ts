import type { ConnectorFieldsFragment } from '@calsync/client';
import { formatDateTime } from '../output.ts';

type Row = [string, string | number | boolean | null | undefined];

/** Where the connector reads from: the app registration, or the Exchange server and monitor user. */
function backendRows(c: ConnectorFieldsFragment): Row[] {
  const ews = c.exchangeOnPrem;
  if (!ews) {
    return [
      ['Cloud', c.cloud],
      ['Directory', c.azureTenantId],
      ['Client ID', c.clientId],
      ['Credential', `${c.credentialKind} …${c.credentialHint}`],
    ];
  }
  return [
    ['EWS URL', ews.ewsUrl ?? (ews.autodiscoverDomain ? 'not discovered yet' : null)],
    ['Autodiscover', ews.autodiscoverDomain],
    ['Monitor user', ews.username],
    ['Sign-in', `${ews.authentication}, ${ews.exchangeVersion}`],
    ['Credential', c.credentialKind],
    ['CA bundle', ews.hasCaBundle ? 'configured' : null],
    ['Pinned cert', ews.pinnedCertificateSha256],
    ['Concurrency', ews.maxConcurrency],
  ];
}

/** `connectors create|update|show` output: one "Label: value" line per setting, "-" when unset. */
export function describeConnector(c: ConnectorFieldsFragment): string {
  const rows: Row[] = [
    ['ID', c.id],
    ['Name', c.name],
    ['Kind', c.kind],
    ['Status', c.statusDetail ? `${c.status} — ${c.statusDetail}` : c.status],
    ...backendRows(c),
    ['Expires', formatDateTime(c.credentialExpiresAt) || null],
    ['Sync window', `${c.syncWindow.pastDays} days back, ${c.syncWindow.futureDays} days ahead`],
    ['Interval', `${c.syncIntervalSeconds} s`],
    ['Private events', c.maskPrivateEvents ? 'masked' : 'stored in full'],
    ['Enabled', c.enabled],
    ['Last checked', formatDateTime(c.lastCheckedAt) || null],
  ];
  return rows.map(([k, v]) => `${`${k}:`.padEnd(16)}${v ?? '-'}`).join('\n') + '\n';
}
