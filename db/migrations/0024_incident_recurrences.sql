CREATE TABLE IF NOT EXISTS "recurrence_checks" (
  "document_id" text PRIMARY KEY NOT NULL REFERENCES "documents"("id") ON DELETE CASCADE,
  "published_at" timestamp with time zone NOT NULL,
  "checked_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "recurrence_checks_checked_idx" ON "recurrence_checks" ("checked_at");--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "incident_recurrences" (
  "document_id" text NOT NULL REFERENCES "documents"("id") ON DELETE CASCADE,
  "earlier_id" text NOT NULL REFERENCES "documents"("id") ON DELETE CASCADE,
  PRIMARY KEY ("document_id", "earlier_id")
);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "incident_recurrences_earlier_idx" ON "incident_recurrences" ("earlier_id");
