CREATE SCHEMA "social_assistance";
--> statement-breakpoint
CREATE TABLE "social_assistance"."commitments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"relationship_id" bigint NOT NULL,
	"year" integer NOT NULL,
	"indicator" text NOT NULL,
	"target" bigint,
	"actual" bigint,
	"target_set_by" text,
	"reported_by" text,
	"reported_on" date,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "social_assistance"."organisations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"in_province" boolean NOT NULL,
	"home_region_code" varchar(6),
	"note" text DEFAULT '' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "social_assistance"."placements" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"relationship_id" bigint NOT NULL,
	"year" integer NOT NULL,
	"household_id" bigint NOT NULL,
	"member_id" bigint NOT NULL,
	"employer" text NOT NULL,
	"placed_on" date NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "social_assistance"."problems" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"relationship_id" bigint NOT NULL,
	"inspection" text NOT NULL,
	"found_on" date NOT NULL,
	"description" text NOT NULL,
	"deadline" date NOT NULL,
	"status" text NOT NULL,
	"rectified_on" date,
	"rectification" text,
	"evidence_upload_ids" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"rectified_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "social_assistance"."relationships" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"village_code" varchar(12),
	"system" text NOT NULL,
	"kind" text,
	"organisation_id" bigint NOT NULL,
	"start_on" date NOT NULL,
	"end_on" date,
	"responsible" jsonb NOT NULL,
	"leader_name" text,
	"package_members" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "social_assistance"."commitments" ADD CONSTRAINT "commitments_relationship_id_relationships_id_fk" FOREIGN KEY ("relationship_id") REFERENCES "social_assistance"."relationships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_assistance"."placements" ADD CONSTRAINT "placements_relationship_id_relationships_id_fk" FOREIGN KEY ("relationship_id") REFERENCES "social_assistance"."relationships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_assistance"."problems" ADD CONSTRAINT "problems_relationship_id_relationships_id_fk" FOREIGN KEY ("relationship_id") REFERENCES "social_assistance"."relationships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_assistance"."relationships" ADD CONSTRAINT "relationships_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "social_assistance"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "commitments_relationship_year_indicator" ON "social_assistance"."commitments" USING btree ("relationship_id","year","indicator");--> statement-breakpoint
CREATE INDEX "commitments_county" ON "social_assistance"."commitments" USING btree ("county_code","year");--> statement-breakpoint
CREATE UNIQUE INDEX "organisations_name" ON "social_assistance"."organisations" USING btree ("name");--> statement-breakpoint
CREATE INDEX "placements_county" ON "social_assistance"."placements" USING btree ("county_code","year");--> statement-breakpoint
CREATE UNIQUE INDEX "placements_member_year" ON "social_assistance"."placements" USING btree ("relationship_id","member_id","year");--> statement-breakpoint
CREATE INDEX "problems_county" ON "social_assistance"."problems" USING btree ("county_code","status");--> statement-breakpoint
CREATE INDEX "problems_relationship" ON "social_assistance"."problems" USING btree ("relationship_id");--> statement-breakpoint
CREATE INDEX "relationships_county" ON "social_assistance"."relationships" USING btree ("county_code","system");--> statement-breakpoint
CREATE INDEX "relationships_organisation" ON "social_assistance"."relationships" USING btree ("organisation_id");
--> statement-breakpoint
-- The second wall: API requests run as zx_app with zx.scope set to the caller's region, so a
-- query that forgets ctx.access.where still sees only rows of the caller's counties.
-- Organisations are province-wide reference data (no county): granted, not tenant-scoped.
GRANT USAGE ON SCHEMA "social_assistance" TO zx_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "social_assistance" TO zx_app;
--> statement-breakpoint
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA "social_assistance" TO zx_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA "social_assistance" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO zx_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA "social_assistance" GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO zx_app;
--> statement-breakpoint
ALTER TABLE "social_assistance"."relationships" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "social_assistance"."relationships" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "social_assistance"."relationships" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "social_assistance"."commitments" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "social_assistance"."commitments" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "social_assistance"."commitments" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "social_assistance"."problems" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "social_assistance"."problems" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "social_assistance"."problems" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "social_assistance"."placements" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "social_assistance"."placements" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "social_assistance"."placements" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
