import { beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/app';
import { createDocument } from '../../app/models/document.server';
import { HtmlStream } from '../../app/lib/html-stream.server';

// React 18.3's streaming renderer can write NUL bytes where a multi-byte character meets the end of its 2 KB
// view (react/react#31134). A page with many short texts of 2-, 3- and 4-byte characters puts such characters
// on dozens of view boundaries; every byte of the page must still be what was stored.

const PIECES = ['é', '→', '日本', '✓', '😀', 'größer', '’'];
const entryText = (i: number) =>
  `${'x'.repeat(i % 3)}${i} ${PIECES[i % PIECES.length].repeat(8)}${PIECES[(i * 5) % PIECES.length].repeat(7)}`;

describeEachBackend('page bytes', (db) => {
  let app: TestApp;
  let cookie: string;

  beforeAll(async () => {
    app = await createTestApp(db());
    const editor = await createTestActor(db(), 'editor');
    cookie = await app.signIn(editor);
  });

  it('a page full of multi-byte characters carries no NUL byte and every character intact', async () => {
    const base = Date.parse('2026-11-30T08:00:00Z');
    const timeline = Array.from({ length: 240 }, (_, i) => ({ at: new Date(base + i * 60_000).toISOString(), text: entryText(i) }));
    const doc = await createDocument(db(), {
      actor: await createTestActor(db(), 'editor'),
      input: rcaInput({ title: 'Bytes → ünïcödé ✓', fields: { timeline } }),
    });
    const res = await app.fetch(`/docs/${doc.id}`, { headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.length).toBeGreaterThan(20_000);
    expect(bytes.indexOf(0)).toBe(-1);
    const html = bytes.toString('utf8').replace(/<!-- -->/g, '');
    expect(html).not.toContain('\uFFFD');
    for (let i = 0; i < timeline.length; i++) expect(html).toContain(entryText(i));
  });
});

it('the page stream drops NUL bytes and passes everything else unchanged', async () => {
  const stream = new HtmlStream();
  const out: Buffer[] = [];
  stream.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((r) => stream.on('end', r));
  const clean = Buffer.from('<p>größer → 日本 😀</p>');
  stream.write(clean);
  await new Promise((r) => setImmediate(r));
  expect(out[0]).toBe(clean); // a piece written alone is passed on as it is, not copied
  stream.write(Buffer.concat([Buffer.from('<p>a'), Buffer.alloc(2), Buffer.from('→</p>')]));
  stream.end();
  await done;
  expect(Buffer.concat(out).toString('utf8')).toBe('<p>größer → 日本 😀</p><p>a→</p>');
});

it('the page stream passes pieces written in one go on together, and each later part as soon as it is written', async () => {
  const stream = new HtmlStream();
  const out: Buffer[] = [];
  stream.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((r) => stream.on('end', r));
  const pieces = Array.from({ length: 100 }, (_, i) => Buffer.from(`<p>${i} ${'é→😀'.repeat(200)}</p>`)); // ~180 KB
  for (const p of pieces) stream.write(p);
  await new Promise((r) => setImmediate(r));
  const firstPart = Buffer.concat(out);
  expect(firstPart.equals(Buffer.concat(pieces))).toBe(true); // all of it out before the stream ends
  expect(out.length).toBeLessThanOrEqual(4); // in buffers of 64 KB or more, not 100 pieces
  // A part written later (React resuming a deferred answer) goes out without waiting for the end.
  const later = new Promise<Buffer>((r) => stream.once('data', r));
  stream.write(Buffer.from('<p>later</p>'));
  expect((await later).toString()).toBe('<p>later</p>');
  stream.end();
  await done;
});
