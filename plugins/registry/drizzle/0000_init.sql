CREATE SCHEMA "registry";
--> statement-breakpoint
CREATE TABLE "registry"."household_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"household_id" bigint NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"username" text,
	"action" varchar(48) NOT NULL,
	"changes" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry"."households" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"household_key" varchar(32) NOT NULL,
	"address" text NOT NULL,
	"status" varchar(16) NOT NULL,
	"year_left_poverty" smallint,
	"labour_capacity" varchar(16) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry"."incomes" (
	"household_id" bigint NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"year" integer NOT NULL,
	"wages_fen" bigint NOT NULL,
	"business_fen" bigint NOT NULL,
	"property_fen" bigint NOT NULL,
	"transfers_fen" bigint NOT NULL,
	"production_costs_fen" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry"."members" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"household_id" bigint NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"name" text NOT NULL,
	"id_number" varchar(18) NOT NULL,
	"relation" varchar(16) NOT NULL,
	"birth_date" date NOT NULL,
	"sex" varchar(6) NOT NULL,
	"disability_grade" smallint,
	"serious_illness" varchar(24) DEFAULT 'none' NOT NULL,
	"health_note" text DEFAULT '' NOT NULL,
	"schooling" varchar(16) NOT NULL,
	"employment" varchar(24) NOT NULL
);
--> statement-breakpoint
CREATE INDEX "household_history_household_idx" ON "registry"."household_history" USING btree ("household_id","at");--> statement-breakpoint
CREATE INDEX "household_history_county_idx" ON "registry"."household_history" USING btree ("county_code");--> statement-breakpoint
CREATE UNIQUE INDEX "households_key_idx" ON "registry"."households" USING btree ("county_code","household_key");--> statement-breakpoint
CREATE INDEX "households_village_idx" ON "registry"."households" USING btree ("county_code","village_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "households_status_idx" ON "registry"."households" USING btree ("county_code","status");--> statement-breakpoint
CREATE UNIQUE INDEX "incomes_household_year_idx" ON "registry"."incomes" USING btree ("household_id","year");--> statement-breakpoint
CREATE INDEX "incomes_county_idx" ON "registry"."incomes" USING btree ("county_code");--> statement-breakpoint
CREATE UNIQUE INDEX "members_id_number_idx" ON "registry"."members" USING btree ("county_code","id_number");--> statement-breakpoint
CREATE INDEX "members_id_number_global_idx" ON "registry"."members" USING btree ("id_number" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "members_name_idx" ON "registry"."members" USING btree ("county_code","name" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "members_household_idx" ON "registry"."members" USING btree ("household_id");