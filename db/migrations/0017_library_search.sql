ALTER TABLE "documents" ADD COLUMN "search_key" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "search_sections" jsonb;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "summary" text DEFAULT '' NOT NULL;--> statement-breakpoint
UPDATE "documents" SET "search_key" = array_to_string("tags", E'\n');--> statement-breakpoint
DROP INDEX IF EXISTS "documents_search_idx";--> statement-breakpoint
ALTER TABLE "documents" DROP COLUMN "search";--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(service, '') || ' ' || coalesce(search_key, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(search_text, '')), 'C')) STORED;--> statement-breakpoint
CREATE INDEX "documents_search_idx" ON "documents" USING gin ("search");
