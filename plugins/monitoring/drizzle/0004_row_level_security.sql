-- The second wall (issue 20): API requests run as zx_app with zx.scope set to the caller's
-- region (a county for county users and below, a city or province prefix above). A query that
-- forgets its ctx.access.where filter then sees only rows of the caller's counties. Other roles
-- (migrations, jobs, event handlers, the CLI) keep full access, as before.
GRANT USAGE ON SCHEMA "monitoring" TO zx_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "monitoring" TO zx_app;
--> statement-breakpoint
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA "monitoring" TO zx_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA "monitoring" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO zx_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA "monitoring" GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO zx_app;
--> statement-breakpoint
ALTER TABLE "monitoring"."cases" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "monitoring"."cases" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "monitoring"."cases" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "monitoring"."county_tallies" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "monitoring"."county_tallies" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "monitoring"."county_tallies" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "monitoring"."eliminations" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "monitoring"."eliminations" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "monitoring"."eliminations" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "monitoring"."history" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "monitoring"."history" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "monitoring"."history" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "monitoring"."household_coverage" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "monitoring"."household_coverage" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "monitoring"."household_coverage" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "monitoring"."measures" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "monitoring"."measures" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "monitoring"."measures" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "monitoring"."objects" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "monitoring"."objects" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "monitoring"."objects" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "monitoring"."signals" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "monitoring"."signals" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "monitoring"."signals" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
