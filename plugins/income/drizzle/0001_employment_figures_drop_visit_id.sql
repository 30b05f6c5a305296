CREATE TABLE "income"."employment_figures" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"year" integer NOT NULL,
	"local" integer,
	"outside_county" integer,
	"outside_province" integer,
	"public_welfare_jobs" integer,
	"recorded_by" text,
	"target_employed" integer,
	"target_set_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "income"."adjustments_visit";--> statement-breakpoint
CREATE UNIQUE INDEX "employment_county_year" ON "income"."employment_figures" USING btree ("county_code","year");--> statement-breakpoint
ALTER TABLE "income"."adjustments" DROP COLUMN "visit_id";