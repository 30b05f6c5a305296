CREATE TABLE "core"."login_throttle" (
	"username_key" varchar(64) NOT NULL,
	"address" varchar(64) NOT NULL,
	"failures" integer NOT NULL,
	"blocked_until" timestamp with time zone,
	"last_admitted" varchar(64) NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "login_throttle_username_key_address_pk" PRIMARY KEY("username_key","address")
);
--> statement-breakpoint
DROP INDEX "core"."users_username_idx";--> statement-breakpoint
CREATE INDEX "login_throttle_updated_idx" ON "core"."login_throttle" USING btree ("updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_lower_idx" ON "core"."users" USING btree (lower("username"));