CREATE TABLE "core"."upload_progress" (
	"upload_id" varchar(36) PRIMARY KEY NOT NULL,
	"user_id" bigint NOT NULL,
	"phase" varchar(16) NOT NULL,
	"rows_done" integer DEFAULT 0 NOT NULL,
	"rows_total" integer,
	"percent" smallint,
	"problems" integer DEFAULT 0 NOT NULL,
	"error" jsonb,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "core"."uploads" (
	"id" varchar(36) PRIMARY KEY NOT NULL,
	"plugin" varchar(64) NOT NULL,
	"purpose" varchar(64) NOT NULL,
	"user_id" bigint NOT NULL,
	"county_code" varchar(6),
	"file_name" text NOT NULL,
	"type" varchar(8) NOT NULL,
	"bytes" integer NOT NULL,
	"sha256" varchar(64) NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "upload_progress_updated_idx" ON "core"."upload_progress" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "uploads_created_idx" ON "core"."uploads" USING btree ("created_at");