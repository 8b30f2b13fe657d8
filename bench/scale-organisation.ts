// Shared set-up of the scale benches (sync-throughput.ts, scale.ts): the emulator in scale mode
// and a core pointed at it, both stopped through the caller's `stops` list.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createCore, createLogger, type Core, type CoreConfig } from '@calsync/core';
import { startEmulator } from '@calsync/graph-emulator';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

export interface ScaleOrganisation {
  emu: Emulator;
  summary: NonNullable<Emulator['state']['seedSummary']>;
  /** Every mailbox address of the generated organisation. */
  addresses: string[];
  /** The encryption key core uses (workers started by the bench need the same one). */
  key: Buffer;
  core: Core;
}

export async function startScaleOrganisation(o: {
  workDir: string;
  appUrl: string;
  redisUrl: string;
  mailboxes: number;
  eventsPerMailbox: number;
  stops: (() => Promise<unknown>)[];
  /** More core settings (freshness.ts: the notifications' public URL). */
  core?: Partial<CoreConfig>;
}): Promise<ScaleOrganisation> {
  const emu = await startEmulator({
    dataDir: join(o.workDir, 'emulator'),
    seed: 'bench',
    scale: { mailboxes: o.mailboxes, eventsPerMailbox: o.eventsPerMailbox },
    // The benches count a round's requests from the log: it must hold a whole round of every mailbox
    // (a request or more each, plus tokens and retries) without dropping its older half mid-round.
    requestLogCapacity: Math.max(100_000, 4 * o.mailboxes),
  });
  o.stops.unshift(() => emu.close());
  const summary = emu.state.seedSummary!;
  const addresses = (await emu.control.listMailboxes(summary.tenantId)).map((m) => m.address);
  const key = randomBytes(32);
  const core = createCore(
    {
      databaseUrl: o.appUrl,
      redisUrl: o.redisUrl,
      encryptionKeys: [{ id: 'bench', key }],
      logLevel: 'silent',
      nodeEnv: 'test',
      microsoft: { authorityHost: emu.url, graphBaseUrl: emu.url },
      ...o.core,
    },
    { logger: createLogger({ level: 'silent' }) },
  );
  o.stops.unshift(() => core.close());
  return { emu, summary, addresses, key, core };
}
