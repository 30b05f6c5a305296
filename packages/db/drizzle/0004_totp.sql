-- Two-factor sign-in (TOTP) for admins, enforced per province (等保 2.0 level 3).
ALTER TABLE "core"."sessions" ADD COLUMN "totp_enrollment_required" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE TABLE "core"."user_totp" (
	"user_id" bigint PRIMARY KEY NOT NULL REFERENCES "core"."users"("id") ON DELETE CASCADE,
	"secret_ciphertext" text NOT NULL,
	"confirmed_at" timestamp with time zone,
	"last_step" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE TABLE "core"."security_policies" (
	"province_code" varchar(2) PRIMARY KEY NOT NULL,
	"totp_required_for_admins" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" bigint
);
