-- A counter bumped by every write that changes a document row (any column, including ones added later; the generated
-- search vector follows the columns it is built from). The stored-PDF source stamp (app/pdf/stored.server.ts) reads it
-- instead of md5(documents::text), which turned the whole row (120 KB for a long RCA, with its tsvector) into text on
-- every repeat download. An update that leaves the row as it was keeps the counter, as it kept the md5.
ALTER TABLE "documents" ADD COLUMN IF NOT EXISTS "row_revision" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "kaizen_documents_row_revision"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Generated columns are not computed yet in a BEFORE trigger: leave them out of the comparison.
  IF (to_jsonb(NEW) - 'search' - 'row_revision') IS DISTINCT FROM (to_jsonb(OLD) - 'search' - 'row_revision') THEN
    NEW.row_revision := OLD.row_revision + 1;
  ELSE
    NEW.row_revision := OLD.row_revision;
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
DROP TRIGGER IF EXISTS "documents_row_revision" ON "documents";--> statement-breakpoint
CREATE TRIGGER "documents_row_revision" BEFORE UPDATE ON "documents" FOR EACH ROW EXECUTE FUNCTION "kaizen_documents_row_revision"();
