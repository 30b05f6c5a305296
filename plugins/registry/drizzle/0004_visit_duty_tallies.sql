CREATE TABLE "registry"."visit_duty_tallies" (
	"county_code" varchar(6) NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"households" integer NOT NULL,
	CONSTRAINT "visit_duty_tallies_county_code_village_code_pk" PRIMARY KEY("county_code","village_code")
);
--> statement-breakpoint
-- §3 visit duty per (county, village) (issue 13): the households with a monthly visit duty — status
-- `monitored` (监测户) or `left-poverty` (脱贫户), the statuses listHouseholdsForVisitDuty hands to
-- the rules' monthlyVisitDuty — kept exact by statement triggers on households in the writing
-- transaction: an insert adds its due rows, a delete takes them away, an update (status change,
-- move to another village) takes the old rows away and adds the new ones. Rows are locked in key
-- order. A village whose count falls to 0 keeps a 0 row (readers skip it).
CREATE FUNCTION "registry"."add_visit_duty"(deltas jsonb) RETURNS void LANGUAGE sql AS $$
  INSERT INTO registry.visit_duty_tallies AS current (county_code, village_code, households)
  SELECT delta->>'county', delta->>'village', (delta->>'n')::int
  FROM jsonb_array_elements(coalesce(deltas, '[]'::jsonb)) AS delta
  ORDER BY delta->>'county', delta->>'village'
  ON CONFLICT (county_code, village_code) DO UPDATE SET households = current.households + excluded.households
$$;
--> statement-breakpoint
CREATE FUNCTION "registry"."tally_visit_duty_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM registry.add_visit_duty((
    SELECT jsonb_agg(jsonb_build_object('county', county_code, 'village', village_code, 'n', n))
    FROM (SELECT county_code, village_code, count(*) AS n FROM new_rows WHERE status IN ('monitored', 'left-poverty') GROUP BY county_code, village_code) AS due
  ));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "registry"."tally_visit_duty_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM registry.add_visit_duty((
    SELECT jsonb_agg(jsonb_build_object('county', county_code, 'village', village_code, 'n', -n))
    FROM (SELECT county_code, village_code, count(*) AS n FROM old_rows WHERE status IN ('monitored', 'left-poverty') GROUP BY county_code, village_code) AS due
  ));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "registry"."tally_visit_duty_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM registry.add_visit_duty((
    SELECT jsonb_agg(jsonb_build_object('county', county_code, 'village', village_code, 'n', n))
    FROM (
      SELECT county_code, village_code, sum(n) AS n FROM (
        SELECT county_code, village_code, 1 AS n FROM new_rows WHERE status IN ('monitored', 'left-poverty')
        UNION ALL
        SELECT county_code, village_code, -1 AS n FROM old_rows WHERE status IN ('monitored', 'left-poverty')
      ) AS changes
      GROUP BY county_code, village_code
      HAVING sum(n) <> 0
    ) AS due
  ));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "households_visit_duty_insert" AFTER INSERT ON "registry"."households" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "registry"."tally_visit_duty_insert"();
--> statement-breakpoint
CREATE TRIGGER "households_visit_duty_delete" AFTER DELETE ON "registry"."households" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "registry"."tally_visit_duty_delete"();
--> statement-breakpoint
CREATE TRIGGER "households_visit_duty_update" AFTER UPDATE ON "registry"."households" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "registry"."tally_visit_duty_update"();
--> statement-breakpoint
-- The duty of households already registered.
INSERT INTO "registry"."visit_duty_tallies" (county_code, village_code, households)
SELECT county_code, village_code, count(*)::int FROM "registry"."households" WHERE status IN ('monitored', 'left-poverty') GROUP BY county_code, village_code;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "registry"."visit_duty_tallies" TO zx_app;
--> statement-breakpoint
ALTER TABLE "registry"."visit_duty_tallies" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "registry"."visit_duty_tallies" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "registry"."visit_duty_tallies" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
