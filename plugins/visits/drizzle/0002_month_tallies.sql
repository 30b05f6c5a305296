-- Visited-household tallies per (county, village, Shanghai month) (issue 13): what the city and
-- province compliance figures add up instead of scanning visits. A statement trigger on
-- visits.visits keeps them in the writing transaction: visits.household_months holds one row per
-- household and month that has a visit (the first visit's county and village), and every
-- household-month the statement adds for the first time adds 1 to its village's tally. Concurrent
-- first visits of one household meet on household_months' primary key, so a household is counted
-- once. Visits are never edited or deleted (schema.ts), so inserts are the only writes to follow.
CREATE TABLE "visits"."household_months" (
	"household_id" bigint NOT NULL,
	"month" varchar(7) NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"village_code" varchar(12) NOT NULL,
	CONSTRAINT "household_months_household_id_month_pk" PRIMARY KEY("household_id","month")
);
--> statement-breakpoint
CREATE TABLE "visits"."month_tallies" (
	"county_code" varchar(6) NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"month" varchar(7) NOT NULL,
	"households" integer NOT NULL,
	CONSTRAINT "month_tallies_county_code_village_code_month_pk" PRIMARY KEY("county_code","village_code","month")
);
--> statement-breakpoint
CREATE INDEX "month_tallies_month_idx" ON "visits"."month_tallies" USING btree ("month","county_code");
--> statement-breakpoint
CREATE FUNCTION "visits"."tally_inserted_visits"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH firsts AS (
    INSERT INTO visits.household_months (household_id, month, county_code, village_code)
    SELECT DISTINCT ON (household_id, month) household_id, month, county_code, village_code
    FROM new_visits
    ORDER BY household_id, month, id
    ON CONFLICT (household_id, month) DO NOTHING
    RETURNING county_code, village_code, month
  )
  INSERT INTO visits.month_tallies AS current (county_code, village_code, month, households)
  SELECT county_code, village_code, month, count(*)::int FROM firsts
  GROUP BY county_code, village_code, month
  ORDER BY county_code, village_code, month
  ON CONFLICT (county_code, village_code, month) DO UPDATE SET households = current.households + excluded.households;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "visits_tally_insert" AFTER INSERT ON "visits"."visits" REFERENCING NEW TABLE AS new_visits FOR EACH STATEMENT EXECUTE FUNCTION "visits"."tally_inserted_visits"();
--> statement-breakpoint
-- The tallies of visits already recorded.
INSERT INTO "visits"."household_months" (household_id, month, county_code, village_code)
SELECT DISTINCT ON (household_id, month) household_id, month, county_code, village_code FROM "visits"."visits" ORDER BY household_id, month, id;
--> statement-breakpoint
INSERT INTO "visits"."month_tallies" (county_code, village_code, month, households)
SELECT county_code, village_code, month, count(*)::int FROM "visits"."household_months" GROUP BY county_code, village_code, month;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "visits"."household_months", "visits"."month_tallies" TO zx_app;
--> statement-breakpoint
ALTER TABLE "visits"."household_months" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "visits"."household_months" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "visits"."household_months" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "visits"."month_tallies" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "visits"."month_tallies" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "visits"."month_tallies" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
