import type { DiagnosticsFieldsFragment } from '@calsync/client';
import { EXIT_DEGRADED, EXIT_FAILED, EXIT_OK } from '../cli-error.ts';
import { renderTable } from '../output.ts';

/** 0 healthy, 1 degraded (a WARN), 2 failed (a FAIL). */
export function diagnosticsExitCode(diagnostics: DiagnosticsFieldsFragment): number {
  if (diagnostics.checks.some((c) => c.status === 'FAIL')) return EXIT_FAILED;
  if (diagnostics.checks.some((c) => c.status === 'WARN')) return EXIT_DEGRADED;
  return EXIT_OK;
}

export function renderDiagnostics(diagnostics: DiagnosticsFieldsFragment): string {
  const verdict = ['healthy', 'degraded', 'failed'][diagnosticsExitCode(diagnostics)];
  return (
    renderTable(diagnostics.checks, [
      { header: 'CHECK', value: (c) => c.name },
      { header: 'STATUS', value: (c) => c.status },
      { header: 'TARGET', value: (c) => c.target },
      { header: 'CODE', value: (c) => c.code },
      { header: 'MESSAGE', value: (c) => c.message },
      { header: 'REMEDY', value: (c) => c.remedy },
    ]) + `\nConnector is ${verdict} (checked ${diagnostics.checkedAt}).\n`
  );
}
