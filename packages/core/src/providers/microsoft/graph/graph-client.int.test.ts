import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator, type SeedSummary } from '@calsync/graph-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trustEmulator } from '../../../identity/emulator-network.test-support.ts';
import { createTokenProvider } from '../identity/token-provider.ts';
import { classifyMicrosoftFailure } from '../classify-failure.ts';
import {
  graphEventPageSchema,
  graphEventSchema,
  isStrippedOccurrence,
  parseGraphDeltaItem,
  type GraphEventDto,
} from '../events/event-dto.ts';
import type { SourceEvent } from '../../../sync/source-event.ts';
import { createGraphClient, type GraphClient } from './graph-http.ts';
import { mapGraphEvent } from '../events/map-event.ts';

let emu: RunningEmulator;
let dataDir: string;
let trust: ReturnType<typeof trustEmulator>;
let seed: SeedSummary;
let client: GraphClient;
const mailbox = () => `calsync-core-int@${seed.tenantDomain}`;
const WINDOW = 'startDateTime=2026-10-01T00:00:00Z&endDateTime=2026-12-31T00:00:00Z';
const UTC = { Prefer: 'outlook.timezone="UTC", odata.maxpagesize=50' };

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'calsync-core-graph-'));
  emu = await startEmulator({ dataDir, seed: 'contoso', throttling: false });
  seed = emu.state.seedSummary!;
  trust = trustEmulator(emu.caCertPem);
  const tokens = createTokenProvider({ authorityHostOverride: emu.url, networkClient: trust.networkClient });
  const cred = {
    connectorId: 'c',
    version: 1,
    cloud: 'GLOBAL',
    azureTenantId: seed.tenantId,
    clientId: seed.clientId,
    kind: 'CLIENT_SECRET',
    clientSecret: seed.clientSecret,
  } as const;
  client = createGraphClient({
    baseUrl: emu.url,
    fetchImpl: trust.fetchImpl,
    getAccessToken: async () => (await tokens.getToken(cred)).accessToken,
  });

  await emu.control.createMailbox({ tenantId: seed.tenantId, address: mailbox(), displayName: 'Core int' });
  // Weekly Monday 09:00 Los Angeles across the US DST change of 1 November 2026.
  await emu.control.createEvent(mailbox(), {
    subject: 'Weekly sync',
    start: { dateTime: '2026-10-26T09:00:00', timeZone: 'Pacific Standard Time' },
    end: { dateTime: '2026-10-26T09:30:00', timeZone: 'Pacific Standard Time' },
    location: { displayName: 'Zoom https://acme.zoom.us/j/81234567890' },
    recurrence: {
      pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'], firstDayOfWeek: 'sunday' },
      range: { type: 'numbered', startDate: '2026-10-26', numberOfOccurrences: 4 },
    },
  });
  await emu.control.createEvent(mailbox(), {
    subject: 'Doctor',
    sensitivity: 'private',
    start: { dateTime: '2026-11-05T15:00:00', timeZone: 'W. Europe Standard Time' },
    end: { dateTime: '2026-11-05T16:00:00', timeZone: 'W. Europe Standard Time' },
  });
});

afterAll(async () => {
  await trust?.close();
  await emu?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Runs one full delta round and maps it the way the sync engine will. */
async function syncRound(): Promise<{ rows: SourceEvent[]; deltaLink: string }> {
  const masters = new Map<string, GraphEventDto>();
  const rows: SourceEvent[] = [];
  let link = `/users/${encodeURIComponent(mailbox())}/calendarView/delta?${WINDOW}`;
  for (let page = 0; page < 20; page++) {
    const res = await client.get<unknown>(link, { headers: UTC });
    const body = graphEventPageSchema.parse(res.body);
    for (const raw of body.value) {
      const item = parseGraphDeltaItem(raw);
      if (item.kind !== 'event') continue;
      let master: GraphEventDto | undefined;
      if (isStrippedOccurrence(item.event)) {
        const id = item.event.seriesMasterId!;
        if (!masters.has(id)) {
          const m = await client.get<unknown>(
            `/users/${encodeURIComponent(mailbox())}/events/${encodeURIComponent(id)}`,
            { headers: UTC },
          );
          masters.set(id, graphEventSchema.parse(m.body));
        }
        master = masters.get(id);
      }
      const mapped = mapGraphEvent(item.event, { master, maskPrivate: true });
      if (!mapped.ok) throw new Error(`mapping failed: ${mapped.reason}`);
      rows.push(mapped.row);
    }
    if (body['@odata.deltaLink']) return { rows, deltaLink: body['@odata.deltaLink'] };
    link = body['@odata.nextLink']!;
  }
  throw new Error('delta round did not finish');
}

describe('Graph client + mapper against the emulator', () => {
  it('maps a delta round: occurrences filled from their master, UTC across DST, private masked', async () => {
    const { rows } = await syncRound();
    const weekly = rows
      .filter((r) => r.type === 'OCCURRENCE')
      .sort((a, b) => a.startAt.getTime() - b.startAt.getTime());
    expect(weekly.map((r) => r.startAt.toISOString())).toEqual([
      '2026-10-26T16:00:00.000Z',
      '2026-11-02T17:00:00.000Z',
      '2026-11-09T17:00:00.000Z',
      '2026-11-16T17:00:00.000Z',
    ]);
    for (const occ of weekly) {
      expect(occ).toMatchObject({ subject: 'Weekly sync', timeZone: 'America/Los_Angeles' });
      expect(occ.onlineMeeting).toEqual({
        provider: 'ZOOM',
        joinUrl: 'https://acme.zoom.us/j/81234567890',
        conferenceId: '81234567890',
      });
    }
    const doctor = rows.find((r) => r.sensitivity === 'PRIVATE')!;
    expect(doctor).toMatchObject({
      subject: null,
      timeZone: 'Europe/Berlin',
      attendees: [],
      onlineMeeting: null,
    });
    expect(doctor.startAt.toISOString()).toBe('2026-11-05T14:00:00.000Z');
    expect(client.requestCount()).toBeGreaterThan(1);
  });

  it('classifies emulator faults the way the sync engine needs', async () => {
    const { deltaLink } = await syncRound();
    await emu.control.addFault({ route: 'delta', type: 'syncStateNotFound', count: 1 });
    const expired = await client.get(deltaLink).catch((e: unknown) => e);
    expect(classifyMicrosoftFailure(expired)).toMatchObject({ kind: 'cursor-expired' });

    await emu.control.addFault({
      route: 'delta',
      type: 'status',
      status: 429,
      retryAfterSeconds: 1.5,
      count: 1,
    });
    const throttled = await client.get(deltaLink).catch((e: unknown) => e);
    expect(classifyMicrosoftFailure(throttled)).toMatchObject({ kind: 'throttled', retryAfterMs: 1500 });

    const missing = await client
      .get(`/users/nobody@${seed.tenantDomain}/calendarView?${WINDOW}`)
      .catch((e: unknown) => e);
    expect(classifyMicrosoftFailure(missing)).toMatchObject({
      kind: 'mailbox',
      reason: 'not-found',
      code: 'ErrorInvalidUser',
    });

    const foreign = await client
      .get(deltaLink.replace(emu.url, 'https://graph.microsoft.com'))
      .catch((e: unknown) => e);
    expect(classifyMicrosoftFailure(foreign)).toMatchObject({ kind: 'unknown', code: 'UntrustedLink' });
  });
});
