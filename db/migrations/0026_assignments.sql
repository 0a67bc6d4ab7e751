ALTER TABLE "action_items" ADD COLUMN IF NOT EXISTS "owner_user_id" text REFERENCES "users"("id") ON DELETE SET NULL;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "action_items_owner_user_idx" ON "action_items" ("owner_user_id", "status", "due_date") WHERE "owner_user_id" IS NOT NULL;--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "review_requests" (
  "id" text PRIMARY KEY NOT NULL,
  "document_id" text NOT NULL REFERENCES "documents"("id") ON DELETE CASCADE,
  "user_id" text NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
  "kind" text NOT NULL,
  "role" text DEFAULT '' NOT NULL,
  "requested_by_id" text REFERENCES "users"("id") ON DELETE SET NULL,
  "requested_by_label" text DEFAULT '' NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "review_requests_unique_idx" ON "review_requests" ("document_id", "user_id", "kind", "role");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "review_requests_user_idx" ON "review_requests" ("user_id", "created_at");
