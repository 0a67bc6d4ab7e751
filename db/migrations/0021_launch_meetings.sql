CREATE TABLE IF NOT EXISTS "launch_meetings" (
  "id" text PRIMARY KEY NOT NULL,
  "document_id" text NOT NULL REFERENCES "documents"("id") ON DELETE CASCADE,
  "started_by" text REFERENCES "users"("id") ON DELETE SET NULL,
  "started_by_label" text NOT NULL,
  "started_at" timestamp with time zone DEFAULT now() NOT NULL,
  "attendees" jsonb DEFAULT '[]'::jsonb NOT NULL,
  "guests" jsonb DEFAULT '[]'::jsonb NOT NULL,
  "discussed" jsonb DEFAULT '{}'::jsonb NOT NULL,
  "ended_by_label" text,
  "ended_at" timestamp with time zone,
  "decision" text,
  "decision_reasons" jsonb,
  "content_version" integer
);--> statement-breakpoint
CREATE UNIQUE INDEX "launch_meetings_open_idx" ON "launch_meetings" ("document_id") WHERE "ended_at" IS NULL;--> statement-breakpoint
CREATE INDEX "launch_meetings_document_idx" ON "launch_meetings" ("document_id", "started_at");
