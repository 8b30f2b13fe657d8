// What the global setup hands to every test file (vitest `provide` / `inject`).
export interface TestPostgresInfo {
  /** Superuser URL of the `postgres` maintenance database. */
  superuserUrl: string;
  /** Migrated database each test database is copied from. */
  templateDatabase: string;
  /** Password of calsync_app (auth is trust on these clusters; kept for realistic URLs). */
  appPassword: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    calsyncPostgres: TestPostgresInfo;
    calsyncRedisUrl: string;
  }
}
