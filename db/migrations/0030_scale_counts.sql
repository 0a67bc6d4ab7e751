-- Issue 14, scale (docs/decisions/031-bounded-lists-and-counts.md).
-- The home page's "on this day": a week of each past year of published RCAs, newest first.
CREATE INDEX IF NOT EXISTS "documents_rca_published_started_idx" ON "documents" ("started_at") WHERE kind = 'rca' and status = 'published';--> statement-breakpoint
-- /launches counts Go, No-Go and Pending reviews (not yet decided counts as pending), each capped. "decision" itself is
-- in the index too: PostgreSQL reads an expression index without the table only when it holds the columns the expression uses.
CREATE INDEX IF NOT EXISTS "documents_checklist_decision_idx" ON "documents" ((coalesce("decision", 'pending')), "status", "decision") WHERE kind = 'checklist';--> statement-breakpoint
-- An action item carries its document's status, kept by the database itself (triggers below), so what a viewer may
-- read (items of published documents) is counted from one index instead of a join probing every document.
ALTER TABLE "action_items" ADD COLUMN IF NOT EXISTS "document_status" text NOT NULL DEFAULT 'draft';--> statement-breakpoint
UPDATE "action_items" AS a SET "document_status" = d."status" FROM "documents" AS d WHERE d."id" = a."document_id" AND a."document_status" IS DISTINCT FROM d."status";--> statement-breakpoint
CREATE OR REPLACE FUNCTION "action_items_take_document_status"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT "status" INTO NEW."document_status" FROM "documents" WHERE "id" = NEW."document_id";
  RETURN NEW;
END
$$;--> statement-breakpoint
DROP TRIGGER IF EXISTS "action_items_document_status" ON "action_items";--> statement-breakpoint
CREATE TRIGGER "action_items_document_status" BEFORE INSERT OR UPDATE OF "document_id" ON "action_items"
  FOR EACH ROW EXECUTE FUNCTION "action_items_take_document_status"();--> statement-breakpoint
CREATE OR REPLACE FUNCTION "documents_pass_status_to_action_items"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "action_items" SET "document_status" = NEW."status" WHERE "document_id" = NEW."id";
  RETURN NULL;
END
$$;--> statement-breakpoint
DROP TRIGGER IF EXISTS "documents_action_items_status" ON "documents";--> statement-breakpoint
CREATE TRIGGER "documents_action_items_status" AFTER UPDATE OF "status" ON "documents"
  FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status") EXECUTE FUNCTION "documents_pass_status_to_action_items"();--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "action_items_document_status_idx" ON "action_items" ("document_status", "status", "due_date");
