CREATE TABLE "visits"."due_household_months" (
	"household_id" bigint NOT NULL,
	"month" varchar(7) NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"village_code" varchar(12) NOT NULL,
	CONSTRAINT "due_household_months_household_id_month_pk" PRIMARY KEY("household_id","month")
);
--> statement-breakpoint
ALTER TABLE "visits"."month_tallies" ADD COLUMN "due_households" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "visits"."visits" ADD COLUMN "household_due" boolean DEFAULT true NOT NULL;--> statement-breakpoint
-- Compliance's "done" per (county, village, Shanghai month) (issue 13): the households visited
-- while they had the §3 duty (visits.household_due, set by record.ts from the registry status
-- through the rules' mustVisitMonthly). The tally trigger of 0002 now also keeps
-- visits.due_household_months (one row per due household-month, the first due visit's county and
-- village) and adds each household-month it creates there to month_tallies.due_households, in the
-- same statement as the visited-households count. Compliance's "due" is the registry's
-- visit_duty_tallies (read through its public visitDutyTallies).
CREATE OR REPLACE FUNCTION "visits"."tally_inserted_visits"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH firsts AS (
    INSERT INTO visits.household_months (household_id, month, county_code, village_code)
    SELECT DISTINCT ON (household_id, month) household_id, month, county_code, village_code
    FROM new_visits
    ORDER BY household_id, month, id
    ON CONFLICT (household_id, month) DO NOTHING
    RETURNING county_code, village_code, month
  ), due_firsts AS (
    INSERT INTO visits.due_household_months (household_id, month, county_code, village_code)
    SELECT DISTINCT ON (household_id, month) household_id, month, county_code, village_code
    FROM new_visits
    WHERE household_due
    ORDER BY household_id, month, id
    ON CONFLICT (household_id, month) DO NOTHING
    RETURNING county_code, village_code, month
  ), added AS (
    SELECT county_code, village_code, month, 1 AS households, 0 AS due_households FROM firsts
    UNION ALL
    SELECT county_code, village_code, month, 0, 1 FROM due_firsts
  )
  INSERT INTO visits.month_tallies AS current (county_code, village_code, month, households, due_households)
  SELECT county_code, village_code, month, sum(households)::int, sum(due_households)::int FROM added
  GROUP BY county_code, village_code, month
  ORDER BY county_code, village_code, month
  ON CONFLICT (county_code, village_code, month) DO UPDATE
    SET households = current.households + excluded.households, due_households = current.due_households + excluded.due_households;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- The due tallies of visits already recorded: a visit recorded before this migration is taken as a
-- due household's (the column's default; the registry's statuses at that time are not known here).
INSERT INTO "visits"."due_household_months" (household_id, month, county_code, village_code)
SELECT DISTINCT ON (household_id, month) household_id, month, county_code, village_code FROM "visits"."visits" WHERE household_due ORDER BY household_id, month, id;
--> statement-breakpoint
UPDATE "visits"."month_tallies" AS tally SET due_households = due.n
FROM (SELECT county_code, village_code, month, count(*)::int AS n FROM "visits"."due_household_months" GROUP BY county_code, village_code, month) AS due
WHERE tally.county_code = due.county_code AND tally.village_code = due.village_code AND tally.month = due.month;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "visits"."due_household_months" TO zx_app;
--> statement-breakpoint
ALTER TABLE "visits"."due_household_months" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "visits"."due_household_months" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "visits"."due_household_months" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
