import { afterAll, describe, expect, it } from 'vitest';
import { PdfRenderError, createPdfPool, resolveWorkerPath } from '../../app/pdf/pool.server';
import { filledDocument, templateByKey } from '../fixtures/pdf-documents';
import { longRcaDocument } from '../fixtures/pdf-long-rca';
import { pdfText } from './helpers';

describe('worker pool', () => {
  const pool = createPdfPool({ size: 2, skipWarmup: false }); // the pool itself: production sizing and warm-up
  afterAll(() => pool.close());

  it('finds the worker script next to the pool', () => {
    expect(resolveWorkerPath()).toMatch(/app\/pdf\/worker\.mjs$/);
  });

  it('warms every worker and renders concurrent requests', async () => {
    await pool.ready();
    expect(pool.stats().size).toBe(2);
    const docs = ['blameless-rca', 'etsy-go-no-go', 'google-sre-postmortem', 'blameless-rca'].map(
      (k) => filledDocument(templateByKey(k)).doc,
    );
    const pdfs = await Promise.all(docs.map((d) => pool.render(d, { asOf: new Date('2016-06-18T09:00:00Z') })));
    pdfs.forEach((pdf, i) => {
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdfText(pdf)).toContain(docs[i].title);
    });
  }, 60_000);

  it('a failing render rejects only that call and the pool keeps serving', async () => {
    const good = filledDocument(templateByKey('blameless-rca')).doc;
    const bad = { ...good, template: null } as never;
    const results = await Promise.allSettled([pool.render(good), pool.render(bad), pool.render(good)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const err = (results[1] as PromiseRejectedResult).reason;
    expect(err).toBeInstanceOf(PdfRenderError);
    expect(err.code).toBe('render');
    expect(err.message).toMatch(/PDF render failed/);
    expect((await pool.render(good)).subarray(0, 5).toString()).toBe('%PDF-');
  }, 60_000);

  it('a render over the time bound fails with a clear error; its worker is replaced and the pool keeps serving', async () => {
    const before = pool.stats().replaced;
    await expect(pool.render(longRcaDocument(), { timeoutMs: 5 })).rejects.toThrow(/PDF render timed out after 5 ms/);
    expect(pool.stats().replaced).toBe(before + 1);
    const pdf = await pool.render(filledDocument(templateByKey('etsy-go-no-go')).doc);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await pool.ready();
    expect(pool.stats().size).toBe(2);
  }, 60_000);

  it('a closed pool refuses work', async () => {
    const p = createPdfPool({ size: 1, skipWarmup: true });
    await p.close();
    await expect(p.render(longRcaDocument())).rejects.toThrow(/closed/);
  });
});

describe('worker pool shares', () => {
  it("one owner's renders take at most their share of the workers; another owner's render goes ahead of their queue", async () => {
    const p = createPdfPool({ size: 2, perOwner: 1, skipWarmup: true });
    try {
      await p.ready();
      const doc = longRcaDocument();
      const order: string[] = [];
      const track = (name: string, work: Promise<Buffer>) => work.then(() => order.push(name));
      const flood = Array.from({ length: 4 }, (_, i) => track(`a${i}`, p.render(doc, { owner: 'a' })));
      // submitted after all of a's renders, started on the worker a may not use
      const other = track('b', p.render(filledDocument(templateByKey('etsy-go-no-go')).doc, { owner: 'b' }));
      await Promise.all([...flood, other]);
      // b finished before a's later renders: it did not wait behind the queue of a.
      expect(order.indexOf('b')).toBeLessThan(order.indexOf('a2'));
      expect(order.filter((n) => n.startsWith('a'))).toEqual(['a0', 'a1', 'a2', 'a3']);
    } finally {
      await p.close();
    }
  }, 120_000);

  it('a render that waits too long for a worker gives up with queue_timeout instead of hanging', async () => {
    const p = createPdfPool({ size: 1, queueTimeoutMs: 1, skipWarmup: true });
    try {
      await p.ready();
      // any render holds the only worker for longer than the 1 ms the second may wait
      const first = p.render(filledDocument(templateByKey('etsy-go-no-go')).doc, { owner: 'a' });
      const second = p.render(longRcaDocument(), { owner: 'b' });
      await expect(second).rejects.toMatchObject({ code: 'queue_timeout' });
      expect((await first).subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await p.close();
    }
  }, 120_000);
});

describe('worker pool size over time', () => {
  it('starts no worker until there is work, one for one render at a time, and stops idle workers after the idle timeout', async () => {
    const p = createPdfPool({ size: 2, idleTimeoutMs: 300, skipWarmup: true });
    try {
      expect(p.stats().size).toBe(0);
      const doc = filledDocument(templateByKey('etsy-go-no-go')).doc;
      expect(pdfText(await p.render(doc))).toContain(doc.title);
      expect(pdfText(await p.render(doc))).toContain(doc.title);
      // two renders one after the other: the second reused the first worker
      expect(p.stats().size).toBe(1);
      await new Promise((r) => setTimeout(r, 1_500));
      expect(p.stats()).toMatchObject({ size: 0, busy: 0, queued: 0 });
      // the next render starts a worker again
      expect(pdfText(await p.render(doc))).toContain(doc.title);
      expect(p.stats().size).toBe(1);
    } finally {
      await p.close();
    }
  }, 120_000);

  it('grows up to its size for concurrent renders', async () => {
    const p = createPdfPool({ size: 2, perOwner: 2, skipWarmup: true });
    try {
      const doc = filledDocument(templateByKey('blameless-rca')).doc;
      const renders = [p.render(doc), p.render(doc), p.render(doc)];
      expect(p.stats().size).toBe(2);
      for (const pdf of await Promise.all(renders)) expect(pdfText(pdf)).toContain(doc.title);
      expect(p.stats().size).toBe(2);
    } finally {
      await p.close();
    }
  }, 120_000);
});

describe('worker pool that cannot start', () => {
  it('gives up after three failed starts instead of respawning forever', async () => {
    const prev = process.env.PDF_WORKER_PATH;
    process.env.PDF_WORKER_PATH = new URL('./helpers.ts', import.meta.url).pathname; // not a worker: throws at load
    try {
      // started by a render (no ready()): the render waits through the three attempts, then fails
      const lazy = createPdfPool({ size: 1 });
      await expect(lazy.render(longRcaDocument())).rejects.toThrow(/PDF workers cannot start/);
      await lazy.close();
      const p = createPdfPool({ size: 1 });
      await expect(p.ready()).rejects.toThrow(/PDF workers cannot start/);
      await expect(p.render(longRcaDocument())).rejects.toThrow(/PDF workers cannot start/);
      await p.close();
    } finally {
      if (prev === undefined) delete process.env.PDF_WORKER_PATH;
      else process.env.PDF_WORKER_PATH = prev;
    }
  }, 30_000);
});
