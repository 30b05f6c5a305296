CREATE SCHEMA "core";
--> statement-breakpoint
CREATE TABLE "core"."audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"chain_key" varchar(6) NOT NULL,
	"sequence" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"user_id" bigint,
	"username" text,
	"region_code" varchar(12),
	"plugin" varchar(64) NOT NULL,
	"action" varchar(128) NOT NULL,
	"entity_type" varchar(64),
	"entity_id" text,
	"before" jsonb,
	"after" jsonb,
	"previous_hash" varchar(64) NOT NULL,
	"hash" varchar(64) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "core"."county_modules" (
	"county_code" varchar(6) NOT NULL,
	"plugin_id" varchar(64) NOT NULL,
	"enabled" boolean NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" bigint,
	CONSTRAINT "county_modules_county_code_plugin_id_pk" PRIMARY KEY("county_code","plugin_id")
);
--> statement-breakpoint
CREATE TABLE "core"."job_runs" (
	"job_id" varchar(128) NOT NULL,
	"tick" timestamp with time zone NOT NULL,
	"instance_id" varchar(64) NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"status" varchar(16) DEFAULT 'running' NOT NULL,
	"error" text,
	CONSTRAINT "job_runs_job_id_tick_pk" PRIMARY KEY("job_id","tick")
);
--> statement-breakpoint
CREATE TABLE "core"."module_policies" (
	"province_code" varchar(2) NOT NULL,
	"plugin_id" varchar(64) NOT NULL,
	"enabled_by_default" boolean DEFAULT false NOT NULL,
	"required" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "module_policies_province_code_plugin_id_pk" PRIMARY KEY("province_code","plugin_id")
);
--> statement-breakpoint
CREATE TABLE "core"."regions" (
	"code" varchar(12) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" smallint NOT NULL,
	"parent_code" varchar(12)
);
--> statement-breakpoint
CREATE TABLE "core"."sessions" (
	"token_hash" varchar(64) PRIMARY KEY NOT NULL,
	"user_id" bigint NOT NULL,
	"csrf_token" varchar(64) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "core"."users" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"username" varchar(64) NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" varchar(32) NOT NULL,
	"scope_code" varchar(12) NOT NULL,
	"locale" varchar(8) DEFAULT 'zh-CN' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"must_change_password" boolean DEFAULT false NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"password_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "audit_chain_idx" ON "core"."audit_log" USING btree ("chain_key","sequence");--> statement-breakpoint
CREATE INDEX "audit_region_idx" ON "core"."audit_log" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "audit_at_idx" ON "core"."audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "regions_parent_idx" ON "core"."regions" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "regions_code_prefix_idx" ON "core"."regions" USING btree ("code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "core"."sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_idx" ON "core"."users" USING btree ("username");--> statement-breakpoint
CREATE INDEX "users_scope_idx" ON "core"."users" USING btree ("scope_code");