import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { addLogContext, withLogContext } from './log-context.ts';
import { createLogger } from './logger.ts';

const CANARY = 'canary-Zq8~secret-value-4711';

function captureLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: createLogger({ level: 'trace', destination }), output: () => lines.join('') };
}

describe('logger redaction', () => {
  it('never writes a secret through any logging path', () => {
    const { logger, output } = captureLogger();
    const child = logger.child({ connectorId: 'c1', credential: CANARY });
    logger.info({ clientSecret: CANARY }, 'create connector');
    logger.warn({ req: { headers: { authorization: `Bearer ${CANARY}` } } }, 'request');
    logger.error({ input: { certificate: { privateKeyPem: CANARY } } }, 'nested');
    logger.debug({ job: { data: { accessToken: CANARY, token: CANARY } } }, 'job');
    logger.info({ headers: { authorization: CANARY } }, 'outbound');
    logger.info(
      { variables: { input: { clientSecret: CANARY, certificate: { privateKeyPem: CANARY } } } },
      'gql',
    );
    child.info({ password: CANARY, apiKeySecret: CANARY }, 'child');
    const text = output();
    expect(text).toContain('create connector');
    expect(text).toContain('[redacted]');
    expect(text).not.toContain(CANARY);
  });
});

describe('log context', () => {
  it('adds the job or request correlation fields to every line logged inside it, nested calls included', async () => {
    const { logger, output } = captureLogger();
    logger.info('before');
    await withLogContext({ tenantId: 't1', jobId: '42' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      addLogContext({ mailboxId: 'm1' });
      logger.child({ component: 'sync' }).info('inside');
      withLogContext({ connectorId: 'c1' }, () => logger.info('nested'));
    });
    logger.info('after');
    const lines = output()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const byMessage = new Map(lines.map((line) => [line.msg, line]));
    expect(byMessage.get('before')).not.toHaveProperty('tenantId');
    expect(byMessage.get('inside')).toMatchObject({ tenantId: 't1', jobId: '42', mailboxId: 'm1' });
    expect(byMessage.get('nested')).toMatchObject({ tenantId: 't1', jobId: '42', connectorId: 'c1' });
    expect(byMessage.get('after')).not.toHaveProperty('jobId');
  });
});
