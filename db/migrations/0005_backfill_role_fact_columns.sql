-- Backfill of the role fact columns added in 0004. Every document stored before this migration belongs to a
-- template version without declared `roles`, whose facts follow the pre-roles convention (templates/roles.ts):
-- the computed outputs "timeToDetectMinutes" and "timeToResolveMinutes". Insights read exactly these keys before.
UPDATE "documents"
   SET "time_to_detect_minutes" = round(("computed"->>'timeToDetectMinutes')::numeric)::int,
       "time_to_resolve_minutes" = round(("computed"->>'timeToResolveMinutes')::numeric)::int
 WHERE "computed" ? 'timeToDetectMinutes' OR "computed" ? 'timeToResolveMinutes';
