CREATE SCHEMA "funds";
--> statement-breakpoint
CREATE TABLE "funds"."allocations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"batch_id" bigint NOT NULL,
	"use" varchar(16) NOT NULL,
	"purpose" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"project_id" bigint,
	"project_title" text,
	"links_farmers" boolean DEFAULT false NOT NULL,
	"reaches_households" boolean DEFAULT false NOT NULL,
	"idempotency_key" varchar(100) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funds"."batches" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"year" integer NOT NULL,
	"level" varchar(16) NOT NULL,
	"document_number" text NOT NULL,
	"document_date" date NOT NULL,
	"amount_fen" bigint NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"idempotency_key" varchar(100) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funds"."spending" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"allocation_id" bigint NOT NULL,
	"source" varchar(16) NOT NULL,
	"source_ref" varchar(120) NOT NULL,
	"amount_fen" bigint NOT NULL,
	"paid_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "funds"."allocations" ADD CONSTRAINT "allocations_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "funds"."batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funds"."spending" ADD CONSTRAINT "spending_allocation_id_allocations_id_fk" FOREIGN KEY ("allocation_id") REFERENCES "funds"."allocations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "allocations_batch" ON "funds"."allocations" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "allocations_project" ON "funds"."allocations" USING btree ("county_code","project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "allocations_idempotency" ON "funds"."allocations" USING btree ("county_code","idempotency_key");--> statement-breakpoint
CREATE INDEX "batches_county_year" ON "funds"."batches" USING btree ("county_code","year");--> statement-breakpoint
CREATE UNIQUE INDEX "batches_idempotency" ON "funds"."batches" USING btree ("county_code","idempotency_key");--> statement-breakpoint
CREATE INDEX "spending_allocation" ON "funds"."spending" USING btree ("allocation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "spending_source" ON "funds"."spending" USING btree ("county_code","source_ref","allocation_id");