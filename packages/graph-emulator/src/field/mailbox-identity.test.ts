import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mailbox } from '../directory/types.ts';
import { provisionTenant, startTrustedEmulator } from '../testing/trusted-emulator.ts';
import type { ProvisionedTenant, TrustedEmulator } from '../testing/trusted-emulator.ts';

// docs/microsoft-graph.md §9.6 (addressing mailboxes) and the mailbox time zone from mailboxSettings.
const WINDOW = 'startDateTime=2030-01-01T00:00:00Z&endDateTime=2030-01-08T00:00:00Z';
let t: TrustedEmulator;
let org: ProvisionedTenant;
let tokyo: Mailbox;

beforeAll(async () => {
  t = await startTrustedEmulator({ seed: false, behaviour: { resolveSmtpAliases: false } });
  org = await provisionTenant(t, 'Contoso', ['Calendars.Read', 'User.Read.All', 'MailboxSettings.Read']);
  tokyo = await t.emu.control.createMailbox({
    tenantId: org.tenantId,
    address: `tokyo-fuji@${org.domain}`,
    userPrincipalName: `room-4711@${org.domain}`,
    displayName: 'Tokyo Fuji',
    kind: 'room',
    timeZone: 'Asia/Tokyo',
  });
});
afterAll(() => t.stop());

const error = (json: unknown) => (json as { error: { code: string; message: string } }).error;

describe('mailbox identity (field)', () => {
  it('reads the calendar by object id or UPN', async () => {
    for (const key of [tokyo.id, tokyo.userPrincipalName]) {
      expect((await t.get(`/v1.0/users/${key}/calendarView?${WINDOW}`, org.token)).status).toBe(200);
    }
  });

  it('answers ErrorInvalidUser for a primary SMTP address that is not the UPN', async () => {
    const res = await t.get(`/v1.0/users/${tokyo.address}/calendarView?${WINDOW}`, org.token);
    expect(res.status).toBe(404);
    expect(error(res.json)).toMatchObject({
      code: 'ErrorInvalidUser',
      message: `The requested user '${tokyo.address}' is invalid.`,
    });
    const user = await t.get(`/v1.0/users/${tokyo.address}`, org.token);
    expect(user.status).toBe(404);
    expect(error(user.json).code).toBe('Request_ResourceNotFound');
  });

  it("resolves the SMTP address to the object id with $filter=mail eq '…' (User.Read.All)", async () => {
    const res = await t.get(
      `/v1.0/users?$filter=${encodeURIComponent(`mail eq '${tokyo.address}'`)}`,
      org.token,
    );
    expect(res.status).toBe(200);
    expect((res.json as { value: unknown[] }).value).toEqual([
      expect.objectContaining({
        id: tokyo.id,
        mail: tokyo.address,
        userPrincipalName: tokyo.userPrincipalName,
      }),
    ]);
  });

  it('refuses the $filter to User.ReadBasic.All with Authorization_RequestDenied', async () => {
    const app = await t.emu.control.createApp({
      tenantId: org.tenantId,
      displayName: 'basic',
      roles: ['Calendars.Read', 'User.ReadBasic.All'],
    });
    const secret = await t.emu.control.addSecret(app.clientId);
    const token = (
      (await t.requestToken({ tenant: org.tenantId, clientId: app.clientId, secret: secret.value })).json as {
        access_token: string;
      }
    ).access_token;
    const res = await t.get(`/v1.0/users?$filter=${encodeURIComponent(`mail eq '${tokyo.address}'`)}`, token);
    expect(res.status).toBe(403);
    expect(error(res.json).code).toBe('Authorization_RequestDenied');
  });

  it('serves the mailbox time zone from mailboxSettings (Windows name) with MailboxSettings.Read', async () => {
    const settings = await t.get(`/v1.0/users/${tokyo.id}/mailboxSettings`, org.token);
    expect(settings.status).toBe(200);
    expect(settings.json).toMatchObject({ timeZone: 'Tokyo Standard Time', userPurpose: 'room' });
    const zone = await t.get(`/v1.0/users/${tokyo.id}/mailboxSettings/timeZone`, org.token);
    expect(zone.json).toMatchObject({ value: 'Tokyo Standard Time' });
  });

  it('denies mailboxSettings without MailboxSettings.Read', async () => {
    const app = await t.emu.control.createApp({
      tenantId: org.tenantId,
      displayName: 'cal',
      roles: ['Calendars.Read'],
    });
    const secret = await t.emu.control.addSecret(app.clientId);
    const token = (
      (await t.requestToken({ tenant: org.tenantId, clientId: app.clientId, secret: secret.value })).json as {
        access_token: string;
      }
    ).access_token;
    const res = await t.get(`/v1.0/users/${tokyo.id}/mailboxSettings`, token);
    expect(res.status).toBe(403);
    expect(error(res.json).code).toBe('ErrorAccessDenied');
  });

  it('resolves the SMTP address when the documented switch is on', async () => {
    await t.emu.control.setBehaviour({ resolveSmtpAliases: true });
    try {
      expect((await t.get(`/v1.0/users/${tokyo.address}/calendarView?${WINDOW}`, org.token)).status).toBe(
        200,
      );
    } finally {
      await t.emu.control.setBehaviour({ resolveSmtpAliases: false });
    }
  });
});
