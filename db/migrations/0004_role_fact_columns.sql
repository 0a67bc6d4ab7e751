ALTER TABLE "documents" ADD COLUMN "time_to_detect_minutes" integer;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "time_to_resolve_minutes" integer;