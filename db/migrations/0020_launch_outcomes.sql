ALTER TABLE "documents" ADD COLUMN IF NOT EXISTS "success_at" timestamp with time zone;--> statement-breakpoint
UPDATE "documents" SET "success_at" = ("fields"->>'successAt')::timestamptz
  WHERE "template_key" = 'etsy-go-no-go' AND "template_version" = 2 AND coalesce("fields"->>'successAt', '') <> '';--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "documents_success_due_idx" ON "documents" ("success_at") WHERE "kind" = 'checklist' AND "success_at" IS NOT NULL;--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "launch_outcomes" (
  "document_id" text PRIMARY KEY NOT NULL REFERENCES "documents"("id") ON DELETE CASCADE,
  "outcome" text NOT NULL,
  "note" text DEFAULT '' NOT NULL,
  "recorded_by" text REFERENCES "users"("id") ON DELETE SET NULL,
  "recorded_by_label" text NOT NULL,
  "recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
  "rca_id" text REFERENCES "documents"("id") ON DELETE SET NULL,
  "version" integer DEFAULT 1 NOT NULL,
  CONSTRAINT "launch_outcomes_outcome" CHECK ("outcome" IN ('success', 'rolled_back', 'incident'))
);--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "calendar_keys" (
  "user_id" text PRIMARY KEY NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
  "key_hash" text NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "calendar_keys_hash_idx" ON "calendar_keys" ("key_hash");
