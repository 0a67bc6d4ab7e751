DROP INDEX "documents_status_idx";--> statement-breakpoint
CREATE INDEX "action_items_due_order_idx" ON "action_items" USING btree (coalesce("due_date", 'infinity'::date),"created_at","id");--> statement-breakpoint
CREATE INDEX "action_items_open_due_idx" ON "action_items" USING btree (coalesce("due_date", 'infinity'::date),"created_at","id") WHERE status in ('open', 'in_progress');--> statement-breakpoint
CREATE INDEX "documents_updated_idx" ON "documents" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "documents_status_updated_idx" ON "documents" USING btree ("status","updated_at","id");--> statement-breakpoint
CREATE INDEX "documents_launch_at_idx" ON "documents" USING btree ("launch_at") WHERE launch_at is not null;--> statement-breakpoint
CREATE INDEX "documents_launches_idx" ON "documents" USING btree ("launch_at" DESC NULLS LAST,"title","id") WHERE kind = 'checklist';