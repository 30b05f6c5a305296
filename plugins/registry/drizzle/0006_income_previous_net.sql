ALTER TABLE "registry"."incomes" ADD COLUMN "previous_net_fen" bigint;--> statement-breakpoint
-- The previous year's net income beside each income year (issue 14): registry.incomes.previous_net_fen
-- equals the net income (wages + business + property + transfers − production costs) of the same
-- household's row for year − 1, or null when there is none. The income ledger's re-run reads it to
-- find households whose income fell without joining the income table to itself (one hash join over
-- a province instead of two). Kept in the writing transaction by statement triggers, like
-- households.member_count (0005): an insert, update or delete relinks the rows it wrote and their
-- next years, set-based. The relinking UPDATE fires the update trigger again; that nested call
-- (pg_trigger_depth() > 1) does nothing, since only previous_net_fen changed. SECURITY DEFINER: the
-- link follows the incomes whatever the writer's scope (the functions touch previous_net_fen only).
-- Each trigger relinks the rows it wrote and their next years straight from its transition table, so the
-- planner sees their real number (nested index lookups for a form's row, hash joins for a bulk load).
CREATE FUNCTION "registry"."link_inserted_incomes"() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  UPDATE registry.incomes i SET previous_net_fen = p.wages_fen + p.business_fen + p.property_fen + p.transfers_fen - p.production_costs_fen
  FROM (SELECT household_id, year FROM new_rows UNION SELECT household_id, year + 1 FROM new_rows) AS touched
  LEFT JOIN registry.incomes p ON p.household_id = touched.household_id AND p.year = touched.year - 1
  WHERE i.household_id = touched.household_id AND i.year = touched.year
    AND i.previous_net_fen IS DISTINCT FROM p.wages_fen + p.business_fen + p.property_fen + p.transfers_fen - p.production_costs_fen;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "registry"."link_updated_incomes"() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF pg_trigger_depth() > 1 THEN RETURN NULL; END IF;
  UPDATE registry.incomes i SET previous_net_fen = p.wages_fen + p.business_fen + p.property_fen + p.transfers_fen - p.production_costs_fen
  FROM (SELECT household_id, year FROM new_rows UNION SELECT household_id, year + 1 FROM new_rows UNION SELECT household_id, year + 1 FROM old_rows) AS touched
  LEFT JOIN registry.incomes p ON p.household_id = touched.household_id AND p.year = touched.year - 1
  WHERE i.household_id = touched.household_id AND i.year = touched.year
    AND i.previous_net_fen IS DISTINCT FROM p.wages_fen + p.business_fen + p.property_fen + p.transfers_fen - p.production_costs_fen;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "registry"."link_deleted_incomes"() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  UPDATE registry.incomes i SET previous_net_fen = p.wages_fen + p.business_fen + p.property_fen + p.transfers_fen - p.production_costs_fen
  FROM (SELECT DISTINCT household_id, year + 1 AS year FROM old_rows) AS touched
  LEFT JOIN registry.incomes p ON p.household_id = touched.household_id AND p.year = touched.year - 1
  WHERE i.household_id = touched.household_id AND i.year = touched.year
    AND i.previous_net_fen IS DISTINCT FROM p.wages_fen + p.business_fen + p.property_fen + p.transfers_fen - p.production_costs_fen;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "incomes_link_insert" AFTER INSERT ON "registry"."incomes" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "registry"."link_inserted_incomes"();
--> statement-breakpoint
CREATE TRIGGER "incomes_link_update" AFTER UPDATE ON "registry"."incomes" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "registry"."link_updated_incomes"();
--> statement-breakpoint
CREATE TRIGGER "incomes_link_delete" AFTER DELETE ON "registry"."incomes" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "registry"."link_deleted_incomes"();
--> statement-breakpoint
-- The incomes already recorded.
UPDATE "registry"."incomes" i SET previous_net_fen = p.wages_fen + p.business_fen + p.property_fen + p.transfers_fen - p.production_costs_fen
FROM "registry"."incomes" p
WHERE p.household_id = i.household_id AND p.year = i.year - 1;
