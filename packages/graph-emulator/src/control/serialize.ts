import type { AppRegistration } from '../directory/types.ts';

/** App as the control API shows it: secret values are never listed again after creation (like the Azure portal). */
export function serializeApp(app: AppRegistration): Record<string, unknown> {
  return {
    clientId: app.clientId,
    tenantId: app.tenantId,
    displayName: app.displayName,
    servicePrincipalId: app.servicePrincipalId,
    enabled: app.enabled,
    roles: app.roles,
    accessPolicy: app.accessPolicy,
    exchangeRoleAssignments: app.exchangeRoleAssignments,
    hasServicePrincipal: app.hasServicePrincipal,
    blockedByConditionalAccess: app.blockedByConditionalAccess,
    secrets: app.secrets.map((s) => ({
      id: s.id,
      displayName: s.displayName,
      hint: s.value.slice(0, 3),
      expiresAt: s.expiresAt,
    })),
    certificates: app.certificates.map((c) => ({
      id: c.id,
      x5t: c.x5t,
      x5tS256: c.x5tS256,
      expiresAt: c.expiresAt,
    })),
  };
}
