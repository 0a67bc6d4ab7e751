CREATE TABLE IF NOT EXISTS "notification_preferences" (
	"user_id" text NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
	"kind" text NOT NULL,
	"in_app" boolean NOT NULL,
	"email" boolean NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_preferences_pk" PRIMARY KEY ("user_id", "kind")
);--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "email_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" text REFERENCES "users"("id") ON DELETE CASCADE,
	"to_address" text NOT NULL,
	"kind" text NOT NULL,
	"document_id" text,
	"comment_id" text,
	"summary" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "email_outbox_due_idx" ON "email_outbox" ("next_attempt_at") WHERE "sent_at" IS NULL AND "failed_at" IS NULL;
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "reminder_sends" (
	"key" text PRIMARY KEY NOT NULL,
	"user_id" text REFERENCES "users"("id") ON DELETE CASCADE,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
