-- The stored-figures cache (0001) is replaced by county tallies kept exact in the writing
-- transaction (0003): drop its change-stamping triggers, function, sequence and tables.
DROP TRIGGER "cases_insert_notes_county" ON "monitoring"."cases";--> statement-breakpoint
DROP TRIGGER "cases_update_notes_county" ON "monitoring"."cases";--> statement-breakpoint
DROP TRIGGER "cases_delete_notes_county" ON "monitoring"."cases";--> statement-breakpoint
DROP TRIGGER "signals_insert_notes_county" ON "monitoring"."signals";--> statement-breakpoint
DROP TRIGGER "signals_update_notes_county" ON "monitoring"."signals";--> statement-breakpoint
DROP TRIGGER "signals_delete_notes_county" ON "monitoring"."signals";--> statement-breakpoint
DROP TRIGGER "objects_insert_notes_county" ON "monitoring"."objects";--> statement-breakpoint
DROP TRIGGER "objects_update_notes_county" ON "monitoring"."objects";--> statement-breakpoint
DROP TRIGGER "objects_delete_notes_county" ON "monitoring"."objects";--> statement-breakpoint
DROP TRIGGER "measures_insert_notes_county" ON "monitoring"."measures";--> statement-breakpoint
DROP TRIGGER "measures_update_notes_county" ON "monitoring"."measures";--> statement-breakpoint
DROP TRIGGER "measures_delete_notes_county" ON "monitoring"."measures";--> statement-breakpoint
DROP FUNCTION "monitoring"."note_county_changes"();--> statement-breakpoint
DROP SEQUENCE "monitoring"."county_change_seq";--> statement-breakpoint
DROP TABLE "monitoring"."county_changes" CASCADE;--> statement-breakpoint
DROP TABLE "monitoring"."county_figures" CASCADE;
