/** The demo's closing screen: where to click, what to paste. */
export function printWelcome(o: {
  apiUrl: string;
  apiKey: string;
  room: string;
  emulatorUrl: string;
  boardUrl: string;
  feedUrl: string;
}): void {
  const today = new Date();
  const dayStart = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  const dayEnd = new Date(dayStart.getTime() + 86_400_000);
  const nowNext = `{
  mailbox(address: "${o.room}") {
    displayName
    currentEvent { subject start end organizer { name } onlineMeeting { provider joinUrl } }
    nextEvent { subject start end }
  }
}`;
  const day = `{
  events(addresses: ["${o.room}"], start: "${dayStart.toISOString()}", end: "${dayEnd.toISOString()}") {
    nodes { subject start end showAs isAllDay type organizer { address } }
  }
}`;
  const availability = `{
  availability(addresses: ["${o.room}"], start: "${dayStart.toISOString()}", end: "${dayEnd.toISOString()}") {
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
  const curlBody = JSON.stringify({
    query:
      '{ viewer { role tenant { name } } mailboxes(first: 5) { totalCount nodes { address kind syncStatus } } }',
  });
  console.log(`
calsync is running.

  GraphiQL:  ${o.apiUrl}/graphiql#key=${o.apiKey}
  API key:   ${o.apiKey}
  Room board: ${o.boardUrl}
              (live over the subscription; a display token for these rooms, in the URL fragment)
  ICS feed:  ${o.feedUrl}
              (subscribe to it from Outlook, Apple or Google Calendar)
  CLI:       CALSYNC_URL=${o.apiUrl} CALSYNC_API_KEY=${o.apiKey} npx calsync connectors list
  (the emulator at ${o.emulatorUrl} keeps changing events every few seconds; the worker syncs every minute)

Paste into GraphiQL (the link above fills in the Authorization header):

# 1. What is on in a room now, and next
${nowNext}

# 2. A day of that room
${day}

# 3. When is it busy today
${availability}

# 4. A free room with a display for 6 people in the next hour (best fit first; docs/rooms.md)
${freeRoom}

Or with curl:

curl -s ${o.apiUrl}/graphql -H 'content-type: application/json' -H 'authorization: Bearer ${o.apiKey}' \\
  -d '${curlBody}'

Press Ctrl-C to stop everything the demo started.
`);
}
