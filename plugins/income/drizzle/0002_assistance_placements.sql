CREATE TABLE "income"."assistance_placements" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"year" integer NOT NULL,
	"placement_id" bigint NOT NULL,
	"household_id" bigint NOT NULL,
	"member_id" bigint NOT NULL,
	"placed_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "assistance_placements_placement" ON "income"."assistance_placements" USING btree ("county_code","placement_id");--> statement-breakpoint
CREATE INDEX "assistance_placements_county_year" ON "income"."assistance_placements" USING btree ("county_code","year");--> statement-breakpoint
-- The second wall (see 0000_init.sql): county-owned rows, read by API requests as zx_app.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "income" TO zx_app;
--> statement-breakpoint
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA "income" TO zx_app;
--> statement-breakpoint
ALTER TABLE "income"."assistance_placements" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "income"."assistance_placements" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "income"."assistance_placements" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
