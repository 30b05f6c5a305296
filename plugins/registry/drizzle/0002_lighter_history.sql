DROP INDEX "registry"."household_history_county_idx";--> statement-breakpoint
ALTER TABLE "registry"."household_history" ALTER COLUMN "changes" SET DATA TYPE json;