CREATE TABLE "monitoring"."whatif_changes" (
	"run_id" bigint NOT NULL,
	"household_id" bigint NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"before" jsonb NOT NULL,
	"after" jsonb NOT NULL,
	"per_capita_income_fen" bigint NOT NULL,
	CONSTRAINT "whatif_changes_run_id_household_id_pk" PRIMARY KEY("run_id","household_id")
);
--> statement-breakpoint
CREATE TABLE "monitoring"."whatif_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"county_codes" jsonb NOT NULL,
	"version" varchar(32) NOT NULL,
	"version_status" varchar(16) NOT NULL,
	"base_version" varchar(32) NOT NULL,
	"as_of" date NOT NULL,
	"status" varchar(16) NOT NULL,
	"households_total" integer DEFAULT 0 NOT NULL,
	"households_done" integer DEFAULT 0 NOT NULL,
	"households_changed" integer DEFAULT 0 NOT NULL,
	"households_skipped" integer DEFAULT 0 NOT NULL,
	"summary" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text,
	"started_by" bigint NOT NULL,
	"started_by_name" varchar(64) NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"heartbeat_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "whatif_changes_village_idx" ON "monitoring"."whatif_changes" USING btree ("run_id","village_code");--> statement-breakpoint
CREATE INDEX "whatif_runs_region_idx" ON "monitoring"."whatif_runs" USING btree ("region_code","id");--> statement-breakpoint
-- Row-level security for the what-if tables, as 0004 does for the others (the worker runs outside zx_app).
ALTER TABLE "monitoring"."whatif_changes" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "monitoring"."whatif_changes" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "monitoring"."whatif_changes" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "monitoring"."whatif_runs" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "monitoring"."whatif_runs" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "monitoring"."whatif_runs" USING (current_user <> 'zx_app' OR "region_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "region_code" LIKE current_setting('zx.scope', true) || '%');
