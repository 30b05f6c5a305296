CREATE SCHEMA "monitoring";
--> statement-breakpoint
CREATE TABLE "monitoring"."cases" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"household_id" bigint NOT NULL,
	"step" varchar(32) NOT NULL,
	"discovered_on" date NOT NULL,
	"warning_on" date NOT NULL,
	"deadline_on" date NOT NULL,
	"deadline_status" varchar(16) NOT NULL,
	"escalation_level" varchar(16) DEFAULT 'none' NOT NULL,
	"escalated_on" date,
	"parameter_version" varchar(32) NOT NULL,
	"green_channel" boolean DEFAULT false NOT NULL,
	"green_channel_decision" jsonb,
	"risk_types" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"risk_categories" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"evaluation" jsonb,
	"object_type_decision" jsonb,
	"object_type" varchar(32),
	"consent_signed" boolean DEFAULT false NOT NULL,
	"notice_posted_on" date,
	"notice_completed_on" date,
	"completed_on" date,
	"closed_reason" text,
	"closed_on" date,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring"."eliminations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"household_id" bigint NOT NULL,
	"object_id" bigint NOT NULL,
	"step" varchar(32) NOT NULL,
	"facts" jsonb NOT NULL,
	"eligibility" jsonb NOT NULL,
	"proposed_on" date NOT NULL,
	"notice_posted_on" date,
	"notice_completed_on" date,
	"approved_on" date,
	"closed_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring"."history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"subject" varchar(16) NOT NULL,
	"subject_id" bigint NOT NULL,
	"action" varchar(48) NOT NULL,
	"from_step" varchar(32),
	"to_step" varchar(32),
	"actor" text NOT NULL,
	"actor_role" varchar(32) NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"on_date" date NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"participants" integer
);
--> statement-breakpoint
CREATE TABLE "monitoring"."measures" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"household_id" bigint NOT NULL,
	"case_id" bigint,
	"object_id" bigint,
	"kind" varchar(32) NOT NULL,
	"responsible_unit" text NOT NULL,
	"amount_fen" bigint DEFAULT 0 NOT NULL,
	"start_on" date NOT NULL,
	"end_on" date,
	"status" varchar(16) NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"green_channel" boolean DEFAULT false NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring"."objects" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"household_id" bigint NOT NULL,
	"case_id" bigint NOT NULL,
	"object_type" varchar(32) NOT NULL,
	"risk_types" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"risk_categories" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" varchar(16) NOT NULL,
	"included_on" date NOT NULL,
	"eliminated_on" date,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring"."signals" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"household_id" bigint NOT NULL,
	"source" varchar(32) NOT NULL,
	"department" varchar(32),
	"category" varchar(48),
	"summary" text NOT NULL,
	"risk_types" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"evidence" jsonb NOT NULL,
	"detected_on" date NOT NULL,
	"reported_by" text NOT NULL,
	"case_id" bigint,
	"object_id" bigint,
	"disposition" varchar(32) NOT NULL,
	"resolved_on" date,
	"resolution" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "monitoring"."eliminations" ADD CONSTRAINT "eliminations_object_id_objects_id_fk" FOREIGN KEY ("object_id") REFERENCES "monitoring"."objects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring"."measures" ADD CONSTRAINT "measures_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "monitoring"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring"."measures" ADD CONSTRAINT "measures_object_id_objects_id_fk" FOREIGN KEY ("object_id") REFERENCES "monitoring"."objects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring"."objects" ADD CONSTRAINT "objects_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "monitoring"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring"."signals" ADD CONSTRAINT "signals_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "monitoring"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cases_county_step" ON "monitoring"."cases" USING btree ("county_code","step");--> statement-breakpoint
CREATE INDEX "cases_village" ON "monitoring"."cases" USING btree ("village_code");--> statement-breakpoint
CREATE INDEX "cases_household" ON "monitoring"."cases" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "cases_county_status" ON "monitoring"."cases" USING btree ("county_code","deadline_status");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_one_open_per_household" ON "monitoring"."cases" USING btree ("household_id") WHERE step not in ('included', 'rejected');--> statement-breakpoint
CREATE INDEX "eliminations_county_step" ON "monitoring"."eliminations" USING btree ("county_code","step");--> statement-breakpoint
CREATE UNIQUE INDEX "eliminations_one_open_per_object" ON "monitoring"."eliminations" USING btree ("object_id") WHERE step in ('village-review', 'village-notice', 'county-approval');--> statement-breakpoint
CREATE INDEX "history_subject" ON "monitoring"."history" USING btree ("subject","subject_id");--> statement-breakpoint
CREATE INDEX "measures_household" ON "monitoring"."measures" USING btree ("household_id","status");--> statement-breakpoint
CREATE INDEX "measures_county" ON "monitoring"."measures" USING btree ("county_code");--> statement-breakpoint
CREATE INDEX "objects_county_status" ON "monitoring"."objects" USING btree ("county_code","status");--> statement-breakpoint
CREATE INDEX "objects_village" ON "monitoring"."objects" USING btree ("village_code");--> statement-breakpoint
CREATE UNIQUE INDEX "objects_one_monitored_per_household" ON "monitoring"."objects" USING btree ("household_id") WHERE status = 'monitored';--> statement-breakpoint
CREATE INDEX "signals_county" ON "monitoring"."signals" USING btree ("county_code","detected_on");--> statement-breakpoint
CREATE INDEX "signals_household" ON "monitoring"."signals" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "signals_case" ON "monitoring"."signals" USING btree ("case_id");