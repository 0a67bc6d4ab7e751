import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { eq } from 'drizzle-orm';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/app';
import { createDocument, transitionDocument } from '../../app/models/document.server';
import { DocumentFilterSchema, listDocuments } from '../../app/models/document-list.server';
import { backfillSearchParts } from '../../app/models/search-backfill.server';
import { parseSearchQuery, snippetPieces, splitHeadline } from '../../app/lib/search-query';
import { documents } from '../../db/schema';
import type { Actor } from '../../app/models/types';

describe('search query syntax', () => {
  it('reads words, phrases, OR and minus signs', () => {
    expect(parseSearchQuery('monitoring gap')).toEqual({ positives: ['monitoring', 'gap'], negatives: [] });
    expect(parseSearchQuery('"connection pool" OR timeout -staging -"load test"')).toEqual({
      positives: ['"connection pool"', 'timeout'],
      negatives: ['staging', '"load test"'],
    });
    expect(parseSearchQuery('" " - -- or "unclosed phrase')).toEqual({ positives: ['"unclosed phrase"'], negatives: [] });
  });
  it('turns a headline into plain text and hit offsets, and pieces that hold every character once', () => {
    const h = splitHeadline('a \uE000cache\uE001 miss <b>x</b> \uE000😀\uE001');
    expect(h.text).toBe('a cache miss <b>x</b> 😀');
    expect(h.marks).toEqual([
      [2, 5],
      [22, 2],
    ]);
    const pieces = snippetPieces(h.text, h.marks);
    expect(pieces.map((p) => p.text).join('')).toBe(h.text);
    expect(pieces.filter((p) => p.hit).map((p) => p.text)).toEqual(['cache', '😀']);
    // Marks out of range or overlapping are ignored, never cut the text.
    expect(
      snippetPieces('abc', [
        [1, 9],
        [0, 1],
        [0, 2],
      ])
        .map((p) => p.text)
        .join(''),
    ).toBe('abc');
  });
});

describeEachBackend('library search', (db) => {
  let app: TestApp;
  let editor: Actor;
  let reviewer: Actor;
  let viewer: Actor;
  let cookie: string;
  const ids: Record<string, string> = {};

  async function publish(key: string, over: Parameters<typeof rcaInput>[0]) {
    const doc = await createDocument(db(), { actor: editor, input: rcaInput(over) });
    const r = await transitionDocument(db(), { actor: editor, id: doc.id, input: { to: 'in_review', version: doc.version } });
    await transitionDocument(db(), { actor: reviewer, id: doc.id, input: { to: 'published', version: r.version } });
    ids[key] = doc.id;
    return doc;
  }
  const search = async (filter: Record<string, string>) =>
    listDocuments(db(), { actor: viewer, filter: DocumentFilterSchema.parse({ status: 'published', ...filter }) });
  const titles = async (filter: Record<string, string>) => (await search(filter)).items.map((i) => i.title);
  const page = async (path: string) => {
    const res = await app.fetch(path, { headers: { Cookie: cookie } });
    return { status: res.status, html: await res.text() };
  };

  beforeAll(async () => {
    app = await createTestApp(db());
    editor = await createTestActor(db(), 'editor');
    reviewer = await createTestActor(db(), 'editor');
    viewer = await createTestActor(db(), 'viewer');
    cookie = await app.signIn(viewer);
    await publish('titleHit', {
      title: 'Zircon failover stalled',
      service: 'Checkout',
      tags: ['Failover', 'db'],
      fields: {
        startedAt: '2021-03-01T10:00:00Z',
        endedAt: '2021-03-01T12:00:00Z',
        symptoms: 'Orders **failed** at checkout.\n\nSecond paragraph.',
      },
    });
    await publish('bodyHit', {
      title: 'Slow pages in search',
      service: 'search',
      tags: ['latency'],
      fields: {
        startedAt: '2022-05-01T10:00:00Z',
        endedAt: '2022-05-01T10:30:00Z',
        whatHappened: 'A zircon node restarted during the index rebuild.',
        rootCause: 'The cache <b>warmup</b> <script>alert(1)</script> & "warmup" job ran at peak: a monitoring gap hid it.',
      },
    });
    await publish('twoWords', {
      title: 'Certificate expired on the edge',
      service: 'edge',
      tags: ['tls'],
      severity: 'SEV1',
      fields: {
        startedAt: '2023-07-01T10:00:00Z',
        endedAt: '2023-07-01T18:00:00Z',
        symptoms: 'Browsers refused the connection; the connection pool was fine.',
        rootCause: 'No alert on certificate expiry: a monitoring gap.',
      },
    });
    await publish('apart', {
      title: 'Pool exhaustion in staging',
      service: 'ledger',
      tags: ['staging'],
      fields: {
        startedAt: '2024-01-10T10:00:00Z',
        endedAt: '2024-01-10T10:05:00Z',
        symptoms: 'The connection count climbed; the pool of workers was idle.',
        rootCause: 'Staging load test left sessions open.',
      },
    });
  });

  it('ranks a title hit above a body hit, and documents with more of the words above those with fewer', async () => {
    expect(await titles({ q: 'zircon' })).toEqual(['Zircon failover stalled', 'Slow pages in search']);
    // "monitoring gap expiry": the certificate review has all three, the cache one two; nothing needs all of them.
    const r = await search({ q: 'monitoring gap expiry' });
    expect(r.items.map((i) => i.title)).toEqual(['Certificate expired on the edge', 'Slow pages in search']);
    expect(r.items.map((i) => i.matched)).toEqual([3, 2]);
    const partial = await search({ q: 'monitoring expiry zircon' });
    expect(partial.items[0].matched).toBe(2);
    const { html } = await page('/library?q=monitoring+expiry+zircon');
    expect(parse(html).querySelector('main [role=status]')?.text).toContain('No document has all 3 of');
    expect(html).toContain('showing those with 2');
  });

  it('pages through the documents holding every word first, in the order a single page of everything gives', async () => {
    // With a page of one, the first pages come from the documents with every word alone; the rest from all matches.
    for (const q of ['connection pool', 'monitoring gap expiry', 'zircon cache', 'pool connection -staging']) {
      const whole = await search({ q, limit: '100' });
      const paged: { title: string; matched: number | null }[] = [];
      let cursor: string | null = null;
      do {
        const r = await search({ q, limit: '1', ...(cursor ? { cursor } : {}) });
        paged.push(...r.items.map((i) => ({ title: i.title, matched: i.matched })));
        cursor = r.nextCursor;
      } while (cursor);
      expect(paged, q).toEqual(whole.items.map((i) => ({ title: i.title, matched: i.matched })));
      if (!q.includes('-')) expect(whole.items.length, q).toBeGreaterThan(1);
    }
  });

  it('keeps phrases whole and leaves out words after a minus sign', async () => {
    expect(await titles({ q: '"connection pool"' })).toEqual(['Certificate expired on the edge']);
    expect((await titles({ q: 'connection pool' })).sort()).toEqual(['Certificate expired on the edge', 'Pool exhaustion in staging']);
    expect(await titles({ q: 'connection pool -staging' })).toEqual(['Certificate expired on the edge']);
    expect(await titles({ q: 'pool OR zircon -"load test"' })).toEqual(
      expect.arrayContaining(['Certificate expired on the edge', 'Zircon failover stalled', 'Slow pages in search']),
    );
    expect(await titles({ q: 'pool OR zircon -"load test"' })).not.toContain('Pool exhaustion in staging');
  });

  it('weighs tags, service and root cause above other text', async () => {
    // "warmup" is only in the cache review's root cause; "rebuild" only in its What happened: same document, both match.
    const cause = (await search({ q: 'warmup' })).items[0];
    const other = (await search({ q: 'rebuild' })).items[0];
    expect(cause.title).toBe('Slow pages in search');
    expect(other.title).toBe('Slow pages in search');
    expect(cause.rank!).toBeGreaterThan(other.rank!);
  });

  it('combines filters; tags and service match in any case; dates are whole UTC days', async () => {
    expect(await titles({ q: 'failover', tag: 'FAILOVER', service: 'checkout' })).toEqual(['Zircon failover stalled']);
    expect(await titles({ tag: 'failover', severity: 'SEV1' })).toEqual([]);
    expect(await titles({ q: 'connection', severity: 'SEV1', kind: 'rca', template: 'blameless-rca' })).toEqual([
      'Certificate expired on the edge',
    ]);
    const { html } = await page('/library?from=2023-07-01&to=2023-07-01');
    const results = parse(html)
      .querySelectorAll('.library-results h2 a')
      .map((a) => a.text);
    expect(results).toEqual(['Certificate expired on the edge']);
    const bad = await page('/library?from=yesterday&tag=TLS');
    expect(bad.status).toBe(200);
    expect(parse(bad.html).querySelector('[role=alert]')?.text).toContain('from:');
    expect(
      parse(bad.html)
        .querySelectorAll('.library-results h2 a')
        .map((a) => a.text),
    ).toEqual(['Certificate expired on the edge']);
  });

  it('shows the best-matching section by name with the hits marked, and never stored text as HTML', async () => {
    const r = await search({ q: 'warmup cache' });
    expect(r.items[0].snippetSection).toBe('Root cause');
    const { html } = await page('/library?q=warmup+cache');
    const snippet = parse(html).querySelector('.library-results .snippet');
    expect(snippet?.querySelector('strong')?.text).toBe('Root cause: ');
    expect(snippet?.querySelectorAll('mark').map((m) => m.text.toLowerCase())).toEqual(expect.arrayContaining(['cache', 'warmup']));
    // What was typed is shown as typed, tags included (PostgreSQL's headline parser would drop them), as text.
    expect(r.items[0].snippet).toContain('cache <b>warmup</b> <script>alert(1)</script> & "warmup" job');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(snippet?.text).toContain('<b>warmup</b> <script>alert(1)</script>');
    expect(html).not.toContain('«');
    // The API gives the same as plain text with offsets.
    const item = r.items[0];
    for (const [start, length] of item.snippetMarks)
      expect(item.snippet.slice(start, start + length).toLowerCase()).toMatch(/cache|warmup/);
  });

  it('without a query shows each review’s summary (the first paragraph of Symptoms), never raw values', async () => {
    const r = await search({ sort: 'newest' });
    const zircon = r.items.find((i) => i.title === 'Zircon failover stalled')!;
    expect(zircon.snippet).toBe('Orders failed at checkout.');
    expect(r.items.map((i) => i.title)).toEqual([
      'Pool exhaustion in staging',
      'Certificate expired on the edge',
      'Slow pages in search',
      'Zircon failover stalled',
    ]);
    const { html } = await page('/library');
    const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
    expect(main).toContain('Orders failed at checkout.');
    expect(main).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expect(await titles({ sort: 'impact' })).toEqual([
      'Certificate expired on the edge',
      'Zircon failover stalled',
      'Slow pages in search',
      'Pool exhaustion in staging',
    ]);
  });

  it('says what to try when nothing matches', async () => {
    const { html } = await page('/library?q=quasar+nebula&tag=nothing');
    const empty = parse(html).querySelector('.empty')?.text ?? '';
    expect(empty).toContain('Nothing published matches “quasar nebula”');
    expect(empty).toContain('Remove a filter');
    expect(empty).toContain('Try other words');
  });

  it('pages by keyset, stable while documents are added, for every sort; a cursor of another sort starts again', async () => {
    for (const sort of ['relevance', 'newest', 'impact', 'updated']) {
      const filter = { q: sort === 'relevance' ? 'connection pool zircon cache' : '', sort, limit: '1' };
      const seen: string[] = [];
      let cursor: string | null = null;
      let added = 0;
      do {
        const r = await search({ ...filter, ...(cursor ? { cursor } : {}) });
        seen.push(...r.items.map((i) => i.title));
        cursor = r.nextCursor;
        if (added++ === 0)
          // A new document that sorts first under every order: pages already handed out do not shift.
          await publish(`late-${sort}`, {
            title: `Late zircon connection pool cache (${sort})`,
            fields: { startedAt: '2026-11-01T10:00:00Z', endedAt: '2026-11-03T10:00:00Z' },
          });
      } while (cursor);
      expect(new Set(seen).size, sort).toBe(seen.length);
      expect(seen.filter((t) => !t.startsWith('Late')).length, sort).toBeGreaterThanOrEqual(sort === 'relevance' ? 4 : 4);
      const other = await search({
        ...filter,
        sort: sort === 'newest' ? 'updated' : 'newest',
        cursor: (await search({ ...filter })).nextCursor ?? '',
      });
      expect(other.items.length, sort).toBe(1);
    }
    // Cursors that are not ours, or hold values of the wrong type, are the first page (never an error).
    const forged = Buffer.from('k:["relevance","not a number","2020-01-01T00:00:00.000000Z","x"]').toString('base64url');
    expect((await page(`/library?q=pool&sort=relevance&cursor=${forged}`)).status).toBe(200);
    const res = await app.fetch(`/api/v1/documents?q=pool&cursor=${forged}`, { headers: { Cookie: cookie } });
    expect(res.status).toBeLessThan(500);
  });

  it('derives search parts for rows saved before migration 0017', async () => {
    await db().update(documents).set({ searchSections: null, summary: '', searchKey: '' }).where(eq(documents.id, ids.bodyHit));
    expect(await backfillSearchParts(db())).toBe(1);
    const [row] = await db()
      .select({ s: documents.searchSections, k: documents.searchKey, m: documents.summary })
      .from(documents)
      .where(eq(documents.id, ids.bodyHit));
    expect(row.s?.map((x) => x.label)).toEqual(expect.arrayContaining(['What happened', 'Root cause']));
    expect(row.k).toContain('warmup');
    expect(await backfillSearchParts(db())).toBe(0);
  });
});
