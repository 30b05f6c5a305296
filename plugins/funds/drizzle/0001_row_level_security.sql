-- The second wall (issue 20): API requests run as zx_app with zx.scope set to the caller's
-- region (a county for county users and below, a city or province prefix above). A query that
-- forgets its ctx.access.where filter then sees only rows of the caller's counties. Other roles
-- (migrations, jobs, event handlers, the CLI) keep full access, as before.
GRANT USAGE ON SCHEMA "funds" TO zx_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "funds" TO zx_app;
--> statement-breakpoint
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA "funds" TO zx_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA "funds" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO zx_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA "funds" GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO zx_app;
--> statement-breakpoint
ALTER TABLE "funds"."allocations" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "funds"."allocations" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "funds"."allocations" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "funds"."batches" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "funds"."batches" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "funds"."batches" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "funds"."spending" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "funds"."spending" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "funds"."spending" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
