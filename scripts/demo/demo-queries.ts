// The GraphQL queries the demo's closing screen tells people to paste (print-welcome.ts). The
// compiled-build suite runs the same ones against the bundled API (tests/e2e/compiled).

export interface DemoQueries {
  nowNext: string;
  day: string;
  availability: string;
  freeRoom: string;
  /** The curl example: who am I, and the first mailboxes with their sync status. */
  overview: string;
}

export function demoQueries(room: string, today: Date = new Date()): DemoQueries {
  const dayStart = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  const dayEnd = new Date(dayStart.getTime() + 86_400_000);
  const nowNext = `{
  mailbox(address: "${room}") {
    displayName
    currentEvent { subject start end organizer { name } onlineMeeting { provider joinUrl } }
    nextEvent { subject start end }
  }
}`;
  const day = `{
  events(addresses: ["${room}"], start: "${dayStart.toISOString()}", end: "${dayEnd.toISOString()}") {
    nodes { subject start end showAs isAllDay type organizer { address } }
  }
}`;
  const availability = `{
  availability(addresses: ["${room}"], start: "${dayStart.toISOString()}", end: "${dayEnd.toISOString()}") {
    address known busy { start end showAs }
  }
}`;
  const nextHour = new Date(Math.ceil(today.getTime() / 3_600_000) * 3_600_000);
  const freeRoom = `{
  findRooms(start: "${nextHour.toISOString()}", end: "${new Date(nextHour.getTime() + 3_600_000).toISOString()}",
            filter: { minCapacity: 6, features: [DISPLAY] }, first: 5) {
    totalCount
    nodes { freeFrom freeUntil mailbox { address displayName } room { capacity building floorLabel displayDeviceName } }
  }
}`;
  const overview =
    '{ viewer { role tenant { name } } mailboxes(first: 5) { totalCount nodes { address kind syncStatus } } }';
  return { nowNext, day, availability, freeRoom, overview };
}
