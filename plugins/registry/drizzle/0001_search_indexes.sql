DROP INDEX "registry"."households_village_idx";--> statement-breakpoint
DROP INDEX "registry"."members_id_number_global_idx";--> statement-breakpoint
DROP INDEX "registry"."members_name_idx";--> statement-breakpoint
CREATE INDEX "households_key_prefix_idx" ON "registry"."households" USING btree ("county_code","household_key" text_pattern_ops,"id");--> statement-breakpoint
CREATE INDEX "households_address_idx" ON "registry"."households" USING btree ("county_code","address" text_pattern_ops,"id");--> statement-breakpoint
CREATE INDEX "members_village_name_idx" ON "registry"."members" USING btree ("village_code","name" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "households_village_idx" ON "registry"."households" USING btree ("county_code","village_code" text_pattern_ops,"id");--> statement-breakpoint
CREATE INDEX "members_id_number_global_idx" ON "registry"."members" USING btree ("id_number" text_pattern_ops,"county_code","household_id");--> statement-breakpoint
CREATE INDEX "members_name_idx" ON "registry"."members" USING btree ("county_code","name" text_pattern_ops,"household_id");