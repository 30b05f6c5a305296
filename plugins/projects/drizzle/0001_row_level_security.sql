-- The second wall (issue 20): API requests run as zx_app with zx.scope set to the caller's
-- region (a county for county users and below, a city or province prefix above). A query that
-- forgets its ctx.access.where filter then sees only rows of the caller's counties. Other roles
-- (migrations, jobs, event handlers, the CLI) keep full access, as before.
GRANT USAGE ON SCHEMA "projects" TO zx_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "projects" TO zx_app;
--> statement-breakpoint
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA "projects" TO zx_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA "projects" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO zx_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA "projects" GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO zx_app;
--> statement-breakpoint
ALTER TABLE "projects"."projects" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "projects"."projects" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "projects"."projects" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "projects"."allocations" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "projects"."allocations" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "projects"."allocations" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "projects"."notices" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "projects"."notices" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "projects"."notices" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "projects"."payments" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "projects"."payments" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "projects"."payments" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "projects"."progress_reports" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "projects"."progress_reports" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "projects"."progress_reports" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
