import { normalizeCategory } from '~/lib/factor-categories';
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { safeText } from '~/lib/safe-text';
import type { Database } from '../../db/client';
import { DOCUMENT_STATUSES, SEVERITIES, documents } from '../../db/schema';
import { TEMPLATE_KINDS } from '../../templates/schema';
import { parseInstant } from '~/lib/time';
import { afterKey, decodeCursor, encodeCursor, exactInstant } from '~/lib/cursor.server';
import { LESS_THAN, MARK_END, MARK_START, parseSearchQuery, splitHeadline } from '~/lib/search-query';
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

export const DOCUMENT_SORTS = ['relevance', 'newest', 'impact', 'updated'] as const;
export type DocumentSort = (typeof DOCUMENT_SORTS)[number];

export const DocumentFilterSchema = z.object({
  q: z.preprocess(blankToUndefined, safeText().trim().max(200).optional()),
  kind: z.preprocess(blankToUndefined, z.enum(TEMPLATE_KINDS).optional()),
  template: z.preprocess(blankToUndefined, safeText().max(100).optional()),
  status: z.preprocess(blankToUndefined, z.enum(DOCUMENT_STATUSES).optional()),
  severity: z.preprocess(blankToUndefined, z.enum(SEVERITIES).optional()),
  service: z.preprocess(blankToUndefined, safeText().max(200).optional()),
  tag: z.preprocess(blankToUndefined, safeText().max(50).optional()),
  /** A contributing-factor category (any case): documents with a factor in it. */
  factor: z.preprocess(blankToUndefined, safeText().max(40).optional()),
  from: z.preprocess(blankToUndefined, instantParam.optional()),
  to: z.preprocess(blankToUndefined, instantParam.optional()),
  limit: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100).default(25)),
  cursor: z.preprocess(blankToUndefined, safeText().max(300).optional()),
  /** relevance (with a query), newest incident or launch first, longest impact first, or last updated (the default without a query). */
  sort: z.preprocess(blankToUndefined, z.enum(DOCUMENT_SORTS).optional()),
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
  /** With a query: the best-matching section's words around the hits; without: the document's summary. Plain text. */
  snippet: string;
  /** The title of the section the snippet comes from ("Root cause"), or null. */
  snippetSection: string | null;
  /** Hits in the snippet as [start, length] (UTF-16 offsets), to highlight. */
  snippetMarks: [number, number][];
  /** Relevance: how many of the query's words or phrases match, plus a weighted rank below 1. */
  rank: number | null;
  /** How many of the query's words or phrases the document has. */
  matched: number | null;
};

export type DocumentListPage = {
  items: DocumentListItem[];
  nextCursor: string | null;
  /** The words and phrases searched for (none without a query). */
  terms: string[];
  sort: DocumentSort;
};

const NUMBER = /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * Documents the actor may read. With `q`, every word is optional and documents matching more of them come first
 * (then by weighted rank: title, then service, tags and root cause, then other text); `-word` leaves out, quotes
 * keep a phrase. Keyset pages on each sort's key; a cursor of another sort, or one that is not ours, is the first page.
 */
export async function listDocuments(db: Database, opts: { actor: Actor; filter: DocumentFilter }): Promise<DocumentListPage> {
  const f = opts.filter;
  const where: SQL[] = [];
  where.push(documentAccess(opts.actor));
  if (f.kind) where.push(eq(documents.kind, f.kind));
  if (f.template) where.push(eq(documents.templateKey, f.template));
  if (f.status) where.push(eq(documents.status, f.status));
  if (f.severity) where.push(eq(documents.severity, f.severity));
  if (f.service) where.push(sql`lower(${documents.service}) = lower(${f.service})`);
  if (f.tag) where.push(sql`exists (select 1 from unnest("documents"."tags") t where lower(t) = lower(${f.tag}))`);
  // Stored lower case (the vocabulary's form); the GIN index answers the containment.
  if (f.factor) where.push(sql`${documents.factorCategories} @> array[${normalizeCategory(f.factor)}]::text[]`);
  // A bare Date bound to a raw SQL expression has no column to map it: postgres.js cannot send it
  // (PGlite happened to), so the bound is sent as ISO text with an explicit cast on both drivers.
  const when = sql`coalesce(${documents.startedAt}, ${documents.launchAt}, ${documents.createdAt})`;
  if (f.from) where.push(sql`${when} >= ${f.from.toISOString()}::timestamptz`);
  if (f.to) where.push(sql`${when} <= ${f.to.toISOString()}::timestamptz`);

  const terms = f.q ? parseSearchQuery(f.q) : { positives: [], negatives: [] };
  const searching = terms.positives.length > 0 || terms.negatives.length > 0;
  const anyTerm = sql`websearch_to_tsquery('english', ${terms.positives.join(' or ')})`;
  const query = terms.negatives.length ? sql`(${anyTerm} && !!websearch_to_tsquery('english', ${terms.negatives.join(' or ')}))` : anyTerm;
  if (searching) where.push(sql`${documents.search} @@ ${query}`);
  const matched = terms.positives.length
    ? sql`(${sql.join(
        terms.positives.map((t) => sql`(${documents.search} @@ websearch_to_tsquery('english', ${t}))::int`),
        sql` + `,
      )})`
    : sql`0`;
  const rank = sql`(${matched}::real + ts_rank('{0.1, 0.2, 0.4, 1.0}', ${documents.search}, ${query}, 32))::real`;

  const sort: DocumentSort = f.sort === 'relevance' && !searching ? 'updated' : (f.sort ?? (searching ? 'relevance' : 'updated'));
  const keys: { column: SQL; value: (v: string) => SQL; valid: RegExp | null; out: SQL }[] = [];
  const instantKey = (column: SQL) => ({
    column,
    value: (v: string) => sql`${v}::timestamptz`,
    valid: INSTANT,
    out: exactInstant(column),
  });
  if (sort === 'relevance') keys.push({ column: rank, value: (v) => sql`${v}::real`, valid: NUMBER, out: sql`${rank}::text` });
  if (sort === 'impact') {
    const impact = sql`coalesce(${documents.impactMinutes}, -1)`;
    keys.push({ column: impact, value: (v) => sql`${v}::int`, valid: /^-?\d{1,9}$/, out: sql`${impact}::text` });
  }
  if (sort === 'newest' || sort === 'impact') keys.push(instantKey(sql`${when}`));
  else keys.push(instantKey(sql`${documents.updatedAt}`));
  keys.push({ column: sql`${documents.id}`, value: (v) => sql`${v}`, valid: null, out: sql`${documents.id}` });

  const cursor = decodeCursor(f.cursor, keys.length + 1);
  if (cursor && 'keyset' in cursor) {
    const [name, ...values] = cursor.keyset;
    if (name === sort && values.every((v, i) => keys[i].valid?.test(v) ?? true))
      where.push(
        afterKey(
          keys.map((k) => k.column),
          values.map((v, i) => keys[i].value(v)),
          '<',
        ),
      );
  }
  const select = (extra: SQL[]) =>
    db
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
        summary: documents.summary,
        rank: searching ? sql<number>`${rank}` : sql<null>`null`,
        matched: searching ? sql<number>`${matched}` : sql<null>`null`,
        key: sql<string>`json_build_array(${sql.join(
          keys.map((k) => k.out),
          sql`, `,
        )})::text`,
      })
      .from(documents)
      .where(and(...where, ...extra))
      .orderBy(...keys.map((k) => sql`${k.column} desc`))
      .limit(f.limit + 1)
      .offset(cursor && 'offset' in cursor ? cursor.offset : 0);
  // Documents holding every word rank above all others (the count of words matched leads the rank), so when enough
  // of them are past the cursor the page comes from them alone, and the others are never ranked. Only then: ranking
  // reads each match's search vector, and "any word" matches many more documents than "every word".
  const allWords =
    terms.positives.length > 1
      ? sql.join(
          terms.positives.map((t) => sql`${documents.search} @@ websearch_to_tsquery('english', ${t})`),
          sql` and `,
        )
      : null;
  const allTier =
    allWords && sort === 'relevance' && (!cursor || ('keyset' in cursor && Number(cursor.keyset[1]) >= terms.positives.length));
  let rows = allTier ? await select([sql`(${allWords})`]) : [];
  if (rows.length <= f.limit) rows = await select([]);
  const more = rows.length > f.limit;
  const page = rows.slice(0, f.limit);
  const snippets =
    searching && terms.positives.length
      ? await bestSections(
          db,
          page.map((r) => r.id),
          anyTerm,
        )
      : new Map();
  const items: DocumentListItem[] = page.map(({ key: _k, summary, ...r }) => {
    const best = snippets.get(r.id);
    const snippet = best ? splitHeadline(best.headline) : { text: summary, marks: [] };
    return {
      ...r,
      startedAt: r.startedAt?.toISOString() ?? null,
      updatedAt: r.updatedAt.toISOString(),
      snippet: snippet.text,
      snippetSection: best?.label || null,
      snippetMarks: snippet.marks,
      rank: r.rank === null ? null : Number(r.rank),
      matched: r.matched === null ? null : Number(r.matched),
    };
  });
  const last = page[page.length - 1];
  const nextCursor = more && last ? encodeCursor([sort, ...(JSON.parse(last.key) as unknown[]).map(String)]) : null;
  return { items, nextCursor, terms: terms.positives, sort };
}

/**
 * For each document of a page, the section with the most weight of hits (ties: the earlier section) and a
 * headline of it with the hits between private-use markers (stripped from the stored text first). A document
 * whose hits are only in its title or service has none: it shows its summary instead.
 */
async function bestSections(db: Database, ids: string[], query: SQL): Promise<Map<string, { label: string; headline: string }>> {
  if (!ids.length) return new Map();
  const markers = `StartSel=${MARK_START},StopSel=${MARK_END},MaxWords=35,MinWords=12,MaxFragments=2,FragmentDelimiter=" … "`;
  const rows = await db
    .select({
      id: documents.id,
      label: sql<string>`s.label`,
      headline: sql<string>`ts_headline('english', s.body, ${query}, ${markers})`,
    })
    .from(documents)
    .innerJoin(
      sql`lateral (
        select e.value->>'label' as label, translate(e.value->>'text', ${`<${MARK_START}${MARK_END}${LESS_THAN}`}, ${LESS_THAN}) as body
        from jsonb_array_elements(coalesce("documents"."search_sections",
          jsonb_build_array(jsonb_build_object('label', '', 'text', left("documents"."search_text", 20000))))) with ordinality e
        cross join lateral to_tsvector('english', e.value->>'text') v
        where v @@ ${query}
        order by ts_rank(v, ${query}) desc, e.ordinality
        limit 1) s`,
      sql`true`,
    )
    .where(inArray(documents.id, ids));
  return new Map(rows.map((r) => [r.id, { label: r.label ?? '', headline: r.headline ?? '' }]));
}
