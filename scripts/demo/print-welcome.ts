import { demoQueries } from './demo-queries.ts';

/** The demo's closing screen: where to click, what to paste. */
export function printWelcome(o: {
  apiUrl: string;
  apiKey: string;
  room: string;
  emulatorUrl: string;
  boardUrl: string;
  feedUrl: string;
}): void {
  const { nowNext, day, availability, freeRoom, overview } = demoQueries(o.room);
  const curlBody = JSON.stringify({ query: overview });
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
