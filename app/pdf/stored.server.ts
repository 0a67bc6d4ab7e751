import { and, eq, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Database, rowsOf } from '../../db/client';
import { apiTokens, documentPdfs, users } from '../../db/schema';
import { readEnv } from '~/config.server';
import { LruMap } from '~/lib/lru';
import { documentAccess, documentAccessForRole } from '~/models/access.server';
import type { Actor, Role } from '~/models/types';
import { hashToken, toActor } from '~/models/user.server';
import { PDF_RENDERER_REVISION } from '~/pdf/content';

/**
 * The repeat download of a PDF, without loading the document: one statement checks that the actor may read the
 * document (the same where-builder as every document query), computes a fingerprint of the stored rows the PDF is
 * drawn from, and returns the stored PDF whose fingerprint matches, if any.
 *
 * The fingerprint ("source stamp") is an md5 in the database over the document row's revision (a counter a trigger
 * bumps on every write that changes any column of the row, including ones added later: db/migrations/0029), its
 * action items, sign-offs and ended launch meetings (whole rows, ordered), and the names and e-mail addresses of its
 * author and publisher, prefixed with the renderer revision. Templates are never changed once stored
 * (db/schema.ts), so the key and version in the row stand for the template. That is everything `getDocument` builds
 * the PDF's content from (the launch decision is derived from the row, the sign-offs and the items), so equal stamps
 * mean equal content, and any write to those rows changes the stamp: a stale PDF cannot be served. Writes that do not
 * change the content (e.g. a touched `updated_at`) only make the next download take the slow path, which compares by
 * content hash and then records the new stamp.
 *
 * The stamp is read before the document is loaded for a render, so a PDF stored with it shows that state or a newer
 * one; a newer state has a different stamp, so such a row is only ever found by content hash.
 */
export type StoredPdfLookup =
  /** The document does not exist or the actor may not read it. */
  { found: false } | { found: true; id: string; title: string; stamp: string; hit: { hash: string; asOf: Date } | null };

const Uuid = z.string().uuid();

/**
 * The select of one document the access rule `access` lets through (SQL over `documents`), with its source stamp and the
 * content hash and as-of of the PDF stored under that stamp (null when none is). The bytes are read separately
 * (storedPdfBytes): most repeat downloads find them in memory, or need none (an If-None-Match that matches).
 */
function storedPdfSelect(id: string | null, access: SQL): SQL {
  return sql`
    select documents.title, src.stamp, p.content_hash, p.as_of
    from documents
    cross join lateral (
      select ${`${PDF_RENDERER_REVISION}:`}::text || md5(concat_ws(chr(31),
        -- The row's revision, not the row as text: the counter changes with every write that changes any column
        -- (a trigger, db/migrations/0029), and md5 of the 120 KB row with its tsvector cost 1.7 ms warm, 9 ms cold.
        documents.id, documents.row_revision,
        (select string_agg(a::text, chr(30) order by a.id) from action_items a where a.document_id = documents.id),
        (select string_agg(s::text, chr(30) order by s.id) from signoffs s where s.document_id = documents.id),
        (select string_agg(w::text, chr(30) order by w.id) from checklist_waivers w where w.document_id = documents.id),
        -- A launch review reads the day: a waiver ends and evidence grows stale without any write.
        case when documents.kind = 'checklist' then (now() at time zone 'UTC')::date::text end,
        (select string_agg(concat_ws(chr(29), l.id, l.kind, o.title, o.status), chr(30) order by l.id)
           from document_links l join documents o on o.id = case when l.from_id = documents.id then l.to_id else l.from_id end
          where l.from_id = documents.id or l.to_id = documents.id),
        (select string_agg(m::text, chr(30) order by m.id) from launch_meetings m where m.document_id = documents.id and m.ended_at is not null),
        (select concat_ws(chr(30), u.name, u.email) from users u where u.id = documents.author_id),
        (select concat_ws(chr(30), u.name, u.email) from users u where u.id = documents.published_by)
      )) as stamp
    ) src
    left join document_pdfs p on p.document_id = documents.id and p.source_stamp = src.stamp
    where documents.id = ${id} and ${access}
    limit 1`;
}

type StoredRow = { title: string | null; stamp: string | null; content_hash: string | null; as_of: Date | string | null };

function lookupOf(id: string, row: StoredRow | undefined): StoredPdfLookup {
  if (!row?.title || !row.stamp) return { found: false };
  const hit = row.content_hash && row.as_of ? { hash: row.content_hash, asOf: new Date(row.as_of) } : null;
  return { found: true, id, title: row.title, stamp: row.stamp, hit };
}

export async function findStoredPdf(db: Database, opts: { actor: Actor; id: string }): Promise<StoredPdfLookup> {
  if (!Uuid.safeParse(opts.id).success) return { found: false };
  return lookupOf(opts.id, rowsOf(await db.execute(storedPdfSelect(opts.id, documentAccess(opts.actor))))[0] as StoredRow | undefined);
}

/** The access rule for the token's user (`tu`) of findTokenAndStoredPdf's statement. */
const TOKEN_USER_ACCESS = documentAccessForRole(sql`tu.role`);

/**
 * A token's user and the stored-PDF lookup for them in one statement (the API's repeat download): null when the token is
 * unknown, revoked or its user disabled (the same rule as actorForToken); `lastUsedAt` for noteTokenUse.
 */
export async function findTokenAndStoredPdf(
  db: Database,
  opts: { token: string; id: string },
): Promise<{ actor: Actor; tokenId: string; lastUsedAt: Date | null; stored: StoredPdfLookup } | null> {
  const id = Uuid.safeParse(opts.id).success ? opts.id : null;
  const [row] = rowsOf(
    await db.execute(sql`
      select tu.id, tu.email, tu.name, tu.role, t.id as token_id, t.last_used_at, d.title, d.stamp, d.content_hash, d.as_of
      from ${apiTokens} t
      join ${users} tu on tu.id = t.user_id
      left join lateral (${storedPdfSelect(id, TOKEN_USER_ACCESS)}) d on true
      where t.token_hash = ${hashToken(opts.token)} and t.revoked_at is null and tu.disabled_at is null`),
  ) as (StoredRow & { id: string; email: string; name: string | null; role: Role; token_id: string; last_used_at: Date | string | null })[];
  if (!row) return null;
  return {
    actor: toActor({ id: row.id, email: row.email, name: row.name ?? '', role: row.role }, 'token', row.token_id),
    tokenId: row.token_id,
    lastUsedAt: row.last_used_at ? new Date(row.last_used_at) : null,
    stored: id ? lookupOf(id, row) : { found: false },
  };
}

/**
 * Stored PDF bytes kept in this process by document and content hash: a row's bytes never change under its content hash
 * (a new render of other content is another row), so a kept copy cannot be stale; the stamp lookup decides which hash
 * is current. Bounded by PDF_MEMORY_CACHE_MB (0: nothing kept).
 */
const kept = new WeakMap<Database, LruMap<string, Buffer> | null>();

function keptFor(db: Database): LruMap<string, Buffer> | null {
  let lru = kept.get(db);
  if (lru === undefined) {
    const mb = readEnv().PDF_MEMORY_CACHE_MB;
    kept.set(db, (lru = mb ? new LruMap(10_000, { weigh: (b) => b.length, maxWeight: mb * 1024 * 1024 }) : null));
  }
  return lru;
}

/** Keep a document's PDF bytes (rendered or read) in memory for the next download of the same content. */
export function keepPdfBytes(db: Database, documentId: string, hash: string, bytes: Buffer): void {
  keptFor(db)?.set(`${documentId}:${hash}`, bytes);
}

/** The bytes of a stored PDF: from memory, else read (and kept); null if the row is gone meanwhile. */
export async function storedPdfBytes(db: Database, documentId: string, hash: string): Promise<Buffer | null> {
  const hit = keptFor(db)?.get(`${documentId}:${hash}`);
  if (hit) return hit;
  const [row] = await db
    .select({ bytes: documentPdfs.bytes })
    .from(documentPdfs)
    .where(and(eq(documentPdfs.documentId, documentId), eq(documentPdfs.contentHash, hash)))
    .limit(1);
  if (!row) return null;
  keepPdfBytes(db, documentId, hash, row.bytes);
  return row.bytes;
}
