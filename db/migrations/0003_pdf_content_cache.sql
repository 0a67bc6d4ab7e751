-- Stored PDFs were keyed by (document, version) and could be stale (sign-offs, action items and the decision are not
-- part of the version) or drawn by the renderer that dropped capital E; they are a cache, so they are removed and
-- keyed from now on by a hash of everything the PDF shows.
DELETE FROM "document_pdfs";--> statement-breakpoint
CREATE TABLE "digest_pdfs" (
	"content_hash" text PRIMARY KEY NOT NULL,
	"bytes" "bytea" NOT NULL,
	"render_ms" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "document_pdfs" ADD COLUMN "content_hash" text NOT NULL;--> statement-breakpoint
ALTER TABLE "document_pdfs" DROP CONSTRAINT "document_pdfs_document_id_version_pk";--> statement-breakpoint
ALTER TABLE "document_pdfs" ADD CONSTRAINT "document_pdfs_document_id_content_hash_pk" PRIMARY KEY("document_id","content_hash");--> statement-breakpoint
CREATE INDEX "digest_pdfs_created_idx" ON "digest_pdfs" USING btree ("created_at");
