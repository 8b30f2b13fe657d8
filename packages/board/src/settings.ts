/** What the board shows, from the URL fragment (never sent to the server, so the key stays local). */
export interface BoardSettings {
  apiKey: string;
  /** The rooms named in the address; empty when a room list names them. */
  addresses: string[];
  /** A room list's address: its rooms (those the key may read) are the board's. */
  roomList: string | null;
  /** IANA zone of the clock in the heading: `tz`, else the display's own zone. */
  timeZone: string;
  /** `tz` when given: every room's times in it. Null: each room in its own zone. */
  fixedZone: string | null;
  title: string;
}

/** The zone a room's times are shown in: `tz` when given, else the room's own, else the clock's. */
export function roomZone(settings: BoardSettings, roomTimeZone: string | null): string {
  return settings.fixedZone ?? roomTimeZone ?? settings.timeZone;
}

export function parseSettings(hash: string, defaultZone: string): BoardSettings | string {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const apiKey = params.get('key') ?? '';
  const addresses = (params.get('rooms') ?? '')
    .split(',')
    .map((a) => a.trim().toLowerCase())
    .filter(Boolean);
  if (!apiKey) return 'Add a read-only API key to the address: /board#key=csk_…&rooms=room@example.com';
  const roomList = params.get('list')?.trim().toLowerCase() || null;
  if (addresses.length === 0 && !roomList)
    return 'Name the rooms in the address: /board#key=…&rooms=a@example.com,b@example.com (or &list=<room list address>)';
  const fixedZone = params.get('tz');
  const timeZone = fixedZone ?? defaultZone;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    return `Unknown time zone ${timeZone}`;
  }
  return { apiKey, addresses, roomList, timeZone, fixedZone, title: params.get('title') ?? 'Rooms' };
}
