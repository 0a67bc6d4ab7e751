import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { safeText } from '~/lib/safe-text';
import type { Database } from '../../db/client';
import { DOCUMENT_STATUSES, SEVERITIES, documents } from '../../db/schema';
import { TEMPLATE_KINDS } from '../../templates/schema';
import { parseInstant } from '~/lib/time';
import { afterKey, decodeCursor, encodeCursor, exactInstant } from '~/lib/cursor.server';
import type { Actor } from '~/models/types';
import { documentAccess } from '~/models/access.server';

const instantParam = safeText().transform((s, ctx) => {
  const r = parseInstant(s);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.error });
    return z.NEVER;
  }
  return new Date(r.iso);
});
const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);

export const DocumentFilterSchema = z.object({
  q: z.preprocess(blankToUndefined, safeText().trim().max(200).optional()),
  kind: z.preprocess(blankToUndefined, z.enum(TEMPLATE_KINDS).optional()),
  template: z.preprocess(blankToUndefined, safeText().max(100).optional()),
  status: z.preprocess(blankToUndefined, z.enum(DOCUMENT_STATUSES).optional()),
  severity: z.preprocess(blankToUndefined, z.enum(SEVERITIES).optional()),
  service: z.preprocess(blankToUndefined, safeText().max(200).optional()),
  tag: z.preprocess(blankToUndefined, safeText().max(50).optional()),
  from: z.preprocess(blankToUndefined, instantParam.optional()),
  to: z.preprocess(blankToUndefined, instantParam.optional()),
  limit: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100).default(25)),
  cursor: z.preprocess(blankToUndefined, safeText().max(300).optional()),
});
export type DocumentFilter = z.infer<typeof DocumentFilterSchema>;

export type DocumentListItem = {
  id: string;
  title: string;
  kind: string;
  status: string;
  severity: string | null;
  service: string | null;
  tags: string[];
  startedAt: string | null;
  updatedAt: string;
  templateKey: string;
  snippet: string;
  rank: number | null;
};

/** Documents the actor may read, newest first, or best match first when `q` is given. */
export async function listDocuments(db: Database, opts: { actor: Actor; filter: DocumentFilter }) {
  const f = opts.filter;
  const where: SQL[] = [];
  where.push(documentAccess(opts.actor));
  if (f.kind) where.push(eq(documents.kind, f.kind));
  if (f.template) where.push(eq(documents.templateKey, f.template));
  if (f.status) where.push(eq(documents.status, f.status));
  if (f.severity) where.push(eq(documents.severity, f.severity));
  if (f.service) where.push(sql`lower(${documents.service}) = lower(${f.service})`);
  if (f.tag) where.push(sql`${f.tag} = any(${documents.tags})`);
  // A bare Date bound to a raw SQL expression has no column to map it: postgres.js cannot send it
  // (PGlite happened to), so the bound is sent as ISO text with an explicit cast on both drivers.
  const when = sql`coalesce(${documents.startedAt}, ${documents.launchAt}, ${documents.createdAt})`;
  if (f.from) where.push(sql`${when} >= ${f.from.toISOString()}::timestamptz`);
  if (f.to) where.push(sql`${when} <= ${f.to.toISOString()}::timestamptz`);
  const query = f.q ? sql`websearch_to_tsquery('english', ${f.q})` : null;
  if (query) where.push(sql`${documents.search} @@ ${query}`);
  const rank = query ? sql<number>`ts_rank(${documents.search}, ${query})` : sql<null>`null`;
  // Keyset paging (app/lib/cursor.server.ts) on (updated_at, id) newest first — documents_updated_idx, or
  // documents_status_updated_idx with a status — and on (rank, updated_at, id) for a search.
  const cursor = decodeCursor(f.cursor, query ? 3 : 2);
  if (cursor && 'keyset' in cursor) {
    const [a, b, c] = cursor.keyset;
    where.push(
      query
        ? afterKey(
            [sql`${rank}`, sql`${documents.updatedAt}`, sql`${documents.id}`],
            [sql`${a}::real`, sql`${b}::timestamptz`, sql`${c}`],
            '<',
          )
        : afterKey([sql`${documents.updatedAt}`, sql`${documents.id}`], [sql`${a}::timestamptz`, sql`${b}`], '<'),
    );
  }
  const snippet = query
    ? sql<string>`ts_headline('english', ${documents.searchText}, ${query}, 'StartSel=«,StopSel=»,MaxWords=30,MinWords=10,MaxFragments=1')`
    : sql<string>`left(${documents.searchText}, 200)`;
  const rows = await db
    .select({
      id: documents.id,
      title: documents.title,
      kind: documents.kind,
      status: documents.status,
      severity: documents.severity,
      service: documents.service,
      tags: documents.tags,
      startedAt: documents.startedAt,
      updatedAt: documents.updatedAt,
      templateKey: documents.templateKey,
      snippet,
      rank,
      keyRank: query ? sql<string>`${rank}::text` : sql<null>`null`,
      keyAt: exactInstant(documents.updatedAt),
    })
    .from(documents)
    .where(and(...where))
    .orderBy(...(query ? [desc(rank), desc(documents.updatedAt), desc(documents.id)] : [desc(documents.updatedAt), desc(documents.id)]))
    .limit(f.limit + 1)
    .offset(cursor && 'offset' in cursor ? cursor.offset : 0);
  const more = rows.length > f.limit;
  const last = rows[f.limit - 1];
  const items: DocumentListItem[] = rows.slice(0, f.limit).map(({ keyRank: _r, keyAt: _a, ...r }) => ({
    ...r,
    startedAt: r.startedAt?.toISOString() ?? null,
    updatedAt: r.updatedAt.toISOString(),
    snippet: r.snippet ?? '',
    rank: r.rank === null ? null : Number(r.rank),
  }));
  const nextCursor = more && last ? encodeCursor(query ? [String(last.keyRank), last.keyAt, last.id] : [last.keyAt, last.id]) : null;
  return { items, nextCursor };
}
