CREATE SCHEMA "dispatch";
--> statement-breakpoint
CREATE TABLE "dispatch"."adjustments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"submission_id" bigint NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"field" varchar(40) NOT NULL,
	"sealed_value" jsonb,
	"value" jsonb NOT NULL,
	"reason" text NOT NULL,
	"effective_on" date NOT NULL,
	"actor" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dispatch"."calls" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"fields" jsonb NOT NULL,
	"recurrence" varchar(16) NOT NULL,
	"due_days_after_end" integer NOT NULL,
	"due_time" varchar(5) NOT NULL,
	"remind_hours_before" integer NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dispatch"."notices" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"call_id" bigint NOT NULL,
	"period_id" bigint NOT NULL,
	"kind" varchar(16) NOT NULL,
	"message" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "dispatch"."periods" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"call_id" bigint NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"number" integer NOT NULL,
	"label" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"due_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dispatch"."submission_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"submission_id" bigint NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"action" varchar(16) NOT NULL,
	"actor" text NOT NULL,
	"comment" text,
	"values" jsonb,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dispatch"."submissions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"call_id" bigint NOT NULL,
	"period_id" bigint NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"status" varchar(16) NOT NULL,
	"values" jsonb NOT NULL,
	"prefilled" jsonb NOT NULL,
	"corrections" jsonb NOT NULL,
	"first_submitted_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"minutes_late" integer,
	"review_comment" text,
	"return_comment" text,
	"accepted_at" timestamp with time zone,
	"accepted_by" text,
	"seal_hash" varchar(64),
	"sealed" jsonb,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dispatch"."targets" (
	"call_id" bigint NOT NULL,
	"county_code" varchar(6) NOT NULL,
	CONSTRAINT "targets_call_id_county_code_pk" PRIMARY KEY("call_id","county_code")
);
--> statement-breakpoint
CREATE INDEX "adjustments_submission" ON "dispatch"."adjustments" USING btree ("submission_id");--> statement-breakpoint
CREATE INDEX "notices_county" ON "dispatch"."notices" USING btree ("county_code","created_at");--> statement-breakpoint
CREATE INDEX "notices_period" ON "dispatch"."notices" USING btree ("period_id","county_code","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "periods_call_number" ON "dispatch"."periods" USING btree ("call_id","number");--> statement-breakpoint
CREATE INDEX "periods_due" ON "dispatch"."periods" USING btree ("due_at");--> statement-breakpoint
CREATE INDEX "submission_history_submission" ON "dispatch"."submission_history" USING btree ("submission_id");--> statement-breakpoint
CREATE UNIQUE INDEX "submissions_period_county" ON "dispatch"."submissions" USING btree ("period_id","county_code");--> statement-breakpoint
CREATE INDEX "submissions_county" ON "dispatch"."submissions" USING btree ("county_code","call_id");--> statement-breakpoint
CREATE INDEX "targets_county" ON "dispatch"."targets" USING btree ("county_code");--> statement-breakpoint
-- The second wall: API requests run as zx_app with zx.scope set to the caller's region, so a
-- query that forgets ctx.access.where still sees only rows of the caller's counties.
GRANT USAGE ON SCHEMA "dispatch" TO zx_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "dispatch" TO zx_app;
--> statement-breakpoint
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA "dispatch" TO zx_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA "dispatch" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO zx_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA "dispatch" GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO zx_app;
--> statement-breakpoint
ALTER TABLE "dispatch"."targets" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "dispatch"."targets" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "dispatch"."targets" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "dispatch"."submissions" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "dispatch"."submissions" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "dispatch"."submissions" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "dispatch"."submission_history" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "dispatch"."submission_history" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "dispatch"."submission_history" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "dispatch"."adjustments" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "dispatch"."adjustments" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "dispatch"."adjustments" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "dispatch"."notices" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "dispatch"."notices" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "dispatch"."notices" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
-- Calls and their periods belong to the issuing region: visible along its branch of the region tree (above and below it).
--> statement-breakpoint
ALTER TABLE "dispatch"."calls" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "dispatch"."calls" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "dispatch"."calls" USING (current_user <> 'zx_app' OR "region_code" LIKE current_setting('zx.scope', true) || '%' OR current_setting('zx.scope', true) LIKE "region_code" || '%') WITH CHECK (current_user <> 'zx_app' OR "region_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "dispatch"."periods" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "dispatch"."periods" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "dispatch"."periods" USING (current_user <> 'zx_app' OR "region_code" LIKE current_setting('zx.scope', true) || '%' OR current_setting('zx.scope', true) LIKE "region_code" || '%') WITH CHECK (current_user <> 'zx_app' OR "region_code" LIKE current_setting('zx.scope', true) || '%');
