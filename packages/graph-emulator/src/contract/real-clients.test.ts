import { createHash, X509Certificate } from 'node:crypto';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { Client, PageIterator } from '@microsoft/microsoft-graph-client';
import type { PageCollection } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTrustedEmulator } from '../testing/trusted-emulator.ts';
import type { TrustedEmulator } from '../testing/trusted-emulator.ts';
import { buildCertificatePem, generateRsaKeyPem } from '../tls/ensure-tls-files.ts';

let t: TrustedEmulator;
beforeAll(async () => {
  // maxpagesize is exact only when series may split across pages (the field keeps each on one page).
  t = await startTrustedEmulator({
    now: new Date('2030-01-01T00:00:00Z'),
    behaviour: { seriesOnOnePage: false },
  });
});
afterAll(async () => {
  await t.stop();
});

function msalApp(
  credential:
    | { clientSecret: string }
    | { clientCertificate: { thumbprintSha256?: string; thumbprint?: string; privateKey: string } },
  clientId: string,
) {
  const s = t.emu.state.seedSummary!;
  return new ConfidentialClientApplication({
    auth: {
      clientId,
      authority: `${t.emu.url}/${s.tenantDomain}`,
      knownAuthorities: [new URL(t.emu.url).host],
      ...credential,
    },
    system: { networkClient: t.msalNetworkClient },
  });
}

describe('msal-node acquireTokenByClientCredential, unmodified', () => {
  it('gets a token with a secret, and the second call is a cache hit', async () => {
    const s = t.emu.state.seedSummary!;
    await t.emu.control.clearRequests();
    const app = msalApp({ clientSecret: s.clientSecret }, s.clientId);
    const first = await app.acquireTokenByClientCredential({
      scopes: ['https://graph.microsoft.com/.default'],
    });
    const second = await app.acquireTokenByClientCredential({
      scopes: ['https://graph.microsoft.com/.default'],
    });
    expect(first?.accessToken).toBeTruthy();
    expect(second?.accessToken).toBe(first?.accessToken);
    expect(second?.fromCache).toBe(true);
    expect(await t.emu.control.requests({ route: 'token' })).toHaveLength(1);
  });

  it('surfaces a wrong secret as ServerError invalid_client / 7000215', async () => {
    const s = t.emu.state.seedSummary!;
    const app = msalApp({ clientSecret: 'wrong' }, s.clientId);
    await expect(
      app.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }),
    ).rejects.toMatchObject({
      errorCode: 'invalid_client',
      errorNo: 7000215,
    });
  });

  it.each(['thumbprintSha256', 'thumbprint'] as const)(
    'gets a token with a certificate (%s)',
    async (kind) => {
      const s = t.emu.state.seedSummary!;
      const key = generateRsaKeyPem();
      const certPem = buildCertificatePem({
        subjectCn: 'calsync-client',
        publicKeyPem: key.publicKeyPem,
        selfPrivateKeyPem: key.privateKeyPem,
        validDays: 7300,
      });
      await t.emu.control.addCertificate(s.clientId, { certPem });
      const der = new X509Certificate(certPem).raw;
      const thumb = createHash(kind === 'thumbprint' ? 'sha1' : 'sha256')
        .update(der)
        .digest('hex');
      const app = msalApp(
        { clientCertificate: { [kind]: thumb, privateKey: key.privateKeyPem } },
        s.clientId,
      );
      const res = await app.acquireTokenByClientCredential({
        scopes: ['https://graph.microsoft.com/.default'],
      });
      expect(res?.accessToken).toBeTruthy();
      const claims = JSON.parse(Buffer.from(res!.accessToken.split('.')[1]!, 'base64url').toString()) as {
        appidacr: string;
      };
      expect(claims.appidacr).toBe('2');
    },
  );

  it('rejects an assertion signed by an unregistered certificate', async () => {
    const s = t.emu.state.seedSummary!;
    const key = generateRsaKeyPem();
    const certPem = buildCertificatePem({
      subjectCn: 'stranger',
      publicKeyPem: key.publicKeyPem,
      selfPrivateKeyPem: key.privateKeyPem,
    });
    const thumb = createHash('sha256').update(new X509Certificate(certPem).raw).digest('hex');
    const app = msalApp(
      { clientCertificate: { thumbprintSha256: thumb, privateKey: key.privateKeyPem } },
      s.clientId,
    );
    await expect(
      app.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }),
    ).rejects.toMatchObject({
      errorCode: 'invalid_client',
      errorNo: 700027,
    });
  });
});

describe('@microsoft/microsoft-graph-client against the emulator', () => {
  const graphClient = (token: string) =>
    Client.init({
      baseUrl: t.emu.url,
      customHosts: new Set([new URL(t.emu.url).hostname]),
      fetchOptions: { dispatcher: t.dispatcher } as unknown as RequestInit,
      authProvider: (done) => done(null, token),
    });

  it('pages a calendarView with PageIterator and runs a delta round', async () => {
    const token = await t.seededToken();
    const mailbox = (await t.emu.control.listMailboxes())[0]!;
    for (let i = 0; i < 25; i++) {
      await t.emu.control.createEvent(mailbox.id, {
        subject: `Standup ${i}`,
        start: { dateTime: `2030-01-${String(i + 2).padStart(2, '0')}T08:00:00`, timeZone: 'UTC' },
        end: { dateTime: `2030-01-${String(i + 2).padStart(2, '0')}T08:15:00`, timeZone: 'UTC' },
      });
    }
    const client = graphClient(token);
    const query = { startDateTime: '2030-01-01T00:00:00Z', endDateTime: '2030-02-01T00:00:00Z' };
    const firstPage = (await client
      .api(`/users/${mailbox.id}/calendarView`)
      .query(query)
      .get()) as PageCollection;
    const subjects: string[] = [];
    await new PageIterator(client, firstPage, (e: { subject: string }) => {
      subjects.push(e.subject);
      return true;
    }).iterate();
    expect(subjects.filter((s) => s.startsWith('Standup'))).toHaveLength(25);

    let page = (await client
      .api(`/users/${mailbox.id}/calendarView/delta`)
      .query(query)
      .header('Prefer', 'odata.maxpagesize=7')
      .get()) as Record<string, unknown>;
    // Delta also sends the series masters (docs/microsoft-graph.md §9.3); calendarView never lists them.
    const ids = new Set<string>();
    const masters = new Set<string>();
    let pages = 1;
    for (;;) {
      for (const item of page.value as Array<{ id: string; type?: string }>)
        (item.type === 'seriesMaster' ? masters : ids).add(item.id);
      const next = page['@odata.nextLink'] as string | undefined;
      if (!next) break;
      page = (await client.api(next).header('Prefer', 'odata.maxpagesize=7').get()) as Record<
        string,
        unknown
      >;
      pages += 1;
    }
    expect(page['@odata.deltaLink']).toBeTypeOf('string');
    expect(ids.size).toBe(subjects.length);
    expect(pages).toBe(Math.ceil((subjects.length + masters.size) / 7));
  });
});
