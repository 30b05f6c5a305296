CREATE TABLE "dispatch"."township_reports" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"call_id" bigint NOT NULL,
	"period_id" bigint NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"township_code" varchar(9) NOT NULL,
	"status" varchar(16) NOT NULL,
	"values" jsonb NOT NULL,
	"submitted_at" timestamp with time zone,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dispatch"."calls" ADD COLUMN "township_reports" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "township_reports_period_township" ON "dispatch"."township_reports" USING btree ("period_id","township_code");--> statement-breakpoint
CREATE INDEX "township_reports_county" ON "dispatch"."township_reports" USING btree ("county_code","period_id");--> statement-breakpoint
-- The second wall for the new tenant table (as 0000_init does for the others): API requests run as
-- zx_app with zx.scope set to the caller's region, so a query that forgets ctx.access.where still
-- sees only sub-reports of the caller's counties (a township's scope prefix is its county's).
ALTER TABLE "dispatch"."township_reports" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "dispatch"."township_reports" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "dispatch"."township_reports" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
