-- Policy parameter sets as governed data (issue 18): drafted by one province admin, published by
-- another (four eyes, also checked here), immutable once published or discarded.
CREATE TABLE "core"."parameter_sets" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"province_code" varchar(2) NOT NULL,
	"version" varchar(32) NOT NULL,
	"status" varchar(16) NOT NULL,
	"origin" varchar(8) NOT NULL,
	"effective_from" date,
	"values" jsonb NOT NULL,
	"based_on" varchar(32),
	"note" text,
	"created_by" bigint,
	"created_by_name" varchar(64) NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"published_by" bigint,
	"published_by_name" varchar(64),
	"published_at" timestamp with time zone,
	CONSTRAINT "parameter_sets_status_check" CHECK ("status" in ('draft', 'published', 'discarded')),
	CONSTRAINT "parameter_sets_origin_check" CHECK ("origin" in ('seed', 'user')),
	CONSTRAINT "parameter_sets_published_check" CHECK ("status" <> 'published' or ("effective_from" is not null and "published_at" is not null)),
	CONSTRAINT "parameter_sets_four_eyes_check" CHECK ("status" <> 'published' or "origin" = 'seed' or ("published_by" is not null and "created_by" is not null and "published_by" <> "created_by"))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "parameter_sets_version_idx" ON "core"."parameter_sets" USING btree ("version");
--> statement-breakpoint
CREATE UNIQUE INDEX "parameter_sets_published_start_idx" ON "core"."parameter_sets" USING btree ("province_code","effective_from") WHERE "status" = 'published';
--> statement-breakpoint
CREATE INDEX "parameter_sets_province_idx" ON "core"."parameter_sets" USING btree ("province_code","status");
--> statement-breakpoint
-- Published and discarded sets never change and are never deleted. A set becomes published only
-- as a seed or by the draft → published step, which may set nothing but its date and publisher:
-- the values the second admin publishes are exactly the ones the author wrote. A new published set
-- starts after every published set of its province, so history is never rewritten.
CREATE FUNCTION "core"."parameter_sets_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	latest date;
BEGIN
	IF TG_OP = 'TRUNCATE' THEN
		RAISE EXCEPTION 'core.parameter_sets: TRUNCATE refused' USING ERRCODE = 'insufficient_privilege';
	END IF;
	IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status <> 'draft' THEN
		RAISE EXCEPTION 'core.parameter_sets: a % parameter set cannot change (% refused)', OLD.status, TG_OP USING ERRCODE = 'insufficient_privilege';
	END IF;
	IF TG_OP = 'DELETE' THEN
		RETURN OLD;
	END IF;
	IF TG_OP = 'INSERT' AND NEW.status = 'published' AND NEW.origin <> 'seed' THEN
		RAISE EXCEPTION 'core.parameter_sets: only a draft can be published' USING ERRCODE = 'insufficient_privilege';
	END IF;
	IF TG_OP = 'UPDATE' AND NEW.status = 'published' THEN
		IF NEW.values IS DISTINCT FROM OLD.values OR NEW.version IS DISTINCT FROM OLD.version
			OR NEW.province_code IS DISTINCT FROM OLD.province_code OR NEW.created_by IS DISTINCT FROM OLD.created_by
			OR NEW.origin IS DISTINCT FROM OLD.origin THEN
			RAISE EXCEPTION 'core.parameter_sets: publishing may not change the draft' USING ERRCODE = 'insufficient_privilege';
		END IF;
	END IF;
	IF NEW.status = 'published' THEN
		SELECT max(p.effective_from) INTO latest FROM core.parameter_sets p
			WHERE p.province_code = NEW.province_code AND p.status = 'published' AND p.id <> NEW.id;
		IF latest IS NOT NULL AND NEW.effective_from <= latest THEN
			RAISE EXCEPTION 'core.parameter_sets: a published set must start after %', latest USING ERRCODE = 'check_violation';
		END IF;
	END IF;
	RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "parameter_sets_immutable" BEFORE INSERT OR UPDATE OR DELETE ON "core"."parameter_sets" FOR EACH ROW EXECUTE FUNCTION "core"."parameter_sets_guard"();
--> statement-breakpoint
CREATE TRIGGER "parameter_sets_no_truncate" BEFORE TRUNCATE ON "core"."parameter_sets" FOR EACH STATEMENT EXECUTE FUNCTION "core"."parameter_sets_guard"();
