CREATE TABLE IF NOT EXISTS "factor_categories" (
  "name" text PRIMARY KEY NOT NULL,
  "description" text DEFAULT '' NOT NULL,
  "position" integer DEFAULT 0 NOT NULL,
  "retired_at" timestamp with time zone,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
INSERT INTO "factor_categories" ("name", "description", "position") VALUES
  ('change', 'A deploy, release or other change started or worsened it.', 0),
  ('configuration', 'A setting, flag or config file was wrong or changed.', 1),
  ('capacity', 'Load outgrew resources: CPU, memory, disk, connections, quotas.', 2),
  ('dependency', 'A service, vendor or library we rely on failed or changed.', 3),
  ('monitoring gap', 'Nothing alerted, or the alert or dashboard did not show the problem.', 4),
  ('process', 'A review, hand-off or procedure was missing or did not fit.', 5),
  ('knowledge', 'Knowledge was missing or hard to find: runbooks, docs, training.', 6),
  ('automation', 'Automation did the wrong thing, or a manual step should have been automated.', 7),
  ('testing', 'Tests or staging did not cover the case.', 8),
  ('data', 'Bad, unexpected or corrupted data.', 9)
ON CONFLICT ("name") DO NOTHING;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "factor_categories" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
CREATE INDEX "documents_factor_categories_idx" ON "documents" USING gin ("factor_categories");
