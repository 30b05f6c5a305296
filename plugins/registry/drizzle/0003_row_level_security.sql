-- The second wall (issue 20): API requests run as zx_app with zx.scope set to the caller's
-- region (a county for county users and below, a city or province prefix above). A query that
-- forgets its ctx.access.where filter then sees only rows of the caller's counties. Other roles
-- (migrations, jobs, event handlers, the CLI) keep full access, as before.
GRANT USAGE ON SCHEMA "registry" TO zx_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "registry" TO zx_app;
--> statement-breakpoint
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA "registry" TO zx_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA "registry" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO zx_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA "registry" GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO zx_app;
--> statement-breakpoint
ALTER TABLE "registry"."households" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "registry"."households" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "registry"."households" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "registry"."members" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "registry"."members" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "registry"."members" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "registry"."incomes" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "registry"."incomes" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "registry"."incomes" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "registry"."household_history" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "registry"."household_history" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "registry"."household_history" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
