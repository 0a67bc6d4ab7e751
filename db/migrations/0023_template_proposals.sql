CREATE TABLE IF NOT EXISTS "template_proposals" (
  "id" text PRIMARY KEY NOT NULL,
  "rca_id" text REFERENCES "documents"("id") ON DELETE SET NULL,
  "rca_title" text NOT NULL,
  "template_key" text NOT NULL,
  "field_key" text NOT NULL,
  "label" text NOT NULL,
  "help" text,
  "reason" text NOT NULL,
  "proposed_by" text REFERENCES "users"("id") ON DELETE SET NULL,
  "proposed_by_label" text NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "status" text DEFAULT 'open' NOT NULL,
  "decided_by" text REFERENCES "users"("id") ON DELETE SET NULL,
  "decided_by_label" text,
  "decided_at" timestamp with time zone,
  "decline_reason" text,
  "accepted_version" integer,
  "item_key" text,
  CONSTRAINT "template_proposals_status_check" CHECK ("status" IN ('open', 'accepted', 'declined', 'withdrawn'))
);--> statement-breakpoint
CREATE INDEX "template_proposals_rca_idx" ON "template_proposals" ("rca_id", "created_at");--> statement-breakpoint
CREATE INDEX "template_proposals_status_idx" ON "template_proposals" ("status", "created_at");
