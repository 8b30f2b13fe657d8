import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from './logger.ts';
import { createRedisOutageReporter } from './redis-outage-reporter.ts';

function capture() {
  const lines: { msg: string; level: number; downForMs?: number; errors?: number }[] = [];
  const logger = createLogger({
    level: 'info',
    destination: { write: (line: string) => lines.push(JSON.parse(line) as (typeof lines)[0]) },
  });
  return { logger, lines };
}

const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });

afterEach(() => {
  vi.useRealTimers();
});

describe('Redis outage reporter', () => {
  it('turns an outage of many connections into one warning, periodic reminders and one recovery', () => {
    vi.useFakeTimers({ now: 0 });
    const { logger, lines } = capture();
    const reporter = createRedisOutageReporter(logger, { repeatMs: 10_000 });
    const connections = [new EventEmitter(), new EventEmitter(), new EventEmitter()];
    connections.forEach((c, i) => reporter.watch(`c${i}`, c, c));

    // 13 s of reconnect attempts every 200 ms on every connection: 195 errors.
    for (let t = 0; t < 13_000; t += 200) {
      vi.setSystemTime(t);
      for (const c of connections) c.emit('error', refused());
    }
    expect(reporter.isDown()).toBe(true);
    connections[0]!.emit('ready');
    connections[1]!.emit('ready');
    expect(lines.filter((l) => /recovered/.test(l.msg))).toEqual([]);
    vi.setSystemTime(13_500);
    connections[2]!.emit('ready');

    expect(lines.map((l) => l.msg)).toEqual([
      'redis unavailable; reconnecting',
      'redis still unavailable',
      'redis connection recovered',
    ]);
    expect(lines[2]).toMatchObject({ downForMs: 13_500, errors: 195 });
    expect(reporter.isDown()).toBe(false);
  });

  it('ends with one recovered line once Redis answers, even when a connection failed again after its ready', async () => {
    vi.useFakeTimers({ now: 0 });
    const { logger, lines } = capture();
    let answering = false;
    const reporter = createRedisOutageReporter(logger, {
      probe: () => (answering ? Promise.resolve('PONG') : Promise.reject(refused())),
      probeMs: 1_000,
    });
    const [worker, client] = [new EventEmitter(), new EventEmitter()];
    reporter.watch('worker', worker, worker);
    reporter.watch('client', client, client);
    worker.emit('error', refused());
    client.emit('error', refused());
    worker.emit('ready');
    // Redis still loading its AOF: the worker's next command fails after its ready, and no ready follows.
    worker.emit('error', new Error('LOADING Redis is loading the dataset in memory'));
    client.emit('ready');
    await vi.advanceTimersByTimeAsync(3_000);
    expect(lines.filter((l) => /recovered/.test(l.msg))).toEqual([]);
    answering = true;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(lines.map((l) => l.msg)).toEqual([
      'redis unavailable; reconnecting',
      'redis connection recovered',
    ]);
    expect(lines[1]).toMatchObject({ errors: 3 });
    expect(reporter.isDown()).toBe(false);
    reporter.stop();
  });

  it('logs other errors once per message per window, without starting an outage', () => {
    const { logger, lines } = capture();
    const reporter = createRedisOutageReporter(logger);
    const queue = new EventEmitter();
    reporter.watch('queue', queue, queue);
    for (let i = 0; i < 20; i += 1) queue.emit('error', new Error('could not renew lock for job 1'));
    queue.emit('error', new Error('ERR Error running script: missing key'));
    expect(lines.map((l) => l.msg)).toEqual(['redis error', 'redis error']);
    expect(reporter.isDown()).toBe(false);
  });
});
