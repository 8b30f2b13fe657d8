import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from '../identity/jwt.ts';
import { provisionTenant, startTrustedEmulator } from '../testing/trusted-emulator.ts';
import type { ProvisionedTenant, TrustedEmulator } from '../testing/trusted-emulator.ts';

// docs/microsoft-graph.md §9.2: Exchange Online RBAC for Applications.
const WINDOW = 'startDateTime=2030-01-01T00:00:00Z&endDateTime=2030-01-08T00:00:00Z';

let t: TrustedEmulator;
let org: ProvisionedTenant;
let rbacApp: { clientId: string; token: string };

async function tokenFor(clientId: string): Promise<string> {
  const secret = await t.emu.control.addSecret(clientId);
  const res = await t.requestToken({ tenant: org.tenantId, clientId, secret: secret.value });
  expect(res.status).toBe(200);
  return (res.json as { access_token: string }).access_token;
}

const view = (mailbox: string, token: string) =>
  t.get(`/v1.0/users/${mailbox}/calendarView?${WINDOW}`, token);
const error = (json: unknown) => (json as { error: { code: string; message: string } }).error;

beforeAll(async () => {
  t = await startTrustedEmulator({ seed: false, now: new Date('2029-12-30T00:00:00Z') });
  org = await provisionTenant(t, 'Contoso', ['Calendars.Read']);
  // No Graph application permission at all: the grant lives in Exchange.
  const app = await t.emu.control.createApp({
    tenantId: org.tenantId,
    displayName: 'room display',
    roles: [],
  });
  await t.emu.control.addExchangeRoleAssignment(app.clientId, {
    role: 'Application Calendars.Read',
    scope: { type: 'CustomRecipientScope', name: 'Rooms', members: [`adams@${org.domain}`] },
  });
  rbacApp = { clientId: app.clientId, token: await tokenFor(app.clientId) };
});
afterAll(() => t.stop());

describe('RBAC for Applications (field)', () => {
  it('issues the RBAC-only app a token without a roles claim', () => {
    const claims = decodeJwt(rbacApp.token)?.claims ?? {};
    expect(claims).not.toHaveProperty('roles');
  });

  it('reads an in-scope mailbox and denies an out-of-scope one with ErrorAccessDenied', async () => {
    expect((await view(`adams@${org.domain}`, rbacApp.token)).status).toBe(200);
    const denied = await view(`adele@${org.domain}`, rbacApp.token);
    expect(denied.status).toBe(403);
    expect(error(denied.json)).toMatchObject({
      code: 'ErrorAccessDenied',
      message: 'Access is denied. Check credentials and try again.',
    });
  });

  it('adds to Entra grants: an Entra Calendars.Read app reads every mailbox whatever the Exchange scope', async () => {
    await t.emu.control.addExchangeRoleAssignment(org.clientId, {
      role: 'Application Calendars.Read',
      scope: { type: 'CustomRecipientScope', name: 'Rooms', members: [`adams@${org.domain}`] },
    });
    expect((await view(`adele@${org.domain}`, org.token)).status).toBe(200);
  });

  it('opens a mailbox the legacy ApplicationAccessPolicy closes when an Exchange scope includes it', async () => {
    const app = await t.emu.control.createApp({
      tenantId: org.tenantId,
      displayName: 'legacy + rbac',
      roles: ['Calendars.Read'],
      accessPolicy: { accessRight: 'RestrictAccess', members: [`megan@${org.domain}`] },
    });
    const token = await tokenFor(app.clientId);
    const legacy = await view(`adele@${org.domain}`, token);
    expect(error(legacy.json)).toMatchObject({
      code: 'ErrorAccessDenied',
      message: 'Access to OData is disabled.',
    });
    await t.emu.control.addExchangeRoleAssignment(app.clientId, {
      role: 'Application Calendars.Read',
      scope: { type: 'AdministrativeUnit', name: 'Sales', members: [`adele@${org.domain}`] },
    });
    expect((await view(`adele@${org.domain}`, token)).status).toBe(200);
  });

  it('answers Test-ServicePrincipalAuthorization from Exchange grants only', async () => {
    const inScope = await t.emu.control.testServicePrincipalAuthorization(
      rbacApp.clientId,
      `adams@${org.domain}`,
    );
    expect(inScope).toEqual([
      {
        RoleName: 'Application Calendars.Read',
        GrantedPermissions: 'Calendars.Read',
        AllowedResourceScope: 'Rooms',
        ScopeType: 'CustomRecipientScope',
        InScope: true,
      },
    ]);
    const out = await t.emu.control.testServicePrincipalAuthorization(
      rbacApp.clientId,
      `adele@${org.domain}`,
    );
    expect(out[0]?.InScope).toBe(false);
    // The Entra-only app has no Exchange role assignment: nothing to report.
    const entraOnly = await t.emu.control.createApp({ tenantId: org.tenantId, displayName: 'entra only' });
    expect(
      await t.emu.control.testServicePrincipalAuthorization(entraOnly.clientId, `adele@${org.domain}`),
    ).toEqual([]);
  });

  it('an organisation-wide assignment opens every mailbox; removing it closes them again', async () => {
    const app = await t.emu.control.createApp({ tenantId: org.tenantId, displayName: 'org wide', roles: [] });
    const token = await tokenFor(app.clientId);
    expect((await view(`megan@${org.domain}`, token)).status).toBe(403);
    const assignment = await t.emu.control.addExchangeRoleAssignment(app.clientId, {
      role: 'Application Calendars.Read',
    });
    expect((await view(`megan@${org.domain}`, token)).status).toBe(200);
    await t.emu.control.removeExchangeRoleAssignment(app.clientId, assignment.id);
    expect((await view(`megan@${org.domain}`, token)).status).toBe(403);
  });
});
