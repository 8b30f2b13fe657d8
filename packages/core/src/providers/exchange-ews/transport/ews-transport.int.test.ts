// The transport's trust and sign-in options against the EWS emulator: CA bundle, pinned certificate, NTLM
// with a UPN, Basic, and what a refused sign-in or an untrusted server looks like to the classifier.
import { connect } from 'node:tls';
import { startTestEwsEmulator, type TestEwsEmulator } from '@calsync/ews-emulator/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyEwsProblem, unreachableReason } from '../classify-ews-error.ts';
import { createEwsClient, EwsRequestError, problemOf } from '../ews-client.ts';
import { createEwsTransport, type EwsTransportOptions } from './ews-transport.ts';

let t: TestEwsEmulator;
let fingerprint: string;

function serverFingerprint(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), rejectUnauthorized: false }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.end();
    });
    socket.on('error', reject);
  });
}

beforeAll(async () => {
  t = await startTestEwsEmulator({ server: { basicAuth: true } });
  fingerprint = await serverFingerprint(t.emulator.ewsUrl);
});
afterAll(() => t?.close());

function client(options: Partial<EwsTransportOptions>) {
  const transport = createEwsTransport({
    ewsUrl: t.emulator.ewsUrl,
    username: t.emulator.monitor!.domainUser,
    password: t.emulator.monitor!.password,
    authentication: 'NTLM',
    connections: 2,
    timeoutMs: 10_000,
    ...options,
  });
  return { ews: createEwsClient(transport, 'Exchange2013_SP1'), transport };
}

async function failure(call: () => Promise<unknown>) {
  try {
    await call();
  } catch (error) {
    const p = problemOf(error);
    if (!p) throw error;
    return { failure: classifyEwsProblem(p), unreachable: unreachableReason(p) };
  }
  throw new Error('the call succeeded');
}

describe('EWS transport', () => {
  it('signs in once per kept-alive connection with NTLM (UPN too) and trusts the given CA', async () => {
    const { ews, transport } = client({
      caBundlePem: t.emulator.caCertPem,
      username: t.emulator.monitor!.userPrincipalName,
    });
    expect((await ews.getRoomLists()).length).toBeGreaterThan(0);
    const afterFirst = transport.requestCount();
    await ews.getRoomLists();
    // Type 1 + Type 3 on the first call only: the socket stays signed in.
    expect(afterFirst).toBe(2);
    expect(transport.requestCount()).toBe(3);
    transport.close();
  });

  it('accepts a pinned certificate without the CA and refuses a wrong pin as a TLS failure', async () => {
    const pinned = client({ pinnedCertificateSha256: fingerprint });
    expect((await pinned.ews.getRoomLists()).length).toBeGreaterThan(0);
    pinned.transport.close();
    const wrong = client({ pinnedCertificateSha256: 'AB'.repeat(32) });
    expect(await failure(() => wrong.ews.getRoomLists())).toMatchObject({ unreachable: 'tls' });
    wrong.transport.close();
    const untrusted = client({});
    expect(await failure(() => untrusted.ews.getRoomLists())).toMatchObject({ unreachable: 'tls' });
    untrusted.transport.close();
  });

  it('signs in with Basic where enabled; a wrong password is auth, and never in the error', async () => {
    const basic = client({ caBundlePem: t.emulator.caCertPem, authentication: 'BASIC' });
    expect((await basic.ews.getRoomLists()).length).toBeGreaterThan(0);
    basic.transport.close();
    for (const authentication of ['NTLM', 'BASIC'] as const) {
      const wrong = client({ caBundlePem: t.emulator.caCertPem, authentication, password: 'Wrong-Pa55word' });
      const error = await wrong.ews.getRoomLists().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EwsRequestError);
      expect(await failure(() => wrong.ews.getRoomLists())).toMatchObject({ failure: { kind: 'auth' } });
      expect(JSON.stringify(error) + String(error)).not.toContain('Wrong-Pa55word');
      wrong.transport.close();
    }
  });
});
