CREATE TABLE "assessment"."inspections" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"recorded_scope" varchar(4) NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"target_region_code" varchar(12) NOT NULL,
	"visited_on" date NOT NULL,
	"inspectors" jsonb NOT NULL,
	"household_ids" jsonb NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"status" text NOT NULL,
	"created_by" text NOT NULL,
	"submitted_by" text,
	"submitted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessment"."rectification_tasks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"inspection_id" bigint NOT NULL,
	"recorded_scope" varchar(4) NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"responsible_region_code" varchar(12) NOT NULL,
	"category" text NOT NULL,
	"description" text NOT NULL,
	"household_id" bigint,
	"evidence_upload_ids" jsonb NOT NULL,
	"deadline" date NOT NULL,
	"status" text NOT NULL,
	"rectification_note" text,
	"rectification_upload_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"submitted_on" date,
	"submitted_by" text,
	"return_reason" text,
	"accepted_on" date,
	"accepted_by" text
);
--> statement-breakpoint
CREATE INDEX "inspections_county" ON "assessment"."inspections" USING btree ("county_code","status");--> statement-breakpoint
CREATE INDEX "rectification_tasks_county" ON "assessment"."rectification_tasks" USING btree ("county_code","status");--> statement-breakpoint
CREATE INDEX "rectification_tasks_inspection" ON "assessment"."rectification_tasks" USING btree ("inspection_id");--> statement-breakpoint
-- The second wall for 暗访 and 整改: as zx_app, rows only of the caller's counties, and a draft
-- (an inspection not yet submitted, and its problems) only at the province or a city: the inspected
-- county never sees an unannounced visit before it is submitted.
GRANT SELECT, INSERT, UPDATE, DELETE ON "assessment"."inspections", "assessment"."rectification_tasks" TO zx_app;
--> statement-breakpoint
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA "assessment" TO zx_app;
--> statement-breakpoint
ALTER TABLE "assessment"."inspections" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "assessment"."inspections" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "assessment"."inspections" USING (current_user <> 'zx_app' OR ("county_code" LIKE current_setting('zx.scope', true) || '%' AND ("status" <> 'draft' OR length(current_setting('zx.scope', true)) <= 4))) WITH CHECK (current_user <> 'zx_app' OR ("county_code" LIKE current_setting('zx.scope', true) || '%' AND ("status" <> 'draft' OR length(current_setting('zx.scope', true)) <= 4)));
--> statement-breakpoint
ALTER TABLE "assessment"."rectification_tasks" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "assessment"."rectification_tasks" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "assessment"."rectification_tasks" USING (current_user <> 'zx_app' OR ("county_code" LIKE current_setting('zx.scope', true) || '%' AND ("status" <> 'draft' OR length(current_setting('zx.scope', true)) <= 4))) WITH CHECK (current_user <> 'zx_app' OR ("county_code" LIKE current_setting('zx.scope', true) || '%' AND ("status" <> 'draft' OR length(current_setting('zx.scope', true)) <= 4)));
