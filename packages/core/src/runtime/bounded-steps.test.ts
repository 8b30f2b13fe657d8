import { describe, expect, it } from 'vitest';
import { armShutdownDeadline, closeSteps, closeWithin } from './bounded-steps.ts';

function recordingLog() {
  const warnings: Array<{ fields: object; message: string }> = [];
  return { warnings, warn: (fields: object, message: string) => warnings.push({ fields, message }) };
}

const never = () => new Promise<never>(() => undefined);

describe('bounded closing steps', () => {
  it('gives up on a step that overruns, logs it as a timeout and moves on to the next', async () => {
    const log = recordingLog();
    const ran: string[] = [];
    const began = Date.now();
    const clean = await closeSteps(
      [
        { what: 'a pool that never closes', close: never },
        { what: 'the next step', close: () => Promise.resolve(ran.push('next')) },
      ],
      100,
      log,
    );
    expect(clean).toBe(false);
    expect(ran).toEqual(['next']);
    expect(Date.now() - began).toBeLessThan(2_000);
    expect(log.warnings).toEqual([
      {
        fields: { step: 'a pool that never closes', outcome: 'timeout' },
        message: 'closing a pool that never closes did not finish cleanly',
      },
    ]);
  });

  it('reports a step that rejects as failed, and a clean run as true without a word', async () => {
    const log = recordingLog();
    expect(
      await closeWithin({ what: 'redis', close: () => Promise.reject(new Error('gone')) }, 1_000, log),
    ).toBe(false);
    expect(log.warnings[0]?.fields).toEqual({ step: 'redis', outcome: 'failed' });
    const quiet = recordingLog();
    expect(await closeSteps([{ what: 'postgres', close: () => Promise.resolve() }], 1_000, quiet)).toBe(true);
    expect(quiet.warnings).toEqual([]);
  });

  it('exits with 1 at the deadline and says why', async () => {
    const log = recordingLog();
    const exits: number[] = [];
    armShutdownDeadline(50, 'SIGTERM', log, (code) => exits.push(code));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(exits).toEqual([1]);
    expect(log.warnings).toEqual([
      { fields: { signal: 'SIGTERM' }, message: 'shutdown deadline reached; exiting with work still open' },
    ]);
  });
});
