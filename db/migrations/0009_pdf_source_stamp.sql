ALTER TABLE "document_pdfs" ADD COLUMN "source_stamp" text;--> statement-breakpoint
ALTER TABLE "document_pdfs" ADD COLUMN "as_of" timestamp with time zone;