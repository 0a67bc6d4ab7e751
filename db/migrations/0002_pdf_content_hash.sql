CREATE TABLE "digest_pdfs" (
	"content_hash" text PRIMARY KEY NOT NULL,
	"bytes" "bytea" NOT NULL,
	"render_ms" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "document_pdfs" ADD COLUMN "content_hash" text NOT NULL;--> statement-breakpoint
CREATE INDEX "digest_pdfs_created_idx" ON "digest_pdfs" USING btree ("created_at");