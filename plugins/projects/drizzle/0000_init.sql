CREATE SCHEMA "projects";
--> statement-breakpoint
CREATE TABLE "projects"."allocations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"project_id" bigint NOT NULL,
	"funds_allocation_id" bigint NOT NULL,
	"amount_fen" bigint NOT NULL,
	"year" integer NOT NULL,
	"level" varchar(16) NOT NULL,
	"document_number" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "projects"."notices" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"project_id" bigint NOT NULL,
	"kind" varchar(32) NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"content" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "projects"."payments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"project_id" bigint NOT NULL,
	"idempotency_key" varchar(100) NOT NULL,
	"kind" varchar(16) NOT NULL,
	"amount_fen" bigint NOT NULL,
	"cap_fen" bigint NOT NULL,
	"fund_source" varchar(32) NOT NULL,
	"progress_basis_points" integer NOT NULL,
	"parameter_version" text NOT NULL,
	"paid_on" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"paid_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "projects"."progress_reports" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"project_id" bigint NOT NULL,
	"progress_basis_points" integer NOT NULL,
	"text" text NOT NULL,
	"attachments" jsonb NOT NULL,
	"reported_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "projects"."projects" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"title" text NOT NULL,
	"category" varchar(32) NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"budget_fen" bigint NOT NULL,
	"epidemic_urgent" boolean DEFAULT false NOT NULL,
	"raises_income" boolean DEFAULT false NOT NULL,
	"priority" boolean DEFAULT false NOT NULL,
	"links_farmers" boolean DEFAULT false NOT NULL,
	"reaches_households" boolean DEFAULT false NOT NULL,
	"poverty_exited_households" integer DEFAULT 0 NOT NULL,
	"monitored_households" integer DEFAULT 0 NOT NULL,
	"stage" varchar(32) NOT NULL,
	"parallel_mode" boolean DEFAULT false NOT NULL,
	"progress_basis_points" integer DEFAULT 0 NOT NULL,
	"paid_fen" bigint DEFAULT 0 NOT NULL,
	"winning_bidder" text,
	"applied_on" date NOT NULL,
	"reviewed_on" date,
	"approved_on" date,
	"tendered_on" date,
	"started_on" date,
	"completed_on" date,
	"accepted_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "projects"."allocations" ADD CONSTRAINT "allocations_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "projects"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects"."notices" ADD CONSTRAINT "notices_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "projects"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects"."payments" ADD CONSTRAINT "payments_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "projects"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects"."progress_reports" ADD CONSTRAINT "progress_reports_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "projects"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "allocations_funds_allocation" ON "projects"."allocations" USING btree ("county_code","funds_allocation_id");--> statement-breakpoint
CREATE INDEX "allocations_project" ON "projects"."allocations" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "notices_project" ON "projects"."notices" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_idempotency" ON "projects"."payments" USING btree ("county_code","idempotency_key");--> statement-breakpoint
CREATE INDEX "payments_project" ON "projects"."payments" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "progress_reports_project" ON "projects"."progress_reports" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "projects_county_stage" ON "projects"."projects" USING btree ("county_code","stage");--> statement-breakpoint
CREATE INDEX "projects_village" ON "projects"."projects" USING btree ("village_code");