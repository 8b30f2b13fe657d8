export * from './schema.ts';
export {
  createDatabase,
  type CreateDatabaseOptions,
  type Database,
  type DatabaseHandle,
  type Tx,
} from './client.ts';
export { executePrepared, withTenant } from './with-tenant.ts';
export { readAsTenant, writeAsTenant, type TenantReader, type TenantStatements } from './read-as-tenant.ts';
export { TenantScopedQuery } from './tenant-scoped-query.ts';
export { readCompiledAsTenant, writeCompiledAsTenant, type PreparableRead } from './prepared-tenant-read.ts';
export { placeholderColumns, statementName, type PlaceholderColumns } from './placeholder-columns.ts';
export { isUuid } from './uuid.ts';
export { runMigrations, appRoleName, type RunMigrationsOptions } from './migrate.ts';
export {
  findApiKeyByPrefix,
  touchApiKeys,
  listAllTenants,
  listEnabledConnectors,
  type EnabledConnectorRef,
} from './platform-functions.ts';
export { appRoleProblems, assertAppRole } from './check-app-role.ts';
export { rowFromJson } from './row-from-json.ts';
