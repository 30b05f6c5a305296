-- Audit retention (等保 2.0: ≥ 180 days) and checkpoints. The audit log is append-only at the
-- database: UPDATE, DELETE and TRUNCATE are refused, except a DELETE of entries older than 180 days
-- made by core.purge_audit_log (which sets zx.audit_purge for its own transaction).
CREATE TABLE "core"."audit_horizons" (
	"chain_key" varchar(6) PRIMARY KEY NOT NULL,
	"through_sequence" integer NOT NULL,
	"through_hash" varchar(64) NOT NULL,
	"purged_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "core"."audit_checkpoints" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"chain_key" varchar(6) NOT NULL,
	"sequence" integer NOT NULL,
	"hash" varchar(64) NOT NULL,
	"entry_count" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"signature" varchar(64) NOT NULL
);
--> statement-breakpoint
CREATE INDEX "audit_checkpoints_chain_idx" ON "core"."audit_checkpoints" USING btree ("chain_key","id");
--> statement-breakpoint
CREATE FUNCTION "core"."audit_log_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' AND current_setting('zx.audit_purge', true) = 'on' THEN
		IF OLD.at < now() - interval '180 days' THEN
			RETURN OLD;
		END IF;
	END IF;
	RAISE EXCEPTION 'core.audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "core"."audit_log" FOR EACH ROW EXECUTE FUNCTION "core"."audit_log_guard"();
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "core"."audit_log" FOR EACH STATEMENT EXECUTE FUNCTION "core"."audit_log_guard"();
--> statement-breakpoint
CREATE FUNCTION "core"."audit_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	-- Horizons only move forward, and only inside a purge; checkpoints never change.
	IF TG_TABLE_NAME = 'audit_horizons' AND TG_OP = 'UPDATE' AND current_setting('zx.audit_purge', true) = 'on' THEN
		IF NEW.through_sequence >= OLD.through_sequence THEN
			RETURN NEW;
		END IF;
	END IF;
	RAISE EXCEPTION '%.% is append-only: % refused', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_horizons_append_only" BEFORE UPDATE OR DELETE ON "core"."audit_horizons" FOR EACH ROW EXECUTE FUNCTION "core"."audit_append_only"();
--> statement-breakpoint
CREATE TRIGGER "audit_checkpoints_append_only" BEFORE UPDATE OR DELETE ON "core"."audit_checkpoints" FOR EACH ROW EXECUTE FUNCTION "core"."audit_append_only"();
--> statement-breakpoint
-- Removes, per chain, the oldest entries written before now() - retention (never less than 180
-- days). Each chain keeps its head, so sequences continue and checkpoints stay reachable; the
-- horizon records the last removed entry's hash so `audit verify` links the first kept one.
CREATE FUNCTION "core"."purge_audit_log"(p_retention_days integer)
RETURNS TABLE (chain_key varchar, through_sequence integer, removed integer) LANGUAGE plpgsql AS $$
DECLARE
	cutoff timestamptz := now() - make_interval(days => greatest(p_retention_days, 180));
	chain record;
	last_sequence integer;
	last_hash varchar;
	count_removed integer;
BEGIN
	PERFORM set_config('zx.audit_purge', 'on', true);
	FOR chain IN SELECT a.chain_key AS key, max(a.sequence) AS head FROM core.audit_log a GROUP BY a.chain_key LOOP
		SELECT coalesce(min(a.sequence), chain.head + 1) - 1 INTO last_sequence
			FROM core.audit_log a WHERE a.chain_key = chain.key AND a.at >= cutoff;
		last_sequence := least(last_sequence, chain.head - 1);
		SELECT a.hash INTO last_hash FROM core.audit_log a WHERE a.chain_key = chain.key AND a.sequence = last_sequence;
		IF last_hash IS NULL THEN
			CONTINUE;
		END IF;
		DELETE FROM core.audit_log a WHERE a.chain_key = chain.key AND a.sequence <= last_sequence;
		GET DIAGNOSTICS count_removed = ROW_COUNT;
		INSERT INTO core.audit_horizons AS h (chain_key, through_sequence, through_hash, purged_at)
			VALUES (chain.key, last_sequence, last_hash, now())
			ON CONFLICT ON CONSTRAINT audit_horizons_pkey DO UPDATE
			SET through_sequence = excluded.through_sequence, through_hash = excluded.through_hash, purged_at = excluded.purged_at;
		chain_key := chain.key;
		through_sequence := last_sequence;
		removed := count_removed;
		RETURN NEXT;
	END LOOP;
	PERFORM set_config('zx.audit_purge', 'off', true);
END
$$;
--> statement-breakpoint
-- Only the retention job (running as the connecting role) purges; the request role may not.
REVOKE EXECUTE ON FUNCTION "core"."purge_audit_log"(integer) FROM PUBLIC;
--> statement-breakpoint
-- The role every API request runs as (SET LOCAL ROLE in the request transaction): not a superuser
-- and without BYPASSRLS, so the row-level security policies of the plugins' tenant tables apply
-- to it. NOLOGIN: nobody connects as it. Roles are cluster-wide, so several databases (tests)
-- may race to create it.
DO $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'zx_app') THEN
		CREATE ROLE zx_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
	END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
	NULL;
END
$$;
--> statement-breakpoint
GRANT zx_app TO CURRENT_USER;
--> statement-breakpoint
GRANT USAGE ON SCHEMA "core" TO zx_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "core" TO zx_app;
--> statement-breakpoint
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA "core" TO zx_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA "core" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO zx_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA "core" GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO zx_app;
