import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { documentRevisions, users } from '../../db/schema';
import { notFound } from '../lib/errors.server';
import { getDocument } from './document.server';
import type { Actor } from './types';

export type RevisionSummary = { version: number; at: string; by: string | null; event: string; note: string | null; changed: string[] };

export async function listRevisions(db: Database, opts: { actor: Actor; documentId: string }): Promise<RevisionSummary[]> {
  await getDocument(db, { actor: opts.actor, id: opts.documentId }); // read check
  const rows = await db
    .select({ r: documentRevisions, name: users.name, email: users.email })
    .from(documentRevisions)
    .leftJoin(users, eq(users.id, documentRevisions.authorId))
    .where(eq(documentRevisions.documentId, opts.documentId))
    .orderBy(asc(documentRevisions.version));
  return rows.map(({ r, name, email }) => ({
    version: r.version,
    at: r.createdAt.toISOString(),
    by: name || email || null,
    event: r.event,
    note: r.note,
    changed: r.changed,
  }));
}

export async function getRevision(db: Database, opts: { actor: Actor; documentId: string; version: number }) {
  await getDocument(db, { actor: opts.actor, id: opts.documentId });
  const [row] = await db
    .select()
    .from(documentRevisions)
    .where(and(eq(documentRevisions.documentId, opts.documentId), eq(documentRevisions.version, opts.version)));
  if (!row) throw notFound(`No version ${opts.version} of this document.`);
  return row;
}
