import { LruMap } from '~/lib/lru';
import { documentBlamelessFindings, type DocumentFinding } from '~/lib/blameless-document.server';
import type { DocumentView } from '~/models/types';

/**
 * Values computed from one stored version of a document, kept so a page view does not compute them
 * again (the blameless checker over a long RCA costs milliseconds per view). The key is the
 * document id, its version (bumped by every write, so an edit is a new key) and its template;
 * per database handle, as for templates (tests open several databases in one process). Only what
 * follows from the stored content is kept here: who may see it, sign-offs and the launch decision
 * are read fresh on every request, and callers read the document (with its access check) first.
 */
const CAPACITY = 500;
const byDb = new WeakMap<object, LruMap<string, unknown>>();

function versionCache(db: object): LruMap<string, unknown> {
  let cache = byDb.get(db);
  if (!cache) byDb.set(db, (cache = new LruMap(CAPACITY)));
  return cache;
}

type Version = Pick<DocumentView, 'id' | 'version' | 'template'>;

function ofVersion<T>(db: object, what: string, doc: Version, compute: () => T): T {
  const cache = versionCache(db);
  const key = `${what}:${doc.id}@${doc.version}:${doc.template.key}@${doc.template.version}`;
  const known = cache.get(key) as T | undefined;
  if (known !== undefined) return known;
  const value = compute();
  cache.set(key, value);
  return value;
}

/** The blameless findings of this version of the document (see documentBlamelessFindings); shared between requests, so frozen. */
export function getBlamelessFindings(db: object, doc: Pick<DocumentView, 'id' | 'version' | 'template' | 'fields'>): DocumentFinding[] {
  return ofVersion(
    db,
    'findings',
    doc,
    () => Object.freeze(documentBlamelessFindings(doc).map((f) => Object.freeze(f))) as DocumentFinding[],
  );
}
