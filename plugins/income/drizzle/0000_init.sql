CREATE SCHEMA "income";
--> statement-breakpoint
CREATE TABLE "income"."adjustments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"household_id" bigint NOT NULL,
	"year" integer NOT NULL,
	"source" text NOT NULL,
	"visit_id" bigint,
	"wages_fen" bigint DEFAULT 0 NOT NULL,
	"business_fen" bigint DEFAULT 0 NOT NULL,
	"property_fen" bigint DEFAULT 0 NOT NULL,
	"transfers_fen" bigint DEFAULT 0 NOT NULL,
	"production_costs_fen" bigint DEFAULT 0 NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"recorded_on" date NOT NULL,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "income"."growth_figures" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"year" integer NOT NULL,
	"poverty_county" boolean NOT NULL,
	"local_farmers_basis_points" integer NOT NULL,
	"national_basis_points" integer NOT NULL,
	"provincial_basis_points" integer NOT NULL,
	"entered_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "income"."ledger_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"household_id" bigint NOT NULL,
	"year" integer NOT NULL,
	"status" text NOT NULL,
	"fell" boolean NOT NULL,
	"low" boolean NOT NULL,
	"per_capita_fen" bigint NOT NULL,
	"previous_year_per_capita_fen" bigint,
	"reasons" jsonb NOT NULL,
	"parameter_version" text NOT NULL,
	"opened_on" date NOT NULL,
	"closed_on" date,
	"history" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "income"."plans" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"household_id" bigint NOT NULL,
	"ledger_entry_id" bigint NOT NULL,
	"measures" jsonb NOT NULL,
	"cadre_name" text NOT NULL,
	"target_per_capita_fen" bigint NOT NULL,
	"start_on" date NOT NULL,
	"due_on" date NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "income"."supervision_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"year" integer NOT NULL,
	"supervised" boolean NOT NULL,
	"snapshot" jsonb NOT NULL,
	"parameter_version" text NOT NULL,
	"published_by" text NOT NULL,
	"published_on" date NOT NULL,
	"lifted_on" date,
	"lifted_by" text,
	"lift_reason" text
);
--> statement-breakpoint
CREATE INDEX "adjustments_household_year" ON "income"."adjustments" USING btree ("household_id","year");--> statement-breakpoint
CREATE INDEX "adjustments_county" ON "income"."adjustments" USING btree ("county_code");--> statement-breakpoint
CREATE UNIQUE INDEX "adjustments_visit" ON "income"."adjustments" USING btree ("visit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "growth_county_year" ON "income"."growth_figures" USING btree ("county_code","year");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_household_year" ON "income"."ledger_entries" USING btree ("household_id","year");--> statement-breakpoint
CREATE INDEX "ledger_county" ON "income"."ledger_entries" USING btree ("county_code","year","status");--> statement-breakpoint
CREATE INDEX "plans_county" ON "income"."plans" USING btree ("county_code","due_on");--> statement-breakpoint
CREATE INDEX "plans_household" ON "income"."plans" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "plans_ledger" ON "income"."plans" USING btree ("ledger_entry_id");--> statement-breakpoint
CREATE UNIQUE INDEX "supervision_county_year" ON "income"."supervision_entries" USING btree ("county_code","year");
--> statement-breakpoint
-- The second wall: API requests run as zx_app with zx.scope set to the caller's region, so a
-- query that forgets ctx.access.where still sees only rows of the caller's counties.
GRANT USAGE ON SCHEMA "income" TO zx_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "income" TO zx_app;
--> statement-breakpoint
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA "income" TO zx_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA "income" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO zx_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA "income" GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO zx_app;
--> statement-breakpoint
ALTER TABLE "income"."adjustments" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "income"."adjustments" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "income"."adjustments" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "income"."ledger_entries" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "income"."ledger_entries" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "income"."ledger_entries" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "income"."plans" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "income"."plans" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "income"."plans" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "income"."growth_figures" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "income"."growth_figures" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "income"."growth_figures" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "income"."supervision_entries" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "income"."supervision_entries" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "income"."supervision_entries" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');