CREATE TABLE "social_assistance"."leader_packages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"name" text NOT NULL,
	"leader_name" text NOT NULL,
	"leader_title" text DEFAULT '' NOT NULL,
	"roles" jsonb NOT NULL,
	"members" jsonb NOT NULL,
	"start_on" date NOT NULL,
	"end_on" date,
	"note" text DEFAULT '' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "social_assistance"."project_links" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"relationship_id" bigint NOT NULL,
	"year" integer NOT NULL,
	"project_id" bigint NOT NULL,
	"amount_fen" bigint NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "social_assistance"."purchases" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"relationship_id" bigint,
	"buyer_organisation_id" bigint NOT NULL,
	"year" integer NOT NULL,
	"purchased_on" date NOT NULL,
	"product_name" text NOT NULL,
	"product_category" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "social_assistance"."organisations" ADD COLUMN "active" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "social_assistance"."organisations" ADD COLUMN "deactivated_on" date;--> statement-breakpoint
ALTER TABLE "social_assistance"."relationships" ADD COLUMN "package_id" bigint;--> statement-breakpoint
ALTER TABLE "social_assistance"."relationships" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "social_assistance"."project_links" ADD CONSTRAINT "project_links_relationship_id_relationships_id_fk" FOREIGN KEY ("relationship_id") REFERENCES "social_assistance"."relationships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_assistance"."purchases" ADD CONSTRAINT "purchases_relationship_id_relationships_id_fk" FOREIGN KEY ("relationship_id") REFERENCES "social_assistance"."relationships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_assistance"."purchases" ADD CONSTRAINT "purchases_buyer_organisation_id_organisations_id_fk" FOREIGN KEY ("buyer_organisation_id") REFERENCES "social_assistance"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "leader_packages_county" ON "social_assistance"."leader_packages" USING btree ("county_code");--> statement-breakpoint
CREATE UNIQUE INDEX "project_links_relationship_project_year" ON "social_assistance"."project_links" USING btree ("relationship_id","project_id","year");--> statement-breakpoint
CREATE INDEX "project_links_county" ON "social_assistance"."project_links" USING btree ("county_code");--> statement-breakpoint
CREATE INDEX "purchases_county_year" ON "social_assistance"."purchases" USING btree ("county_code","year");--> statement-breakpoint
CREATE INDEX "purchases_product" ON "social_assistance"."purchases" USING btree ("product_name");--> statement-breakpoint
ALTER TABLE "social_assistance"."relationships" ADD CONSTRAINT "relationships_package_id_leader_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "social_assistance"."leader_packages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Leader packages become province-managed data: each existing leader contact's package (leader and
-- members, once checked against the county setting) is carried over as a package of its county,
-- under the relationship's id, and the relationship points at it.
INSERT INTO "social_assistance"."leader_packages" ("id", "county_code", "name", "leader_name", "roles", "members", "start_on", "end_on", "created_by")
SELECT r."id", r."county_code",
  CASE jsonb_array_length(r."package_members") WHEN 3 THEN '三包一' WHEN 5 THEN '五包一' ELSE '包联' END,
  coalesce(r."leader_name", ''),
  (SELECT coalesce(jsonb_agg(m->'role'), '[]'::jsonb) FROM jsonb_array_elements(r."package_members") m),
  r."package_members", r."start_on", r."end_on", r."created_by"
FROM "social_assistance"."relationships" r WHERE r."system" = 'leader-contact';
--> statement-breakpoint
UPDATE "social_assistance"."relationships" SET "package_id" = "id" WHERE "system" = 'leader-contact';
--> statement-breakpoint
SELECT setval(pg_get_serial_sequence('"social_assistance"."leader_packages"', 'id'), (SELECT coalesce(max("id"), 0) + 1 FROM "social_assistance"."leader_packages"), false);
--> statement-breakpoint
-- The second wall for the new county-owned tables (see 0000_init.sql).
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "social_assistance" TO zx_app;
--> statement-breakpoint
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA "social_assistance" TO zx_app;
--> statement-breakpoint
ALTER TABLE "social_assistance"."leader_packages" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "social_assistance"."leader_packages" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "social_assistance"."leader_packages" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "social_assistance"."purchases" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "social_assistance"."purchases" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "social_assistance"."purchases" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "social_assistance"."project_links" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "social_assistance"."project_links" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "social_assistance"."project_links" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
