import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.ts';
import { resolveDestination } from './destination.ts';

const resolvesTo =
  (...addresses: string[]) =>
  () =>
    Promise.resolve(addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));

async function refusal(url: string, allowPrivate: boolean, resolve = resolvesTo('93.184.215.14')) {
  const error = await resolveDestination(url, { allowPrivate, resolve }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('BAD_USER_INPUT');
  expect((error as AppError).details['field']).toBe('url');
  return (error as AppError).message;
}

describe('webhook destinations', () => {
  it('resolve a public https URL to the address the delivery is pinned to', async () => {
    const destination = await resolveDestination('https://hooks.example.com/calsync', {
      allowPrivate: false,
      resolve: resolvesTo('93.184.215.14'),
    });
    expect(destination.address).toBe('93.184.215.14');
    expect(destination.family).toBe(4);
    expect(destination.url.pathname).toBe('/calsync');
  });

  it('refuse http, credentials and non-URLs', async () => {
    expect(await refusal('http://hooks.example.com/', false)).toMatch(/https/);
    expect(await refusal('https://user:pw@hooks.example.com/', false)).toMatch(/credentials/);
    expect(await refusal('not a url', false)).toMatch(/absolute URL/);
  });

  it('refuse internal targets, by literal or by any address a name resolves to', async () => {
    expect(await refusal('https://127.0.0.1/', false)).toMatch(/loopback/);
    expect(await refusal('https://[::1]/', false)).toMatch(/loopback/);
    expect(await refusal('https://169.254.169.254/latest/meta-data', true)).toMatch(/metadata/);
    expect(await refusal('https://[fd00:ec2::254]/', true)).toMatch(/metadata/);
    expect(await refusal('https://[::ffff:10.0.0.1]/', true)).toMatch(/ipv4-mapped/);
    expect(await refusal('https://0.0.0.0/', true)).toMatch(/unspecified/);
    expect(
      await refusal('https://rebind.example.com/', false, resolvesTo('93.184.215.14', '10.0.0.5')),
    ).toMatch(/private/);
    expect(await refusal('https://cgnat.example.com/', false, resolvesTo('100.64.1.1'))).toMatch(/cgnat/);
  });

  it('with private destinations allowed, accept http to loopback (development and tests)', async () => {
    const destination = await resolveDestination('http://127.0.0.1:8080/hook', { allowPrivate: true });
    expect(destination.address).toBe('127.0.0.1');
  });
});
