CREATE TABLE "monitoring"."county_tallies" (
	"county_code" varchar(6) PRIMARY KEY NOT NULL,
	"tallies" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring"."household_coverage" (
	"household_id" bigint NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"covered" integer NOT NULL,
	CONSTRAINT "household_coverage_household_id_county_code_pk" PRIMARY KEY("household_id","county_code")
);
--> statement-breakpoint
-- County tallies: what city and province dashboards add up. Every statement that writes cases,
-- signals, objects or measures adds, in its own transaction, the difference it made to each
-- county's tallies, so the figures are exact at every commit and no request scans a province.
-- A tally is a jsonb map `<metric>:<key>` → count; keys whose count reaches 0 are dropped, so a
-- county's tallies hold exactly the groups a live GROUP BY returns.
CREATE FUNCTION "monitoring"."add_tallies"(current jsonb, delta jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(jsonb_object_agg(key, total), '{}'::jsonb)
  FROM (
    SELECT key, sum(value) AS total
    FROM (
      SELECT key, value::bigint AS value FROM jsonb_each_text(current)
      UNION ALL
      SELECT key, value::bigint AS value FROM jsonb_each_text(delta)
    ) AS parts
    GROUP BY key
  ) AS totals
  WHERE total <> 0
$$;
--> statement-breakpoint
-- Adds `deltas` ({county: {key: difference}}) to the counties' rows, locking them in county order
-- (one row per county: concurrent writers of one county queue here, as for any counter).
CREATE FUNCTION "monitoring"."apply_tallies"(deltas jsonb) RETURNS void LANGUAGE sql AS $$
  INSERT INTO monitoring.county_tallies AS current (county_code, tallies)
  SELECT county.key, monitoring.add_tallies('{}'::jsonb, county.value)
  FROM jsonb_each(coalesce(deltas, '{}'::jsonb)) AS county
  ORDER BY county.key
  ON CONFLICT (county_code) DO UPDATE SET tallies = monitoring.add_tallies(current.tallies, excluded.tallies)
$$;
--> statement-breakpoint
-- What one case adds to its county's tallies (the same filters as dashboard.ts caseFigures; the
-- open steps are OPEN_CASE_STEPS in src/index.ts, and the tallies spec compares both).
CREATE FUNCTION "monitoring"."case_tally"(step text, deadline_status text, escalation_level text, green_channel boolean, discovered_on date, completed_on date)
RETURNS TABLE(key text, value bigint) LANGUAGE sql IMMUTABLE AS $$
  SELECT key, value FROM (
    SELECT step IN ('verification', 'comparison', 'village-review', 'village-notice', 'township-review', 'county-approval') AS open,
           step = 'included' AS included
  ) AS c
  CROSS JOIN LATERAL (VALUES
    ('step:' || step, 1::bigint),
    ('cases.open', (c.open)::int::bigint),
    ('cases.overdue', (c.open AND deadline_status = 'overdue')::int::bigint),
    ('cases.warning', (c.open AND deadline_status = 'warning')::int::bigint),
    ('cases.escalated-city', (c.open AND escalation_level IN ('city', 'province'))::int::bigint),
    ('cases.escalated-province', (c.open AND escalation_level = 'province')::int::bigint),
    ('cases.green-channel-open', (c.open AND green_channel)::int::bigint),
    ('cases.included', (c.included)::int::bigint),
    ('cases.included-on-time', (c.included AND deadline_status = 'done-on-time')::int::bigint),
    ('cases.rejected', (step = 'rejected')::int::bigint),
    ('cases.inclusion-days', CASE WHEN c.included AND completed_on IS NOT NULL THEN (completed_on - discovered_on)::bigint ELSE 0 END),
    ('cases.inclusion-count', (c.included AND completed_on IS NOT NULL)::int::bigint),
    ('opened:' || to_char(discovered_on, 'YYYY-MM'), 1::bigint)
  ) AS v(key, value)
  WHERE value <> 0
$$;
--> statement-breakpoint
-- What one monitoring object adds (dashboard.ts liveSummary and liveTrend).
CREATE FUNCTION "monitoring"."object_tally"(status text, object_type text, risk_categories jsonb, included_on date, eliminated_on date)
RETURNS TABLE(key text, value bigint) LANGUAGE sql IMMUTABLE AS $$
  SELECT 'status:' || status, 1::bigint
  UNION ALL SELECT 'type:' || object_type, 1 WHERE status = 'monitored'
  UNION ALL SELECT 'category:' || category, 1 FROM jsonb_array_elements_text(risk_categories) AS category WHERE status = 'monitored'
  UNION ALL SELECT 'included:' || to_char(included_on, 'YYYY-MM'), 1
  UNION ALL SELECT 'eliminated:' || to_char(eliminated_on, 'YYYY-MM'), 1 WHERE status = 'risk-eliminated' AND eliminated_on IS NOT NULL
$$;
--> statement-breakpoint
-- Statement triggers: TG_ARGV[0] is +1 for rows added (INSERT, UPDATE's new rows) and -1 for rows
-- removed (DELETE, UPDATE's old rows); an UPDATE adds its new rows first, then removes its old.
CREATE FUNCTION "monitoring"."tally_cases"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM monitoring.apply_tallies((
    SELECT jsonb_object_agg(county_code, tallies) FROM (
      SELECT county_code, jsonb_object_agg(key, value) AS tallies FROM (
        SELECT r.county_code, t.key, sum(t.value) * TG_ARGV[0]::int AS value
        FROM changed_rows AS r
        CROSS JOIN LATERAL monitoring.case_tally(r.step, r.deadline_status, r.escalation_level, r.green_channel, r.discovered_on, r.completed_on) AS t
        GROUP BY 1, 2
      ) AS per_key GROUP BY county_code
    ) AS per_county));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "monitoring"."tally_objects"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM monitoring.apply_tallies((
    SELECT jsonb_object_agg(county_code, tallies) FROM (
      SELECT county_code, jsonb_object_agg(key, value) AS tallies FROM (
        SELECT r.county_code, t.key, sum(t.value) * TG_ARGV[0]::int AS value
        FROM changed_rows AS r
        CROSS JOIN LATERAL monitoring.object_tally(r.status, r.object_type, r.risk_categories, r.included_on, r.eliminated_on) AS t
        GROUP BY 1, 2
      ) AS per_key GROUP BY county_code
    ) AS per_county));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "monitoring"."tally_signals"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM monitoring.apply_tallies((
    SELECT jsonb_object_agg(county_code, tallies) FROM (
      SELECT county_code, jsonb_object_agg('signals:' || month, count * TG_ARGV[0]::int) AS tallies FROM (
        SELECT r.county_code, to_char(r.detected_on, 'YYYY-MM') AS month, count(*) AS count FROM changed_rows AS r GROUP BY 1, 2
      ) AS per_month GROUP BY county_code
    ) AS per_county));
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Assistance coverage: a monitored object counts as covered while its household has an active
-- measure. household_coverage keeps what each household last added to `coverage.covered` in each
-- county of its objects; a statement touching a household's objects or measures recounts it and
-- adds the difference. The household rows are locked first (row locks, so a bulk statement over a
-- million households needs no lock-table entries), and the recount is a new statement, so a writer
-- that waited here recounts after the other committed and no difference is added twice.
-- (household_id never changes on objects or measures, so the changed rows name every household.)
CREATE FUNCTION "monitoring"."recount_coverage"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  deltas jsonb;
BEGIN
  INSERT INTO monitoring.household_coverage (household_id, county_code, covered)
  SELECT DISTINCT o.household_id, o.county_code, 0
  FROM monitoring.objects AS o
  WHERE o.household_id IN (SELECT household_id FROM changed_rows)
  ORDER BY 1, 2
  ON CONFLICT DO NOTHING;
  PERFORM 1 FROM monitoring.household_coverage AS s
  WHERE s.household_id IN (SELECT household_id FROM changed_rows)
  ORDER BY s.household_id, s.county_code
  FOR UPDATE;
  WITH fresh AS (
    SELECT s.household_id, s.county_code, s.covered AS before,
      CASE WHEN EXISTS (SELECT 1 FROM monitoring.measures AS m WHERE m.household_id = s.household_id AND m.status = 'active')
        THEN (SELECT count(*) FROM monitoring.objects AS o WHERE o.household_id = s.household_id AND o.county_code = s.county_code AND o.status = 'monitored')
        ELSE 0 END::int AS covered
    FROM monitoring.household_coverage AS s
    WHERE s.household_id IN (SELECT household_id FROM changed_rows)
  ), changed AS (
    UPDATE monitoring.household_coverage AS s SET covered = fresh.covered
    FROM fresh
    WHERE s.household_id = fresh.household_id AND s.county_code = fresh.county_code AND fresh.covered <> fresh.before
    RETURNING s.county_code, fresh.covered - fresh.before AS difference
  )
  SELECT jsonb_object_agg(county_code, jsonb_build_object('coverage.covered', difference)) INTO deltas
  FROM (SELECT county_code, sum(difference) AS difference FROM changed GROUP BY county_code) AS per_county;
  PERFORM monitoring.apply_tallies(deltas);
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Recomputes every county's tallies from the rows (the first fill, and a repair should one ever
-- be needed): the same tally functions the triggers use, over the whole tables.
CREATE FUNCTION "monitoring"."rebuild_tallies"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE monitoring.county_tallies, monitoring.household_coverage IN EXCLUSIVE MODE;
  DELETE FROM monitoring.household_coverage;
  INSERT INTO monitoring.household_coverage (household_id, county_code, covered)
  SELECT o.household_id, o.county_code,
    CASE WHEN EXISTS (SELECT 1 FROM monitoring.measures AS m WHERE m.household_id = o.household_id AND m.status = 'active')
      THEN count(*) FILTER (WHERE o.status = 'monitored') ELSE 0 END
  FROM monitoring.objects AS o GROUP BY o.household_id, o.county_code;
  DELETE FROM monitoring.county_tallies;
  PERFORM monitoring.apply_tallies((
    SELECT jsonb_object_agg(county_code, tallies) FROM (
      SELECT county_code, jsonb_object_agg(key, value) AS tallies FROM (
        SELECT county_code, key, sum(value) AS value FROM (
          SELECT c.county_code, t.key, t.value FROM monitoring.cases AS c
            CROSS JOIN LATERAL monitoring.case_tally(c.step, c.deadline_status, c.escalation_level, c.green_channel, c.discovered_on, c.completed_on) AS t
          UNION ALL
          SELECT o.county_code, t.key, t.value FROM monitoring.objects AS o
            CROSS JOIN LATERAL monitoring.object_tally(o.status, o.object_type, o.risk_categories, o.included_on, o.eliminated_on) AS t
          UNION ALL
          SELECT s.county_code, 'signals:' || to_char(s.detected_on, 'YYYY-MM'), 1 FROM monitoring.signals AS s
          UNION ALL
          SELECT h.county_code, 'coverage.covered', h.covered FROM monitoring.household_coverage AS h
        ) AS parts GROUP BY 1, 2
      ) AS per_key GROUP BY county_code
    ) AS per_county));
END
$$;
--> statement-breakpoint
SELECT monitoring.rebuild_tallies();
--> statement-breakpoint
CREATE TRIGGER "cases_insert_tally" AFTER INSERT ON "monitoring"."cases" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "monitoring"."tally_cases"('1');
--> statement-breakpoint
CREATE TRIGGER "cases_update_tally_1_added" AFTER UPDATE ON "monitoring"."cases" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "monitoring"."tally_cases"('1');
--> statement-breakpoint
CREATE TRIGGER "cases_update_tally_2_removed" AFTER UPDATE ON "monitoring"."cases" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "monitoring"."tally_cases"('-1');
--> statement-breakpoint
CREATE TRIGGER "cases_delete_tally" AFTER DELETE ON "monitoring"."cases" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "monitoring"."tally_cases"('-1');
--> statement-breakpoint
CREATE TRIGGER "objects_insert_tally" AFTER INSERT ON "monitoring"."objects" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "monitoring"."tally_objects"('1');
--> statement-breakpoint
CREATE TRIGGER "objects_update_tally_1_added" AFTER UPDATE ON "monitoring"."objects" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "monitoring"."tally_objects"('1');
--> statement-breakpoint
CREATE TRIGGER "objects_update_tally_2_removed" AFTER UPDATE ON "monitoring"."objects" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "monitoring"."tally_objects"('-1');
--> statement-breakpoint
CREATE TRIGGER "objects_delete_tally" AFTER DELETE ON "monitoring"."objects" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "monitoring"."tally_objects"('-1');
--> statement-breakpoint
CREATE TRIGGER "signals_insert_tally" AFTER INSERT ON "monitoring"."signals" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "monitoring"."tally_signals"('1');
--> statement-breakpoint
CREATE TRIGGER "signals_update_tally_1_added" AFTER UPDATE ON "monitoring"."signals" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "monitoring"."tally_signals"('1');
--> statement-breakpoint
CREATE TRIGGER "signals_update_tally_2_removed" AFTER UPDATE ON "monitoring"."signals" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "monitoring"."tally_signals"('-1');
--> statement-breakpoint
CREATE TRIGGER "signals_delete_tally" AFTER DELETE ON "monitoring"."signals" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "monitoring"."tally_signals"('-1');
--> statement-breakpoint
CREATE TRIGGER "objects_insert_coverage" AFTER INSERT ON "monitoring"."objects" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "monitoring"."recount_coverage"();
--> statement-breakpoint
CREATE TRIGGER "objects_update_coverage" AFTER UPDATE ON "monitoring"."objects" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "monitoring"."recount_coverage"();
--> statement-breakpoint
CREATE TRIGGER "objects_delete_coverage" AFTER DELETE ON "monitoring"."objects" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "monitoring"."recount_coverage"();
--> statement-breakpoint
CREATE TRIGGER "measures_insert_coverage" AFTER INSERT ON "monitoring"."measures" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "monitoring"."recount_coverage"();
--> statement-breakpoint
CREATE TRIGGER "measures_update_coverage" AFTER UPDATE ON "monitoring"."measures" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "monitoring"."recount_coverage"();
--> statement-breakpoint
CREATE TRIGGER "measures_delete_coverage" AFTER DELETE ON "monitoring"."measures" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "monitoring"."recount_coverage"();
