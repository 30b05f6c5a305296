ALTER TABLE "registry"."households" ADD COLUMN "member_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- The household size (issue 14): registry.households.member_count equals the household's rows in
-- registry.members, kept in the writing transaction by statement triggers on members — an insert
-- (by hand, import INSERT or COPY) adds, a delete takes away, an update that moves members to
-- another household moves the count — and on households: a household inserted after members that
-- already name its id counts them, whatever member_count the insert gave. Households are locked in
-- id order before they are counted. SECURITY DEFINER: the count follows the members whatever the
-- writer's scope (row-level security stays as it is; the functions touch member_count only).
CREATE FUNCTION "registry"."add_member_counts"(deltas jsonb) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF deltas IS NULL THEN RETURN; END IF;
  PERFORM 1 FROM registry.households h
  WHERE h.id IN (SELECT (delta->>'household')::bigint FROM jsonb_array_elements(deltas) AS delta)
  ORDER BY h.id FOR NO KEY UPDATE;
  UPDATE registry.households h SET member_count = h.member_count + d.n
  FROM (SELECT (delta->>'household')::bigint AS household_id, (delta->>'n')::int AS n FROM jsonb_array_elements(deltas) AS delta) AS d
  WHERE h.id = d.household_id;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "registry"."count_members_insert"() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM registry.add_member_counts((
    SELECT jsonb_agg(jsonb_build_object('household', household_id, 'n', n))
    FROM (SELECT household_id, count(*) AS n FROM new_rows GROUP BY household_id) AS added
  ));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "registry"."count_members_delete"() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM registry.add_member_counts((
    SELECT jsonb_agg(jsonb_build_object('household', household_id, 'n', -n))
    FROM (SELECT household_id, count(*) AS n FROM old_rows GROUP BY household_id) AS removed
  ));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "registry"."count_members_update"() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM registry.add_member_counts((
    SELECT jsonb_agg(jsonb_build_object('household', household_id, 'n', n))
    FROM (
      SELECT household_id, sum(n) AS n FROM (
        SELECT household_id, 1 AS n FROM new_rows
        UNION ALL
        SELECT household_id, -1 AS n FROM old_rows
      ) AS changes
      GROUP BY household_id
      HAVING sum(n) <> 0
    ) AS moved
  ));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "registry"."count_members_of_new_household"() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  NEW.member_count := (SELECT count(*) FROM registry.members m WHERE m.household_id = NEW.id);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "members_count_insert" AFTER INSERT ON "registry"."members" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "registry"."count_members_insert"();
--> statement-breakpoint
CREATE TRIGGER "members_count_delete" AFTER DELETE ON "registry"."members" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "registry"."count_members_delete"();
--> statement-breakpoint
CREATE TRIGGER "members_count_update" AFTER UPDATE ON "registry"."members" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "registry"."count_members_update"();
--> statement-breakpoint
CREATE TRIGGER "households_count_members" BEFORE INSERT OR UPDATE OF id ON "registry"."households" FOR EACH ROW EXECUTE FUNCTION "registry"."count_members_of_new_household"();
--> statement-breakpoint
-- The households already registered.
UPDATE "registry"."households" h SET member_count = m.n
FROM (SELECT household_id, count(*)::int AS n FROM "registry"."members" GROUP BY household_id) AS m
WHERE h.id = m.household_id;
