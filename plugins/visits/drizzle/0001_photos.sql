-- A visit's photos (issue 13): ids of uploads in core.uploads, kept there once the visit is recorded.
ALTER TABLE "visits"."visits" ADD COLUMN "photo_ids" jsonb DEFAULT '[]'::jsonb NOT NULL;
