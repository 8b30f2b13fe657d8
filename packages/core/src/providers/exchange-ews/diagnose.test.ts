import { describe, expect, it } from 'vitest';
import { classifyEwsProblem, unreachableReason } from './classify-ews-error.ts';
import { diagnoseMailbox, diagnoseServer } from './diagnose.ts';
import { problem } from './ews-problem.ts';

const fail = (code: string) => ({
  ok: false as const,
  failure: classifyEwsProblem(problem('message', code, code)),
});
const MONITOR = 'CONTOSO\\monitor';

describe('EWS diagnostics', () => {
  it('passes a mailbox with both grants and warns when only Reviewer is there, quoting Add-MailboxPermission', () => {
    expect(
      diagnoseMailbox({ mailbox: 'a@contoso.com', calendar: { ok: true }, root: { ok: true } }, MONITOR)
        .status,
    ).toBe('PASS');
    const reviewerOnly = diagnoseMailbox(
      { mailbox: 'a@contoso.com', calendar: { ok: true }, root: fail('ErrorAccessDenied') },
      MONITOR,
    );
    expect(reviewerOnly).toMatchObject({
      status: 'WARN',
      target: 'a@contoso.com',
      code: 'ErrorAccessDenied',
    });
    expect(reviewerOnly.remedy).toBe(
      'Add-MailboxPermission -Identity a@contoso.com -User "CONTOSO\\monitor" -AccessRights FullAccess -InheritanceType All -AutoMapping $false',
    );
  });

  it('fails a mailbox without grants with both commands and the localized-folder hint', () => {
    const none = diagnoseMailbox(
      {
        mailbox: 'newhire@contoso.com',
        calendar: fail('ErrorFolderNotFound'),
        root: fail('ErrorAccessDenied'),
      },
      MONITOR,
    );
    expect(none).toMatchObject({ status: 'FAIL', code: 'ErrorFolderNotFound' });
    expect(none.remedy).toContain('Add-MailboxPermission -Identity newhire@contoso.com');
    expect(none.remedy).toContain(
      'Add-MailboxFolderPermission -Identity "newhire@contoso.com:\\<Calendar folder>"',
    );
    expect(none.remedy).toContain('Get-MailboxFolderStatistics newhire@contoso.com -FolderScope Calendar');
  });

  it('fails an unknown address as a missing mailbox', () => {
    expect(
      diagnoseMailbox(
        {
          mailbox: 'x@contoso.com',
          calendar: fail('ErrorNonExistentMailbox'),
          root: fail('ErrorNonExistentMailbox'),
        },
        MONITOR,
      ),
    ).toMatchObject({
      status: 'FAIL',
      code: 'ErrorNonExistentMailbox',
      remedy: expect.stringContaining('Get-Mailbox x@contoso.com'),
    });
  });

  it('names DNS, firewall, TLS trust and credentials with their fixes', () => {
    const input = { ewsUrl: 'https://mail.contoso.com/EWS/Exchange.asmx', monitor: MONITOR };
    const probe = (source: 'transport' | 'http', code: string, status: number | null = null) => {
      const p = problem(source, code, code, { status });
      return {
        ok: false as const,
        failure: classifyEwsProblem(p),
        unreachable: unreachableReason(p),
        httpStatus: status,
      };
    };
    expect(diagnoseServer(probe('transport', 'ENOTFOUND'), input)[0]).toMatchObject({
      name: 'REACHABILITY',
      status: 'FAIL',
      remedy: expect.stringContaining('public DNS name'),
    });
    expect(diagnoseServer(probe('transport', 'ECONNREFUSED'), input)[0]?.remedy).toContain(
      'Open the firewall for HTTPS 443',
    );
    expect(diagnoseServer(probe('transport', 'CERT_HAS_EXPIRED'), input)[0]?.remedy).toContain(
      'internal CA bundle',
    );
    const auth = diagnoseServer(probe('http', 'HTTP 401', 401), input);
    expect(auth.map((f) => [f.name, f.status])).toEqual([
      ['REACHABILITY', 'PASS'],
      ['AUTHENTICATION', 'FAIL'],
    ]);
    expect(auth[1]?.remedy).toContain('Get-WebServicesVirtualDirectory');
    expect(diagnoseServer(probe('http', 'HTTP 404', 404), input)[1]).toMatchObject({
      name: 'EWS_ENABLED',
      status: 'FAIL',
    });
    expect(diagnoseServer({ ok: true }, input).every((f) => f.status === 'PASS')).toBe(true);
  });
});
