CREATE TABLE IF NOT EXISTS "checklist_waivers" (
  "id" text PRIMARY KEY NOT NULL,
  "document_id" text NOT NULL REFERENCES "documents"("id") ON DELETE CASCADE,
  "field_key" text NOT NULL,
  "item_key" text NOT NULL,
  "reason" text NOT NULL,
  "risk" text NOT NULL,
  "expires_on" date NOT NULL,
  "approver_role" text NOT NULL,
  "requested_by" text REFERENCES "users"("id") ON DELETE SET NULL,
  "requested_by_label" text NOT NULL,
  "requested_at" timestamp with time zone DEFAULT now() NOT NULL,
  "approved_by" text REFERENCES "users"("id") ON DELETE SET NULL,
  "approved_by_label" text,
  "approved_at" timestamp with time zone,
  "withdrawn_by_label" text,
  "withdrawn_at" timestamp with time zone,
  "expiry_applied_at" timestamp with time zone
);--> statement-breakpoint
CREATE INDEX "checklist_waivers_document_idx" ON "checklist_waivers" ("document_id", "field_key", "item_key");--> statement-breakpoint
CREATE INDEX "checklist_waivers_expiry_idx" ON "checklist_waivers" ("expires_on") WHERE "approved_at" IS NOT NULL AND "withdrawn_at" IS NULL AND "expiry_applied_at" IS NULL;
