import type { TokenAcquisitionError, TokenFailureKind } from '../identity/token-acquisition-error.ts';
import { check, type DiagnosticCheck } from '../../../diagnostics/diagnostic-types.ts';

const PORTAL_APP = 'Entra admin center → App registrations → your app';

const TOKEN_FAILURES: Readonly<Record<TokenFailureKind, { message: string; remedy: string }>> = {
  'invalid-secret': {
    message: 'Microsoft rejected the client secret.',
    remedy: `Give the connector the secret's Value (shown only once, when the secret is created), not its Secret ID. If the value was lost, create a new secret (${PORTAL_APP} → Certificates & secrets → New client secret) and update the connector with its Value.`,
  },
  'expired-secret': {
    message: 'The client secret has expired.',
    remedy: `Create a new client secret (${PORTAL_APP} → Certificates & secrets → Client secrets → New client secret, https://aka.ms/NewClientSecret) and update the connector with its Value; set credentialExpiresAt to get a warning 30 days before the next expiry.`,
  },
  'tenant-not-found': {
    message: 'Microsoft does not know this directory (tenant) in the selected cloud.',
    remedy: `Copy the Directory (tenant) ID from ${PORTAL_APP} → Overview, and check that the connector's cloud (GLOBAL, US_GOV, US_GOV_DOD, CHINA) is the one the directory lives in.`,
  },
  'app-not-found': {
    message: 'No application with this client id exists in the directory.',
    remedy: `Copy the Application (client) ID from ${PORTAL_APP} → Overview, and check the app is registered in this directory (or that an administrator of this directory has consented to it).`,
  },
  'app-disabled': {
    message: 'The application is disabled in the directory.',
    remedy:
      'In the Entra admin center open Enterprise applications → your app → Properties, set "Enabled for users to sign-in?" to Yes and save.',
  },
  'invalid-scope': {
    message: 'Microsoft rejected the requested scope.',
    remedy: 'Check that the connector uses the cloud the app registration belongs to.',
  },
  'invalid-resource': {
    message: 'Microsoft did not find the requested resource (Microsoft Graph) in the directory.',
    remedy:
      "Check that the connector's cloud matches the directory's (GLOBAL, US_GOV, US_GOV_DOD, CHINA): calsync asks the v2 token endpoint for https://graph.microsoft.com/.default of that cloud.",
  },
  'certificate-rejected': {
    message:
      'Microsoft did not find the certificate that signed the client assertion on this app (AADSTS700027).',
    remedy: `Upload the connector's certificate (public part) under ${PORTAL_APP} → Certificates & secrets → Certificates, or update the connector with a certificate that is listed there and not expired; the thumbprint must be the certificate's SHA-1/SHA-256 as Entra shows it.`,
  },
  'assertion-expired': {
    message: 'Microsoft says the client assertion is outside its validity window (AADSTS700024): clock skew.',
    remedy:
      "Synchronise the clock of the calsync hosts (NTP; the assertion's nbf/exp come from the local clock) and run the check again.",
  },
  'service-principal-missing': {
    message:
      'The app registration has no enterprise application (service principal) in this directory (AADSTS7000229).',
    remedy:
      'An administrator of the directory must create it: grant admin consent for the app (App registrations → your app → API permissions → Grant admin consent), or run `New-MgServicePrincipal -AppId <client id>`; then run the check again.',
  },
  'conditional-access': {
    message: 'A Conditional Access policy blocked token issuance for this app (AADSTS53003).',
    remedy:
      'In the Entra admin center → Protection → Conditional Access, find the policy for workload identities that covers this app (sign-in logs → Service principal sign-ins show which one), and exclude the app or allow the network calsync calls from; then run the check again.',
  },
  'client-rejected': {
    message: 'Microsoft rejected the app’s client authentication (invalid_client).',
    remedy: `Check the connector's credential against ${PORTAL_APP} → Certificates & secrets (secret Value, or a registered certificate), update the connector, then run the check again.`,
  },
  'client-unauthorized': {
    message: 'The app is not allowed to get tokens in this directory (unauthorized_client).',
    remedy: `Check the Application (client) ID and the Directory (tenant) ID in ${PORTAL_APP} → Overview, and that an administrator of this directory has consented to the app.`,
  },
  throttled: {
    message: 'The Microsoft identity platform is throttling token requests for this app.',
    remedy:
      'This is temporary and the connector status is unchanged: wait a minute and run the check again; calsync backs off on its own.',
  },
  network: {
    message: 'The Microsoft identity platform could not be reached (network or TLS failure).',
    remedy:
      'This is usually temporary and the connector status is unchanged. If it persists, check that the worker and API can open HTTPS connections to the authority host of the connector’s cloud (proxy, firewall, DNS, TLS inspection), then run the check again.',
  },
  timeout: {
    message: 'The Microsoft identity platform did not answer in time.',
    remedy:
      'This is usually temporary and the connector status is unchanged. If it persists, check that the worker and API can open HTTPS connections to the authority host of the connector’s cloud (proxy, firewall, DNS, TLS inspection), then run the check again.',
  },
  unknown: {
    message: 'The token request failed for a reason calsync does not recognise.',
    remedy: 'Check the app registration and credential in the Entra admin center, then run the check again.',
  },
};

export function tokenPassed(roles: readonly string[]): DiagnosticCheck {
  return check(
    'TOKEN',
    'PASS',
    `Microsoft issued an app-only token (${roles.length} application permission(s) granted).`,
  );
}

/** A failed token request → the TOKEN check, with Microsoft's AADSTS code and a concrete remedy. */
export function tokenFailed(error: TokenAcquisitionError): DiagnosticCheck {
  const known = TOKEN_FAILURES[error.kind];
  const code = error.aadstsCode !== undefined ? `AADSTS${error.aadstsCode}` : (error.msalErrorCode ?? null);
  return check('TOKEN', 'FAIL', known.message, { code, remedy: known.remedy });
}

export function tokenTimedOut(ms: number): DiagnosticCheck {
  return check(
    'TOKEN',
    'FAIL',
    `The Microsoft identity platform did not answer within ${Math.round(ms / 1000)} s.`,
    {
      code: 'Timeout',
      remedy: TOKEN_FAILURES.network.remedy,
    },
  );
}
