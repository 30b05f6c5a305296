CREATE SCHEMA "visits";
--> statement-breakpoint
CREATE TABLE "visits"."assignments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"household_id" bigint,
	"cadre_name" text NOT NULL,
	"cadre_username" text,
	"cadre_kind" varchar(16) NOT NULL,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"assigned_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visits"."visits" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"household_id" bigint NOT NULL,
	"visited_at" timestamp with time zone NOT NULL,
	"visited_on" date NOT NULL,
	"month" varchar(7) NOT NULL,
	"started_at" timestamp with time zone,
	"recorded_offline" boolean NOT NULL,
	"form_seconds" integer NOT NULL,
	"visitors" jsonb NOT NULL,
	"person_met" text NOT NULL,
	"recorded_by" text NOT NULL,
	"income_changes" jsonb NOT NULL,
	"spending_changes" jsonb NOT NULL,
	"industry" jsonb NOT NULL,
	"employment" jsonb NOT NULL,
	"checklist" jsonb NOT NULL,
	"checklist_result" jsonb NOT NULL,
	"policy_notes" text NOT NULL,
	"findings" text NOT NULL,
	"risk_types" jsonb NOT NULL,
	"suggested_measures" jsonb NOT NULL,
	"latitude" double precision,
	"longitude" double precision,
	"answers_hash" varchar(32) NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "assignments_village_idx" ON "visits"."assignments" USING btree ("county_code","village_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "assignments_household_idx" ON "visits"."assignments" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "assignments_cadre_idx" ON "visits"."assignments" USING btree ("county_code","cadre_username");--> statement-breakpoint
CREATE UNIQUE INDEX "visits_client_idx" ON "visits"."visits" USING btree ("county_code","client_id");--> statement-breakpoint
CREATE INDEX "visits_month_idx" ON "visits"."visits" USING btree ("county_code","month","village_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "visits_household_idx" ON "visits"."visits" USING btree ("household_id","visited_at");--> statement-breakpoint
-- The second wall: API requests run as zx_app with zx.scope set to the caller's region, so a
-- query that forgets ctx.access.where still sees only rows of the caller's counties.
GRANT USAGE ON SCHEMA "visits" TO zx_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "visits" TO zx_app;
--> statement-breakpoint
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA "visits" TO zx_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA "visits" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO zx_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA "visits" GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO zx_app;
--> statement-breakpoint
ALTER TABLE "visits"."assignments" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "visits"."assignments" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "visits"."assignments" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "visits"."visits" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "visits"."visits" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "visits"."visits" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
