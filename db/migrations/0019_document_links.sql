CREATE TABLE IF NOT EXISTS "document_links" (
  "id" text PRIMARY KEY NOT NULL,
  "from_id" text NOT NULL REFERENCES "documents"("id") ON DELETE CASCADE,
  "to_id" text NOT NULL REFERENCES "documents"("id") ON DELETE CASCADE,
  "kind" text NOT NULL,
  "created_by" text REFERENCES "users"("id") ON DELETE SET NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "document_links_not_self" CHECK ("from_id" <> "to_id"),
  CONSTRAINT "document_links_kind" CHECK ("kind" IN ('caused_by_launch', 'related_incident', 'follow_up_of'))
);--> statement-breakpoint
CREATE UNIQUE INDEX "document_links_pair_idx" ON "document_links" ("from_id", "to_id", "kind");--> statement-breakpoint
CREATE INDEX "document_links_to_idx" ON "document_links" ("to_id");
