import { check, type DiagnosticCheck } from '../../../diagnostics/diagnostic-types.ts';
import type { AutodiscoverError } from './discover-ews-url.ts';

export const autodiscoverPassed = (domain: string, ewsUrl: string): DiagnosticCheck =>
  check('AUTODISCOVER', 'PASS', `Autodiscover for ${domain} names ${ewsUrl}.`);

/** What each candidate did, and the two ways to fix it: publish Autodiscover, or enter the EWS URL. */
export const autodiscoverFailed = (error: AutodiscoverError): DiagnosticCheck =>
  check('AUTODISCOVER', 'FAIL', error.message, {
    code: 'AutodiscoverFailed',
    remedy:
      `Make https://autodiscover.${error.domain}/autodiscover/autodiscover.xml reach the Exchange server over 443 ` +
      `(a public DNS record for autodiscover.${error.domain} and a certificate that names it), or update the ` +
      `connector with the EWS URL itself: Get-WebServicesVirtualDirectory | Select-Object Server,ExternalUrl.`,
  });
