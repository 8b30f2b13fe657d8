import { describe, expect, it } from 'vitest';
import { GraphRequestError } from '../providers/microsoft/graph/graph-request-error.ts';
import { TokenAcquisitionError } from '../providers/microsoft/identity/token-acquisition-error.ts';
import { classifyMicrosoftFailure } from '../providers/microsoft/classify-failure.ts';
import { credentialExpiryCheck } from './credential-expiry-check.ts';
import { deriveStatus } from './derive-status.ts';
import { check } from './diagnostic-types.ts';
import {
  mailboxFailureCheck,
  mapWithConcurrency,
  pickProbeTargets,
} from '../providers/microsoft/diagnostics/mailbox-access-check.ts';
import { permissionsCheck } from '../providers/microsoft/diagnostics/permissions-check.ts';
import { tokenFailed } from '../providers/microsoft/diagnostics/token-check.ts';

const pass = (target: string) => check('MAILBOX_ACCESS', 'PASS', 'ok', { target });
const tokenEvidence = (error: TokenAcquisitionError) => ({
  token: classifyMicrosoftFailure(error),
  mailboxes: [],
});
const probeFailure = (error: GraphRequestError, address: string) =>
  mailboxFailureCheck(classifyMicrosoftFailure(error), address, 'app');
const tokenOk = check('TOKEN', 'PASS', 'ok');
const APP = 'app';

describe('connector status from checks', () => {
  it('AUTH_FAILED when no token, with the AADSTS code in plain words', () => {
    const error = new TokenAcquisitionError({ kind: 'invalid-secret', aadstsCode: 7000215 });
    const token = tokenFailed(error);
    expect(token.code).toBe('AADSTS7000215');
    const s = deriveStatus([token]);
    expect(s.status).toBe('AUTH_FAILED');
    expect(s.detail).toMatch(/AADSTS7000215.*Secret ID/);
    expect(deriveStatus([token], tokenEvidence(error)).status).toBe('AUTH_FAILED');
    // A rejected scope is the connector's configuration: the same answer as in sync.
    const scope = new TokenAcquisitionError({ kind: 'invalid-scope', aadstsCode: 70011 });
    expect(deriveStatus([tokenFailed(scope)], tokenEvidence(scope)).status).toBe('AUTH_FAILED');
  });

  it('keeps the status when Microsoft was unreachable or throttling, and says it is temporary', () => {
    for (const kind of ['throttled', 'network', 'timeout'] as const) {
      const error = new TokenAcquisitionError({ kind });
      const token = tokenFailed(error);
      expect(token.status).toBe('FAIL');
      expect(token.remedy).toMatch(/temporary/);
      const s = deriveStatus([token], tokenEvidence(error));
      expect(s.status).toBeNull();
      expect(s.detail).toMatch(/temporary.*unchanged.*run again/);
    }
    const slow = { token: { kind: 'transient', code: 'Timeout', message: 'slow' } as const, mailboxes: [] };
    expect(deriveStatus([check('TOKEN', 'FAIL', 'slow', { code: 'Timeout' })], slow).status).toBeNull();
  });

  it('a token without a calendar role is a WARN (RBAC for Applications): the probes decide', () => {
    const noRoles = permissionsCheck([], APP);
    expect(noRoles.status).toBe('WARN');
    expect(noRoles.remedy).toMatch(
      /New-ManagementRoleAssignment .*Application Calendars\.Read.*Test-ServicePrincipalAuthorization/,
    );
    expect(deriveStatus([tokenOk, noRoles, pass('a@x.com')]).status).toBe('HEALTHY');
    expect(permissionsCheck(['Calendars.Read'], APP).status).toBe('WARN');
    expect(permissionsCheck(['Calendars.ReadWrite', 'Place.Read.All'], APP).status).toBe('PASS');
  });

  it('Calendars.ReadBasic.All is accepted with a WARN that says what it omits', () => {
    const basic = permissionsCheck(['Calendars.ReadBasic.All', 'Place.Read.All'], APP);
    expect(basic.status).toBe('WARN');
    expect(basic.message).toMatch(/without their body.*join links that appear only in an invitation body/);
    expect(deriveStatus([tokenOk, basic, pass('a@x.com')]).status).toBe('HEALTHY');
  });

  it('DEGRADED when some mailboxes fail, HEALTHY when none do', () => {
    const denied = probeFailure(
      new GraphRequestError({
        status: 403,
        code: 'ErrorAccessDenied',
        message: 'Access to OData is disabled.',
      }),
      'room@x.com',
    );
    expect(denied.remedy).toMatch(
      /New-ApplicationAccessPolicy.*Test-ApplicationAccessPolicy -Identity room@x.com -AppId app/,
    );
    expect(
      deriveStatus([
        tokenOk,
        permissionsCheck(['Calendars.Read', 'Place.Read.All'], APP),
        pass('a@x.com'),
        denied,
      ]).status,
    ).toBe('DEGRADED');
    expect(
      deriveStatus([tokenOk, permissionsCheck(['Calendars.Read', 'Place.Read.All'], APP), pass('a@x.com')])
        .status,
    ).toBe('HEALTHY');
  });

  it('CONSENT_REQUIRED only when every probed mailbox refused the token, decided on failure kinds', () => {
    const refused = new GraphRequestError({
      status: 403,
      code: 'ErrorAccessDenied',
      message: 'Access is denied.',
    });
    const policy = new GraphRequestError({
      status: 403,
      code: 'ErrorAccessDenied',
      message: 'Access to OData is disabled.',
    });
    const roles = permissionsCheck(['Calendars.Read', 'Place.Read.All'], APP);
    const evidence = (...errors: GraphRequestError[]) => ({
      token: null,
      mailboxes: errors.map(classifyMicrosoftFailure),
    });
    const both = [probeFailure(refused, 'a@x.com'), probeFailure(refused, 'b@x.com')];
    expect(deriveStatus([tokenOk, roles, ...both], evidence(refused, refused)).status).toBe(
      'CONSENT_REQUIRED',
    );
    const mixed = [probeFailure(refused, 'a@x.com'), probeFailure(policy, 'b@x.com')];
    expect(deriveStatus([tokenOk, roles, ...mixed], evidence(refused, policy)).status).toBe('DEGRADED');
    const some = [probeFailure(refused, 'a@x.com'), pass('b@x.com')];
    expect(deriveStatus([tokenOk, roles, ...some], evidence(refused)).status).toBe('DEGRADED');
  });

  it('maps Graph mailbox errors to their checks', () => {
    const gone = probeFailure(
      new GraphRequestError({ status: 404, code: 'ErrorInvalidUser', message: 'x' }),
      'a@x.com',
    );
    expect(gone).toMatchObject({ status: 'FAIL', code: 'ErrorInvalidUser' });
    const rest = probeFailure(
      new GraphRequestError({ status: 404, code: 'MailboxNotEnabledForRESTAPI', message: 'x' }),
      'a@x.com',
    );
    expect(rest.message).toMatch(/unlicensed, inactive/);
    const throttled = probeFailure(
      new GraphRequestError({ status: 429, code: 'TooManyRequests', message: 'x', retryAfterMs: 1000 }),
      'a@x.com',
    );
    expect(throttled.status).toBe('WARN');
  });

  it('warns 30 days before credential expiry and fails after', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(credentialExpiryCheck(new Date('2026-01-20T00:00:00Z'), 'CLIENT_SECRET', now).status).toBe('WARN');
    expect(credentialExpiryCheck(new Date('2025-12-31T00:00:00Z'), 'CLIENT_SECRET', now).status).toBe('FAIL');
    expect(credentialExpiryCheck(new Date('2026-03-01T00:00:00Z'), 'CERTIFICATE', now).status).toBe('PASS');
    expect(credentialExpiryCheck(null, 'CLIENT_SECRET', now).status).toBe('SKIPPED');
  });

  it('samples above the probe limit and bounds concurrency', async () => {
    const many = Array.from({ length: 40 }, (_, i) => `m${i}@x.com`);
    const picked = pickProbeTargets(many, 25);
    expect(picked).toHaveLength(25);
    expect(new Set(picked).size).toBe(25);
    let inFlight = 0;
    let peak = 0;
    const out = await mapWithConcurrency(many, 5, async (m) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight -= 1;
      return m.toUpperCase();
    });
    expect(peak).toBe(5);
    expect(out[39]).toBe('M39@X.COM');
  });
});
