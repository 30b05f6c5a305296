CREATE SCHEMA "assessment";
--> statement-breakpoint
CREATE TABLE "assessment"."deductions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"scheme_id" bigint NOT NULL,
	"code" text NOT NULL,
	"occurrences" integer NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessment"."notice_regions" (
	"notice_id" bigint NOT NULL,
	"county_code" varchar(6) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessment"."notices" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"province_code" varchar(2) NOT NULL,
	"run_id" bigint,
	"title" text NOT NULL,
	"number" text NOT NULL,
	"issued_on" date NOT NULL,
	"issuer" text NOT NULL,
	"body" text NOT NULL,
	"problems" jsonb NOT NULL,
	"status" text NOT NULL,
	"created_by" text NOT NULL,
	"published_by" text,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessment"."runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"province_code" varchar(2) NOT NULL,
	"scheme_id" bigint NOT NULL,
	"as_of" date NOT NULL,
	"inputs" jsonb NOT NULL,
	"computed_by" text NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessment"."schemes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"province_code" varchar(2) NOT NULL,
	"year" integer NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"total_points" double precision NOT NULL,
	"redistribution" text NOT NULL,
	"items" jsonb NOT NULL,
	"deductions" jsonb NOT NULL,
	"status" text NOT NULL,
	"created_by" text NOT NULL,
	"published_by" text,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessment"."scores" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" bigint NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"city_code" varchar(4) NOT NULL,
	"total" double precision NOT NULL,
	"rank" integer NOT NULL,
	"score" jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "deductions_scheme" ON "assessment"."deductions" USING btree ("scheme_id","county_code");--> statement-breakpoint
CREATE UNIQUE INDEX "notice_regions_notice_county" ON "assessment"."notice_regions" USING btree ("notice_id","county_code");--> statement-breakpoint
CREATE INDEX "notice_regions_county" ON "assessment"."notice_regions" USING btree ("county_code");--> statement-breakpoint
CREATE INDEX "runs_scheme" ON "assessment"."runs" USING btree ("scheme_id");--> statement-breakpoint
CREATE UNIQUE INDEX "schemes_province_year_version" ON "assessment"."schemes" USING btree ("province_code","year","version");--> statement-breakpoint
CREATE UNIQUE INDEX "scores_run_county" ON "assessment"."scores" USING btree ("run_id","county_code");--> statement-breakpoint
CREATE INDEX "scores_county" ON "assessment"."scores" USING btree ("county_code");--> statement-breakpoint
-- The second wall: API requests run as zx_app with zx.scope set to the caller's region, so a
-- query that forgets ctx.access.where still sees only rows of the caller's counties. Province-wide
-- rows (schemes, runs, notices) are visible within their province.
GRANT USAGE ON SCHEMA "assessment" TO zx_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "assessment" TO zx_app;
--> statement-breakpoint
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA "assessment" TO zx_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA "assessment" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO zx_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA "assessment" GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO zx_app;
--> statement-breakpoint
ALTER TABLE "assessment"."deductions" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "assessment"."deductions" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "assessment"."deductions" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "assessment"."scores" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "assessment"."scores" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "assessment"."scores" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "assessment"."notice_regions" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "assessment"."notice_regions" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "assessment"."notice_regions" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
--> statement-breakpoint
ALTER TABLE "assessment"."schemes" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "assessment"."schemes" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "province_scope" ON "assessment"."schemes" USING (current_user <> 'zx_app' OR "province_code" = left(current_setting('zx.scope', true), 2)) WITH CHECK (current_user <> 'zx_app' OR current_setting('zx.scope', true) = "province_code");
--> statement-breakpoint
ALTER TABLE "assessment"."runs" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "assessment"."runs" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "province_scope" ON "assessment"."runs" USING (current_user <> 'zx_app' OR "province_code" = left(current_setting('zx.scope', true), 2)) WITH CHECK (current_user <> 'zx_app' OR current_setting('zx.scope', true) = "province_code");
--> statement-breakpoint
ALTER TABLE "assessment"."notices" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "assessment"."notices" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "province_scope" ON "assessment"."notices" USING (current_user <> 'zx_app' OR "province_code" = left(current_setting('zx.scope', true), 2)) WITH CHECK (current_user <> 'zx_app' OR current_setting('zx.scope', true) = "province_code");
--> statement-breakpoint
-- A published scheme never changes and is never deleted; publishing may set nothing but its status,
-- publisher and time. Runs and scores are sealed: written once, never updated or deleted. A
-- published notice never changes either.
CREATE FUNCTION "assessment"."schemes_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'TRUNCATE' THEN
		RAISE EXCEPTION 'assessment: TRUNCATE of % refused', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
	END IF;
	IF TG_OP = 'INSERT' THEN
		IF NEW.status <> 'draft' THEN
			RAISE EXCEPTION 'assessment.%: only a draft can be published', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
		END IF;
		RETURN NEW;
	END IF;
	IF OLD.status <> 'draft' THEN
		RAISE EXCEPTION 'assessment.%: a published row cannot change (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
	END IF;
	IF TG_OP = 'DELETE' THEN
		RETURN OLD;
	END IF;
	IF NEW.status = 'published' AND (to_jsonb(NEW) - 'status' - 'published_by' - 'published_at' - 'updated_at') IS DISTINCT FROM (to_jsonb(OLD) - 'status' - 'published_by' - 'published_at' - 'updated_at') THEN
		RAISE EXCEPTION 'assessment.%: publishing may not change the draft', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
	END IF;
	RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "schemes_immutable" BEFORE INSERT OR UPDATE OR DELETE ON "assessment"."schemes" FOR EACH ROW EXECUTE FUNCTION "assessment"."schemes_guard"();
--> statement-breakpoint
CREATE TRIGGER "schemes_no_truncate" BEFORE TRUNCATE ON "assessment"."schemes" FOR EACH STATEMENT EXECUTE FUNCTION "assessment"."schemes_guard"();
--> statement-breakpoint
CREATE TRIGGER "notices_immutable" BEFORE INSERT OR UPDATE OR DELETE ON "assessment"."notices" FOR EACH ROW EXECUTE FUNCTION "assessment"."schemes_guard"();
--> statement-breakpoint
CREATE TRIGGER "notices_no_truncate" BEFORE TRUNCATE ON "assessment"."notices" FOR EACH STATEMENT EXECUTE FUNCTION "assessment"."schemes_guard"();
--> statement-breakpoint
CREATE FUNCTION "assessment"."sealed_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'assessment.%: sealed rows cannot change (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "runs_sealed" BEFORE UPDATE OR DELETE ON "assessment"."runs" FOR EACH ROW EXECUTE FUNCTION "assessment"."sealed_guard"();
--> statement-breakpoint
CREATE TRIGGER "runs_no_truncate" BEFORE TRUNCATE ON "assessment"."runs" FOR EACH STATEMENT EXECUTE FUNCTION "assessment"."sealed_guard"();
--> statement-breakpoint
CREATE TRIGGER "scores_sealed" BEFORE UPDATE OR DELETE ON "assessment"."scores" FOR EACH ROW EXECUTE FUNCTION "assessment"."sealed_guard"();
--> statement-breakpoint
CREATE TRIGGER "scores_no_truncate" BEFORE TRUNCATE ON "assessment"."scores" FOR EACH STATEMENT EXECUTE FUNCTION "assessment"."sealed_guard"();
