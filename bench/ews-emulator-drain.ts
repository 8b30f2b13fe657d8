/**
 * How fast can a client drain calendars through the EWS emulator? Run by hand:
 *   npx tsx bench/ews-emulator-drain.ts [--mailboxes 50] [--events 1000] [--concurrency 1,4,8,16] [--batch 10]
 * The emulator runs in this process with the scale organisation (N room mailboxes × M events, seeded
 * deterministically); per concurrency level a plain NTLM client sends calsync's full-round request sequence for
 * every mailbox (bench/ews-drain.ts) over a 7 + 60 day window. `--batch` changes the GetItem batch size to see
 * what the batch costs the server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startEwsEmulator } from '@calsync/ews-emulator';
import { drainInitial } from './ews-drain.ts';

const { values } = parseArgs({
  options: {
    mailboxes: { type: 'string', default: '50' },
    events: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '1,4,8,16' },
    batch: { type: 'string', default: '10' },
  },
});
const DAY = 86_400_000;

const workDir = mkdtempSync(join(tmpdir(), 'calsync-ews-drain-'));
const now = new Date();
const seeding = performance.now();
const ews = await startEwsEmulator({
  dataDir: workDir,
  seed: 'bench',
  now,
  scale: { mailboxes: Number(values.mailboxes), eventsPerMailbox: Number(values.events) },
});
try {
  const rooms = ews.state.directory
    .listMailboxes()
    .filter((m) => m.kind === 'room')
    .map((m) => m.address);
  console.log(
    `[drain] ${rooms.length} mailboxes × ${values.events} events seeded in ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
  );
  const window = { start: new Date(now.getTime() - 7 * DAY), end: new Date(now.getTime() + 60 * DAY) };
  for (const concurrency of values.concurrency.split(',').map(Number)) {
    const r = await drainInitial(
      {
        ewsUrl: ews.ewsUrl,
        caCertPem: ews.caCertPem,
        user: ews.monitor!.samAccountName,
        password: ews.monitor!.password,
        concurrency,
        getItemBatch: Number(values.batch),
      },
      rooms,
      window,
    );
    const requests = r.requests.SyncFolderItems + r.requests.FindItem + r.requests.GetItem;
    console.log(
      `[drain] concurrency ${concurrency}: ${r.items.toLocaleString('en')} items in ${r.seconds.toFixed(1)} s = ` +
        `${Math.round(r.items / r.seconds).toLocaleString('en')} items/s, ${Math.round(requests / r.seconds)} requests/s ` +
        `(${r.requests.GetItem} GetItem of ${values.batch})`,
    );
  }
} finally {
  await ews.close();
  rmSync(workDir, { recursive: true, force: true });
}
