// Emulator side of the sync suites: start it, trust it in-process, and derive ground truth from its state.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createHttpsClient,
  startEmulator,
  type RunningEmulator,
  type StartEmulatorOptions,
} from '@calsync/graph-emulator';
import { createMsalNetworkClient } from '@calsync/graph-emulator/testing';

export interface SyncEmulator {
  emu: RunningEmulator;
  /** fetch that trusts the emulator CA (NODE_EXTRA_CA_CERTS cannot be set after start-up). */
  fetch: typeof fetch;
  msalNetworkClient: ReturnType<typeof createMsalNetworkClient>;
  stop(): Promise<void>;
}

export async function startSyncEmulator(
  options: Omit<StartEmulatorOptions, 'dataDir'> = {},
): Promise<SyncEmulator> {
  const dataDir = await mkdtemp(join(tmpdir(), 'calsync-sync-emu-'));
  const emu = await startEmulator({ seed: 'contoso', ...options, dataDir });
  const http = createHttpsClient(emu.caCertPem, { maxSockets: 256 });
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const body = typeof init?.body === 'string' ? init.body : undefined;
    const res = await http.send(url, { method: init?.method ?? 'GET', headers, body });
    const out = new Headers();
    for (const [k, v] of Object.entries(res.headers))
      if (v !== undefined) out.set(k, Array.isArray(v) ? v.join(', ') : v);
    return new Response(res.text, { status: res.status, headers: out });
  }) as typeof fetch;
  return {
    emu,
    fetch: fetchImpl,
    msalNetworkClient: createMsalNetworkClient(http),
    async stop() {
      http.close();
      await emu.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The fields a user would check, per Graph id, in calsync's stored vocabulary. */
export interface ComparableEvent {
  subject: string | null;
  start: string;
  end: string;
  isCancelled: boolean;
  showAs: string;
  type: string;
  seriesMasterId: string | null;
}

const str = (value: unknown, fallback: string): string => (typeof value === 'string' ? value : fallback);

const upperSnake = (value: string): string => value.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

function utcInstant(value: unknown): string {
  const { dateTime, timeZone } = value as { dateTime: string; timeZone: string };
  if (timeZone !== 'UTC') throw new Error(`ground truth expects UTC output, got ${timeZone}`);
  return new Date(`${dateTime.replace(/Z$/, '')}Z`).toISOString();
}

/**
 * Ground truth straight from the emulator's calendar (its own calendarView, in UTC), written
 * without calsync's mapper: what every stored event of this mailbox must equal.
 */
export function expectedEvents(
  emu: RunningEmulator,
  emulatorMailboxId: string,
  window: { start: Date; end: Date },
  maskPrivate = true,
): Map<string, ComparableEvent> {
  const view = emu.state.calendar.calendarView(emulatorMailboxId, window.start, window.end, 'UTC');
  const out = new Map<string, ComparableEvent>();
  for (const ev of view) {
    const masked = maskPrivate && str(ev.sensitivity, '').toLowerCase() === 'private';
    out.set(ev.id, {
      subject: masked ? null : ((ev.subject as string | undefined) ?? null),
      start: utcInstant(ev.start),
      end: utcInstant(ev.end),
      isCancelled: ev.isCancelled === true,
      showAs: upperSnake(str(ev.showAs, 'busy')),
      type: upperSnake(str(ev.type, 'singleInstance')),
      seriesMasterId: (ev.seriesMasterId as string | null | undefined) ?? null,
    });
  }
  return out;
}
