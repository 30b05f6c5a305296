CREATE TABLE "monitoring"."county_changes" (
	"county_code" varchar(6) PRIMARY KEY NOT NULL,
	"changed_seq" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring"."county_figures" (
	"county_code" varchar(6) PRIMARY KEY NOT NULL,
	"based_on_change" bigint NOT NULL,
	"computed_for" date NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"summary" json NOT NULL,
	"trend" json NOT NULL
);
--> statement-breakpoint
CREATE SEQUENCE "monitoring"."county_change_seq";
--> statement-breakpoint
-- Stamps every county whose rows a statement touched (transition tables: one upsert per county
-- per statement, however many rows), so cached county figures are known to be stale.
CREATE FUNCTION "monitoring"."note_county_changes"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO monitoring.county_changes (county_code, changed_seq)
  SELECT county_code, nextval('monitoring.county_change_seq') FROM (SELECT DISTINCT county_code FROM changed_rows) AS touched
  ON CONFLICT (county_code) DO UPDATE SET changed_seq = excluded.changed_seq;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "cases_insert_notes_county" AFTER INSERT ON "monitoring"."cases" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "monitoring"."note_county_changes"();
--> statement-breakpoint
CREATE TRIGGER "cases_update_notes_county" AFTER UPDATE ON "monitoring"."cases" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "monitoring"."note_county_changes"();
--> statement-breakpoint
CREATE TRIGGER "cases_delete_notes_county" AFTER DELETE ON "monitoring"."cases" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "monitoring"."note_county_changes"();
--> statement-breakpoint
CREATE TRIGGER "signals_insert_notes_county" AFTER INSERT ON "monitoring"."signals" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "monitoring"."note_county_changes"();
--> statement-breakpoint
CREATE TRIGGER "signals_update_notes_county" AFTER UPDATE ON "monitoring"."signals" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "monitoring"."note_county_changes"();
--> statement-breakpoint
CREATE TRIGGER "signals_delete_notes_county" AFTER DELETE ON "monitoring"."signals" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "monitoring"."note_county_changes"();
--> statement-breakpoint
CREATE TRIGGER "objects_insert_notes_county" AFTER INSERT ON "monitoring"."objects" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "monitoring"."note_county_changes"();
--> statement-breakpoint
CREATE TRIGGER "objects_update_notes_county" AFTER UPDATE ON "monitoring"."objects" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "monitoring"."note_county_changes"();
--> statement-breakpoint
CREATE TRIGGER "objects_delete_notes_county" AFTER DELETE ON "monitoring"."objects" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "monitoring"."note_county_changes"();
--> statement-breakpoint
CREATE TRIGGER "measures_insert_notes_county" AFTER INSERT ON "monitoring"."measures" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "monitoring"."note_county_changes"();
--> statement-breakpoint
CREATE TRIGGER "measures_update_notes_county" AFTER UPDATE ON "monitoring"."measures" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "monitoring"."note_county_changes"();
--> statement-breakpoint
CREATE TRIGGER "measures_delete_notes_county" AFTER DELETE ON "monitoring"."measures" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "monitoring"."note_county_changes"();
