-- Uploads a plugin keeps (issue 13: a visit's photos): once attached to a record, an upload is
-- "kept" and the hourly purge leaves it alone; unkept uploads still go after a day.
ALTER TABLE "core"."uploads" ADD COLUMN "kept_at" timestamp with time zone;
