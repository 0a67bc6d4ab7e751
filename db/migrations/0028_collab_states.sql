CREATE TABLE IF NOT EXISTS "collab_states" (
  "document_id" text PRIMARY KEY NOT NULL REFERENCES "documents"("id") ON DELETE CASCADE,
  "state" bytea NOT NULL,
  "version" integer NOT NULL,
  "base" jsonb NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "collab_updates" (
  "id" bigserial PRIMARY KEY NOT NULL,
  "document_id" text NOT NULL REFERENCES "documents"("id") ON DELETE CASCADE,
  "origin" text NOT NULL,
  "update" bytea NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "collab_updates_created_idx" ON "collab_updates" ("created_at");
