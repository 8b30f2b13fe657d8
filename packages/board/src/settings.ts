/** What the board shows, from the URL fragment (never sent to the server, so the key stays local). */
export interface BoardSettings {
  apiKey: string;
  addresses: string[];
  /** IANA zone the times are shown in; the display's own zone when not given. */
  timeZone: string;
  title: string;
}

export function parseSettings(hash: string, defaultZone: string): BoardSettings | string {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const apiKey = params.get('key') ?? '';
  const addresses = (params.get('rooms') ?? '')
    .split(',')
    .map((a) => a.trim().toLowerCase())
    .filter(Boolean);
  if (!apiKey) return 'Add a read-only API key to the address: /board#key=csk_…&rooms=room@example.com';
  if (addresses.length === 0)
    return 'Name the rooms in the address: /board#key=…&rooms=a@example.com,b@example.com';
  const timeZone = params.get('tz') ?? defaultZone;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    return `Unknown time zone ${timeZone}`;
  }
  return { apiKey, addresses, timeZone, title: params.get('title') ?? 'Rooms' };
}
