import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startEwsEmulator,
  type RunningEwsEmulator,
  type StartEwsEmulatorOptions,
} from '../start-ews-emulator.ts';
import { createSoapTestClient, type SoapTestClient } from './soap-test-client.ts';

export const SEED_NOW = new Date('2030-01-06T08:00:00Z');

export interface TestEwsEmulator {
  emulator: RunningEwsEmulator;
  /** Signed in as the seeded monitor (`CONTOSO\monitor`) over NTLM. */
  monitor: SoapTestClient;
  close(): Promise<void>;
}

/** A seeded emulator in a throwaway data dir plus an NTLM client for the monitor account. */
export async function startTestEwsEmulator(
  options: Partial<StartEwsEmulatorOptions> = {},
): Promise<TestEwsEmulator> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ews-emulator-'));
  const emulator = await startEwsEmulator({ dataDir, seed: 'contoso', now: SEED_NOW, ...options });
  const account = emulator.monitor;
  if (!account) throw new Error('startTestEwsEmulator needs a seed');
  const monitor = createSoapTestClient({
    ewsUrl: emulator.ewsUrl,
    caCertPem: emulator.caCertPem,
    user: account.samAccountName,
    domain: emulator.state.directory.netbiosDomain,
    password: account.password,
  });
  return {
    emulator,
    monitor,
    close: async () => {
      monitor.close();
      await emulator.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
