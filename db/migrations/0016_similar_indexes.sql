CREATE INDEX "documents_rca_service_idx" ON "documents" USING btree (lower("service"),"started_at" DESC NULLS LAST) WHERE kind = 'rca' and status = 'published';--> statement-breakpoint
CREATE INDEX "documents_tags_idx" ON "documents" USING gin ("tags");
