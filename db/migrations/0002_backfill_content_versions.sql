-- Backfill for 0001_decision_pinning (hand-written, data only).
-- A document's content version counts the saves that changed its title or a field (revisions
-- list what they changed); a sign-off gets the content version it was given at, so sign-offs made
-- before a status change stay current and only those followed by a change of content turn stale.
UPDATE "documents" d SET "content_version" = 1 + (
  SELECT count(*) FROM "document_revisions" r
  WHERE r."document_id" = d."id" AND r."version" > 1
    AND EXISTS (SELECT 1 FROM unnest(r."changed") c WHERE c = 'title' OR c LIKE 'fields.%')
);--> statement-breakpoint
UPDATE "signoffs" s SET "content_version" = 1 + (
  SELECT count(*) FROM "document_revisions" r
  WHERE r."document_id" = s."document_id" AND r."version" > 1 AND r."version" <= s."document_version"
    AND EXISTS (SELECT 1 FROM unnest(r."changed") c WHERE c = 'title' OR c LIKE 'fields.%')
);--> statement-breakpoint
-- Who published: the author of the latest transition into "published".
UPDATE "documents" d SET "published_by" = (
  SELECT u."id" FROM "users" u WHERE u."id" = (
    SELECT r."author_id" FROM "document_revisions" r
    WHERE r."document_id" = d."id" AND r."event" = 'transition' AND r."note" LIKE '% → published'
    ORDER BY r."version" DESC LIMIT 1
  )
) WHERE d."status" = 'published' AND d."published_by" IS NULL;
