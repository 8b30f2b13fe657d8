-- Tenant isolation (hand-written; drizzle-kit does not generate FORCE RLS, roles or functions).
--
-- The API and worker connect as calsync_app: no superuser, no BYPASSRLS, owns nothing.
-- The migrating role (DATABASE_ADMIN_URL) owns tables and the SECURITY DEFINER functions.
-- scripts/migrate.ts gives calsync_app LOGIN and its password after this runs.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'calsync_app') THEN
    CREATE ROLE calsync_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
  END IF;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO calsync_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO calsync_app;
--> statement-breakpoint
-- Tables added by later migrations are granted too; their RLS must be added by hand
-- (tests/isolation/rls.int.test.ts fails for any table with tenant_id that lacks it).
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO calsync_app;
--> statement-breakpoint
-- Policy on every tenant-owned table. nullif: an unset or reset setting reads as '' (or NULL),
-- which matches nothing instead of failing the uuid cast.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['api_keys', 'connectors', 'mailboxes', 'series_masters', 'events', 'sync_runs'] LOOP
    EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE public.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON public.%I USING (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid) WITH CHECK (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)',
      t
    );
  END LOOP;
END
$$;
--> statement-breakpoint
-- tenants: a tenant sees (and may create, inside withTenant(newId)) only its own row, keyed by id.
-- Creating a tenant with its first key is then one withTenant(newId) transaction; listing all
-- tenants (platform admin) goes through calsync_list_tenants below.
ALTER TABLE public.tenants ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.tenants FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON public.tenants
  USING (id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (id = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
-- FORCE applies RLS to the owner too. A superuser owner bypasses it anyway; a non-superuser
-- owner (managed Postgres) needs this policy so migrations and the SECURITY DEFINER functions
-- below, which run as the owner, see every row. calsync_app is never this role (migrate.ts checks).
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['tenants', 'api_keys', 'connectors', 'mailboxes', 'series_masters', 'events', 'sync_runs'] LOOP
    EXECUTE format('CREATE POLICY owner_all ON public.%I TO %I USING (true) WITH CHECK (true)', t, current_user);
  END LOOP;
END
$$;
--> statement-breakpoint
-- API key authentication happens before the tenant is known: look a key up by its prefix.
CREATE FUNCTION public.calsync_find_api_key(p_prefix text)
  RETURNS SETOF public.api_keys
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, public, pg_temp
AS $$
  SELECT * FROM public.api_keys WHERE prefix = p_prefix
$$;
--> statement-breakpoint
-- Batched last_used_at update for keys of any tenant (the API flushes it periodically).
-- Never moves last_used_at backwards. Returns the number of keys updated.
CREATE FUNCTION public.calsync_touch_api_keys(p_ids uuid[], p_at timestamptz)
  RETURNS integer
  LANGUAGE sql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, public, pg_temp
AS $$
  WITH touched AS (
    UPDATE public.api_keys SET last_used_at = p_at
    WHERE id = ANY (p_ids) AND (last_used_at IS NULL OR last_used_at < p_at)
    RETURNING 1
  )
  SELECT count(*)::integer FROM touched
$$;
--> statement-breakpoint
-- Platform admin listing: keyset pagination by id (p_after_id null = first page).
CREATE FUNCTION public.calsync_list_tenants(p_limit integer, p_after_id uuid)
  RETURNS SETOF public.tenants
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, public, pg_temp
AS $$
  SELECT * FROM public.tenants
  WHERE p_after_id IS NULL OR id > p_after_id
  ORDER BY id
  LIMIT greatest(p_limit, 0)
$$;
--> statement-breakpoint
-- Worker scheduler reconciliation: every enabled connector of every tenant, ids and interval only.
CREATE FUNCTION public.calsync_list_enabled_connectors()
  RETURNS TABLE (tenant_id uuid, connector_id uuid, sync_interval_seconds integer, enabled boolean)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, public, pg_temp
AS $$
  SELECT c.tenant_id, c.id, c.sync_interval_seconds, c.enabled
  FROM public.connectors c
  WHERE c.enabled
  ORDER BY c.tenant_id, c.id
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.calsync_find_api_key(text) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.calsync_touch_api_keys(uuid[], timestamptz) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.calsync_list_tenants(integer, uuid) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.calsync_list_enabled_connectors() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION
  public.calsync_find_api_key(text),
  public.calsync_touch_api_keys(uuid[], timestamptz),
  public.calsync_list_tenants(integer, uuid),
  public.calsync_list_enabled_connectors()
TO calsync_app;
