import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/client';
import { documentAccess } from '~/models/access.server';
import { getDocument } from '~/models/document.server';
import { fieldSearchText, fieldsOf } from '~/fields/text';
import { factorCategoriesOf } from '~/lib/fields.server';
import type { Actor, DocumentView } from '~/models/types';
import { LruMap } from '~/lib/lru';
import { roleInstant } from '../../templates/roles';

export type SimilarIncident = {
  id: string;
  title: string;
  severity: string | null;
  service: string | null;
  startedAt: string | null;
  /** Why it matched, in words ("same service: checkout", "shared tags: tls", "similar words: certificate, expiry"). */
  reasons: string[];
  score: number;
  prevent: { total: number; done: number; open: number };
  actions: { total: number; done: number; open: number };
  /** The same problem, not only the same area: a shared service or tags, and several shared words. */
  sameProblem: boolean;
  /**
   * Set when the earlier incident looks like the same problem: its prevent actions were all done and it came back
   * anyway (`came_back`), or some are still open (`still_open`).
   */
  recurrence: 'came_back' | 'still_open' | null;
};

const MAX_WORDS = 16;
/** A word in more than this share of documents is too common to find similar ones. */
const COMMON_WORD = 0.02;
const COMMON_MIN_DOCS = 10;
const CANDIDATES = 200;
/**
 * Stems every incident review uses ("incident", "alert", "customer", "hour", "two"): shared, they say two reviews are
 * both reviews, not that they are the same problem. Measured on the demo library, where they made every second RCA look
 * like a recurrence.
 */
const GENERIC_WORDS = new Set(
  [
    'inc incid alert custom user hour minut second day week month year time new one two three first last back made make',
    'product everi noth add held date size east west error caus fix issu team engin servic page call impact affect',
    'start end began ran run went got took still also',
  ]
    .join(' ')
    .split(' '),
);

/**
 * The earlier published RCAs most like this one: same service, shared tags, and the words its title and prose use
 * most (PostgreSQL full text on the indexed search vector). Candidates come from three bounded, indexed probes
 * (service, tags, the document's less common words — at most 200 each, newest first, on indexes), so the cost does not
 * grow with the library; the few hundred candidates are then scored together. Only documents the actor may read are considered.
 */
export async function similarIncidents(db: Database, opts: { actor: Actor; id: string; limit?: number }): Promise<SimilarIncident[]> {
  const doc = await getDocument(db, { actor: opts.actor, id: opts.id });
  if (doc.kind !== 'rca') return [];
  const limit = Math.min(Math.max(opts.limit ?? 5, 1), 20);
  const prose = [
    doc.title,
    ...fieldsOf(doc.template)
      .filter((f) => f.type === 'richtext' || f.type === 'text')
      .map((f) => fieldSearchText(f, doc)),
  ]
    .join('\n')
    .slice(0, 20_000);
  // This document's most used words (English stems, stop words dropped), as an OR query.
  const words = rowsOf(
    await db.execute(sql`
      with common as (
        -- Words in more than 2 % of documents (the planner's statistics of the search vector) say nothing about
        -- similarity and would make the word probe match most of the library.
        select e.word from pg_stats s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) as e(word, freq)
         where s.schemaname = current_schema() and s.tablename = 'documents' and s.attname = 'search' and e.freq > ${COMMON_WORD}
           -- In a small library every word of one document is over 2 %: common also means in more than 10 documents.
           and e.freq * (select greatest(c.reltuples, 0) from pg_class c where c.oid = 'documents'::regclass) > ${COMMON_MIN_DOCS}
      )
      select lexeme from unnest(to_tsvector('english'::regconfig, ${prose}))
       where length(lexeme) > 2 and lexeme ~ '^[a-z][a-z0-9]*$' and lexeme not in (select word from common where word is not null)
       order by coalesce(array_length(positions, 1), 1) desc, lexeme limit ${MAX_WORDS}`),
  ).map((r) => String(r.lexeme));
  const query = words.length ? words.join(' | ') : null;
  const tags = doc.tags.map((t) => t.toLowerCase());
  const access = documentAccess(opts.actor);
  // Arrays go to SQL as one JSON parameter (the same on postgres.js and PGlite).
  const textArray = (a: string[]) => sql`array(select jsonb_array_elements_text(${JSON.stringify(a)}::jsonb))`;
  const started = roleInstant(doc.template, doc.fields, 'start');
  // Only earlier incidents: with a start, `started_at < start` leaves out the ones without (their time is unknown),
  // and lets each probe walk an index newest first and stop at 200 instead of sorting every match.
  const base = sql`kind = 'rca' and status = 'published' and id <> ${doc.id} and ${access}${started ? sql` and started_at < ${started}::timestamptz` : sql``}`;
  // The tags and started-at probes read documents_started_idx backwards (ascending, so newest first is NULLS FIRST:
  // the same rows, as none is null here); the service probe reads its own index, which is DESC NULLS LAST.
  const newest = started ? sql`order by started_at desc` : sql`order by started_at desc nulls last`;
  // Tags as one parameter each: the planner sees the values and estimates how many documents share them.
  const tagList = sql`array[${sql.join(
    doc.tags.map((t) => sql`${t}::text`),
    sql`, `,
  )}]::text[]`;
  const probes = [
    doc.service
      ? sql`(select id from documents where ${base} and lower(service) = lower(${doc.service}) order by started_at desc nulls last limit ${CANDIDATES})`
      : null,
    tags.length ? sql`(select id from documents where ${base} and tags && ${tagList} ${newest} limit ${CANDIDATES})` : null,
    query
      ? sql`(select id from documents where ${base} and search @@ to_tsquery('english'::regconfig, ${query}) ${newest} limit ${CANDIDATES})`
      : null,
  ].filter((p) => p !== null);
  if (!probes.length) return [];
  const rows = rowsOf(
    await db.execute(sql`
      with candidates as (${sql.join(probes, sql` union `)}),
      scored as (
        select d.id, d.title, d.severity, d.service, d.started_at, d.search,
               (${doc.service ?? null}::text is not null and lower(d.service) = lower(${doc.service ?? null}::text)) as same_service,
               array(select lower(t) from unnest(d.tags) t where lower(t) = any(${textArray(tags)})) as shared_tags,
               array(select c from unnest(d.factor_categories) c where c = any(${textArray(factorCategoriesOf(doc.template, doc.fields))})) as shared_factors,
               ${query ? sql`ts_rank_cd(d.search, to_tsquery('english'::regconfig, ${query}), 1)` : sql`0`} as text_rank
          from documents d join candidates c on c.id = d.id
      ),
      top as (
        select s.*, (case when s.same_service then 3 else 0 end) + 1.5 * coalesce(array_length(s.shared_tags, 1), 0)
               + 0.75 * coalesce(array_length(s.shared_factors, 1), 0) + 20 * s.text_rank as score
          from scored s
         order by score desc, s.started_at desc nulls last, s.id
         limit ${limit}
      )
      -- Only the few chosen are opened further: the words they share, their action items.
      select t.id, t.title, t.severity, t.service, t.started_at, t.same_service, t.shared_tags, t.shared_factors, t.score,
             ${query ? sql`array(select l from unnest(tsvector_to_array(t.search)) l where l = any(${textArray(words)}))` : sql`array[]::text[]`} as shared_words,
             (select count(*)::int from action_items a where a.document_id = t.id and a.kind = 'prevent') as prevent_total,
             (select count(*)::int from action_items a where a.document_id = t.id and a.kind = 'prevent' and a.status = 'done') as prevent_done,
             (select count(*)::int from action_items a where a.document_id = t.id and a.kind = 'prevent' and a.status in ('open', 'in_progress')) as prevent_open,
             (select count(*)::int from action_items a where a.document_id = t.id) as actions_total,
             (select count(*)::int from action_items a where a.document_id = t.id and a.status = 'done') as actions_done,
             (select count(*)::int from action_items a where a.document_id = t.id and a.status in ('open', 'in_progress')) as actions_open
        from top t
       order by t.score desc, t.started_at desc nulls last, t.id`),
  );
  return rows.map((r): SimilarIncident => {
    const sharedTags = (r.shared_tags as string[] | null) ?? [];
    const sharedWords = (r.shared_words as string[] | null) ?? [];
    const sameService = r.same_service === true || r.same_service === 't';
    const reasons: string[] = [];
    if (sameService) reasons.push(`same service: ${String(r.service)}`);
    if (sharedTags.length) reasons.push(`shared tags: ${sharedTags.join(', ')}`);
    const sharedFactors = (r.shared_factors as string[] | null) ?? [];
    if (sharedFactors.length) reasons.push(`shared factors: ${sharedFactors.join(', ')}`);
    if (sharedWords.length) reasons.push(`similar words: ${sharedWords.slice(0, 6).join(', ')}`);
    const prevent = { total: Number(r.prevent_total), done: Number(r.prevent_done), open: Number(r.prevent_open) };
    // The same problem, not just the same area: a shared tag with the same service, a second shared tag or two shared
    // factor categories (categories are broad), and at least four shared words that say what went wrong, not words
    // every incident uses.
    const telling = sharedWords.filter((w) => !GENERIC_WORDS.has(w));
    const sameProblem =
      sharedTags.length >= 1 && (sameService || sharedTags.length >= 2 || sharedFactors.length >= 2) && telling.length >= 4;
    return {
      id: String(r.id),
      title: String(r.title),
      severity: (r.severity as string | null) ?? null,
      service: (r.service as string | null) ?? null,
      startedAt: r.started_at ? new Date(r.started_at as string).toISOString() : null,
      reasons,
      score: Math.round(Number(r.score) * 100) / 100,
      prevent,
      actions: { total: Number(r.actions_total), done: Number(r.actions_done), open: Number(r.actions_open) },
      sameProblem,
      recurrence: !sameProblem || prevent.total === 0 ? null : prevent.open > 0 ? 'still_open' : prevent.done > 0 ? 'came_back' : null,
    };
  });
}

/** How long the RCA page reuses a document's similar incidents (a newly published one shows within this). */
const PAGE_CACHE_MS = 60_000;
const pageCaches = new WeakMap<object, LruMap<string, { at: number; items: SimilarIncident[] }>>();

/**
 * The list the RCA page shows, kept for a minute per document version: it reads only published documents (the same
 * for every reader), and a page view should not pay for the probes each time. The API always computes afresh.
 */
export async function similarForPage(db: Database, opts: { actor: Actor; doc: Pick<DocumentView, 'id' | 'version'> }, now = Date.now()) {
  let cache = pageCaches.get(db);
  if (!cache) pageCaches.set(db, (cache = new LruMap(500)));
  const key = `${opts.doc.id}@${opts.doc.version}`;
  const hit = cache.get(key);
  if (hit && now - hit.at < PAGE_CACHE_MS) return hit.items;
  const items = await similarIncidents(db, { actor: opts.actor, id: opts.doc.id });
  cache.set(key, { at: now, items });
  return items;
}
