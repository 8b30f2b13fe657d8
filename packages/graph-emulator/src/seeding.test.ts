import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTrustedEmulator } from './testing/trusted-emulator.ts';
import type { TrustedEmulator } from './testing/trusted-emulator.ts';

let a: TrustedEmulator;
let b: TrustedEmulator;
const now = new Date('2030-03-01T08:00:00Z');
beforeAll(async () => {
  [a, b] = await Promise.all([
    startTrustedEmulator({ seed: 'contoso', now }),
    startTrustedEmulator({ seed: 'contoso', now }),
  ]);
});
afterAll(() => Promise.all([a.stop(), b.stop()]));

describe('seeded organisation', () => {
  it('is identical for the same seed: tenants, apps, secrets, mailboxes, event ids', async () => {
    expect(a.emu.state.seedSummary).toEqual(b.emu.state.seedSummary);
    expect(await a.emu.control.listTenants()).toEqual(await b.emu.control.listTenants());
    expect(await a.emu.control.listApps()).toEqual(await b.emu.control.listApps());
    const mailboxes = await a.emu.control.listMailboxes();
    expect(mailboxes).toEqual(await b.emu.control.listMailboxes());
    const first = mailboxes.find((m) => m.kind === 'user')!;
    const ids = (await a.emu.control.listEvents(first.id)).map((e) => e.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).toEqual((await b.emu.control.listEvents(first.id)).map((e) => e.id));
  });

  it('gives a working client id and secret, and reset brings the organisation back', async () => {
    expect(await a.seededToken()).toMatch(/^ey/);
    const before = await a.emu.control.listMailboxes();
    await a.emu.control.deleteMailbox(before[0]!.id);
    const reset = await a.emu.control.reset();
    expect(reset.summary).toEqual(b.emu.state.seedSummary);
    expect(await a.emu.control.listMailboxes()).toEqual(before);
  });

  it('keeps changing events on request (demo mode)', async () => {
    expect((await a.emu.control.mutateRandomly(5)).applied).toBe(5);
  });

  it('starts empty without a seed', async () => {
    await a.emu.control.reset(false);
    expect(await a.emu.control.listTenants()).toEqual([]);
    expect((await a.emu.control.seed()).summary).toBeNull();
  });
});
