import { execFileSync } from 'node:child_process';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testBackends } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/app';
import { getPdfPool } from '../../app/pdf/pool.server';
import { documentPdfs, users } from '../../db/schema';
import type { OpenDatabase } from '../../db/client';
import type { Actor } from '../../app/models/types';

const text = (pdf: Buffer) => execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf }).toString().replace(/\s+/g, ' ');

/**
 * A repeat download over the API is answered from one statement (token, access check, source stamp, stored PDF's hash)
 * and the bytes this process keeps, never serves a PDF of rows that changed since it was drawn, whatever the change, and
 * answers 304 to a client that already holds the current content.
 */
for (const backend of testBackends()) {
  describe(`stored PDFs, repeat downloads [${backend}]`, () => {
    let opened: OpenDatabase;
    let statements: string[] | null = null;
    let app: TestApp;
    let author: Actor;
    let token: string;
    let viewerToken: string;

    beforeAll(async () => {
      opened = await openTestDatabase(backend, { onQuery: (q) => statements?.push(q) });
      app = await createTestApp(opened.db);
      author = await createTestActor(opened.db, 'editor', { name: 'Ada Author' });
      token = await app.token(author);
      viewerToken = await app.token(await createTestActor(opened.db, 'viewer', { name: 'Vic Viewer' }));
    });
    afterAll(async () => {
      await getPdfPool().close();
      await opened?.close();
    });

    const get = async (id: string, bearer = token) => {
      const res = await app.fetch(`/api/v1/documents/${id}/pdf`, { headers: { Authorization: `Bearer ${bearer}` } });
      return { res, bytes: Buffer.from(await res.arrayBuffer()) };
    };
    const create = async (title: string) => {
      const res = await app.fetch('/api/v1/documents', {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(rcaInput({ title })),
      });
      expect(res.status).toBe(201);
      return (await res.json()) as { id: string; version: number };
    };

    it('the second download of unchanged content is a hit read in one statement (token and stored PDF), same bytes and headers', async () => {
      const doc = await create('Stored repeat');
      const first = await get(doc.id);
      expect(first.res.status).toBe(200);
      expect(first.res.headers.get('x-kaizen-pdf-cache')).toBe('miss');
      // The token's "last used" was just written; the repeat reads the token and the stored PDF, nothing else, and the
      // bytes rendered a moment ago are still in memory.
      const list: string[] = (statements = []);
      const second = await get(doc.id);
      statements = null;
      expect(second.res.status).toBe(200);
      expect(second.res.headers.get('x-kaizen-pdf-cache')).toBe('hit');
      expect(list).toHaveLength(1);
      expect(list[0]).toMatch(/api_tokens/);
      expect(list[0]).toMatch(/document_pdfs/);
      expect(second.bytes.equals(first.bytes)).toBe(true);
      for (const h of ['etag', 'x-kaizen-pdf-as-of', 'content-disposition', 'content-type'])
        expect(second.res.headers.get(h)).toBe(first.res.headers.get(h));
      expect(second.res.headers.get('content-length')).toBe(String(first.bytes.length));
      expect(text(second.bytes)).toContain('Stored repeat');
    });

    it('a change to a row the PDF is drawn from (here the author name, which no document write touches) is never served stale', async () => {
      const doc = await create('Renamed author');
      const before = await get(doc.id);
      expect(text(before.bytes)).toContain('Ada Author');
      expect((await get(doc.id)).res.headers.get('x-kaizen-pdf-cache')).toBe('hit');
      await opened.db.update(users).set({ name: 'Ada Lovelace' }).where(eq(users.id, author.id));
      try {
        const after = await get(doc.id);
        expect(after.res.headers.get('x-kaizen-pdf-cache')).toBe('miss');
        expect(text(after.bytes)).toContain('Ada Lovelace');
        expect(text(after.bytes)).not.toContain('Ada Author');
        expect((await get(doc.id)).res.headers.get('x-kaizen-pdf-cache')).toBe('hit');
      } finally {
        await opened.db.update(users).set({ name: 'Ada Author' }).where(eq(users.id, author.id));
      }
    });

    it('any write that changes the document row is never served stale, whatever the column (one added later too); a write that changes nothing keeps the stored PDF', async () => {
      const doc = await create('Row written by hand');
      await get(doc.id);
      expect((await get(doc.id)).res.headers.get('x-kaizen-pdf-cache')).toBe('hit');
      // The same values written again (as a save that changes nothing would): the stored PDF still answers.
      await opened.db.execute(sql`update documents set title = title, fields = fields where id = ${doc.id}`);
      const unchanged: string[] = (statements = []);
      expect((await get(doc.id)).res.headers.get('x-kaizen-pdf-cache')).toBe('hit');
      statements = null;
      expect(unchanged).toHaveLength(1);
      // The title changed straight in the row, with neither version nor updated_at touched: a new render shows it.
      await opened.db.execute(sql`update documents set title = 'Row rewritten by hand' where id = ${doc.id}`);
      const renamed = await get(doc.id);
      expect(renamed.res.headers.get('x-kaizen-pdf-cache')).toBe('miss');
      expect(text(renamed.bytes)).toContain('Row rewritten by hand');
      expect((await get(doc.id)).res.headers.get('x-kaizen-pdf-cache')).toBe('hit');
      // A column added after the trigger was made counts as well: the stamp changes, so the next download takes the
      // slow path (same content, so the stored PDF is found by content hash) and records the new stamp.
      const stamp = async () =>
        (await opened.db.select({ s: documentPdfs.sourceStamp }).from(documentPdfs).where(eq(documentPdfs.documentId, doc.id)))
          .map((r) => r.s)
          .join();
      await opened.db.execute(sql`alter table documents add column pdf_test_extra text`);
      try {
        const was = await stamp();
        await opened.db.execute(sql`update documents set pdf_test_extra = 'x' where id = ${doc.id}`);
        const list: string[] = (statements = []);
        expect((await get(doc.id)).res.status).toBe(200);
        statements = null;
        expect(list.length).toBeGreaterThan(2);
        expect(await stamp()).not.toBe(was);
      } finally {
        await opened.db.execute(sql`alter table documents drop column pdf_test_extra`);
      }
    });

    it('a PDF stored by content without a stamp (e.g. rendered on publish) is found by content, then by stamp', async () => {
      const doc = await create('Stamp recorded later');
      await get(doc.id);
      await opened.db.update(documentPdfs).set({ sourceStamp: null }).where(eq(documentPdfs.documentId, doc.id));
      const byContent = await get(doc.id);
      expect(byContent.res.headers.get('x-kaizen-pdf-cache')).toBe('hit');
      const [row] = await opened.db
        .select({ stamp: documentPdfs.sourceStamp })
        .from(documentPdfs)
        .where(eq(documentPdfs.documentId, doc.id));
      expect(row.stamp).toMatch(/^\d+:[0-9a-f]{32}$/);
      const list: string[] = (statements = []);
      expect((await get(doc.id)).res.headers.get('x-kaizen-pdf-cache')).toBe('hit');
      statements = null;
      expect(list.length).toBeLessThanOrEqual(2);
    });

    it("If-None-Match with the current content's ETag is 304 without the bytes; an older ETag gets the new PDF", async () => {
      const doc = await create('Revalidated');
      const first = await get(doc.id);
      const etag = first.res.headers.get('etag')!;
      expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
      const conditional = (tag: string) =>
        app.fetch(`/api/v1/documents/${doc.id}/pdf`, { headers: { Authorization: `Bearer ${token}`, 'If-None-Match': tag } });
      const list: string[] = (statements = []);
      const same = await conditional(etag);
      statements = null;
      expect(same.status).toBe(304);
      expect(same.headers.get('etag')).toBe(etag);
      expect((await same.arrayBuffer()).byteLength).toBe(0);
      expect(list).toHaveLength(1);
      expect((await conditional(`W/${etag}, "other"`)).status).toBe(304);
      // Asked again, still 304; a viewer, who may not read the draft, still gets 404 whatever ETag they send.
      expect((await conditional(etag)).status).toBe(304);
      expect(
        (await app.fetch(`/api/v1/documents/${doc.id}/pdf`, { headers: { Authorization: `Bearer ${viewerToken}`, 'If-None-Match': etag } }))
          .status,
      ).toBe(404);
      // The content changes: the old ETag no longer matches, the new PDF is sent with its new ETag.
      await opened.db.execute(sql`update documents set title = 'Revalidated again' where id = ${doc.id}`);
      const changed = await conditional(etag);
      expect(changed.status).toBe(200);
      const bytes = Buffer.from(await changed.arrayBuffer());
      expect(changed.headers.get('etag')).not.toBe(etag);
      expect(text(bytes)).toContain('Revalidated again');
    });

    it('the access check is in the same statement: a viewer gets 404 for a stored draft, as for any unreadable document', async () => {
      const doc = await create('Draft with a stored PDF');
      expect((await get(doc.id)).res.status).toBe(200);
      const denied = await get(doc.id, viewerToken);
      expect(denied.res.status).toBe(404);
      expect(JSON.parse(denied.bytes.toString()).error.code).toBe('not_found');
      expect((await get('not-a-uuid')).res.status).toBe(404);
      expect((await get('00000000-0000-4000-8000-000000000000')).res.status).toBe(404);
    });
  });
}
