// /admin/overdue on each backend, on a fixed clock: admins only, an empty state, draft RCAs past due and overdue
// action items by owner, and paging of a long list.
import { beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/app';
import { createDocument } from '../../app/models/document.server';
import type { Actor } from '../../app/models/types';

const NOW = new Date('2026-12-14T09:00:00Z');

describeEachBackend('admin: who is overdue', (db) => {
  let app: TestApp;
  let admin: Actor;
  let editor: Actor;
  let adminCookie = '';
  const page = async (q = '') => {
    const res = await app.fetch(`/admin/overdue${q}`, { headers: { Cookie: adminCookie } });
    expect(res.status).toBe(200);
    return res.text();
  };

  beforeAll(async () => {
    app = await createTestApp(db(), { now: () => NOW });
    admin = await createTestActor(db(), 'admin');
    editor = await createTestActor(db(), 'editor', { name: 'Edie Owner' });
    adminCookie = await app.signIn(admin);
  });

  it('only admins; an empty state when no one is overdue', async () => {
    expect((await app.fetch('/admin/overdue', { headers: { Cookie: await app.signIn(editor) } })).status).toBe(403);
    expect((await app.fetch('/admin/overdue')).status).toBe(302);
    const html = await page();
    expect(html).toContain('No RCA is past due.');
    expect(html).toContain('No action item is overdue.');
    expect(await page('?rcaPage=zebra&itemPage=-4')).toContain('No action item is overdue.');
  });

  it('lists draft RCAs past due and overdue action items with their owners; on-time ones are left out', async () => {
    await createDocument(db(), {
      actor: editor,
      input: rcaInput({
        title: 'Late draft <b>RCA</b>',
        fields: {
          startedAt: '2026-12-01T09:00:00Z',
          endedAt: '2026-12-01T10:00:00Z',
          nextSteps: [
            { title: 'Overdue step', kind: 'prevent', owner: editor.email, dueDate: '2026-12-10' },
            { title: 'Future step', kind: 'prevent', owner: editor.email, dueDate: '2026-12-20' },
          ],
        },
      }),
    });
    await createDocument(db(), {
      actor: editor,
      input: rcaInput({ title: 'Recent draft', fields: { startedAt: '2026-12-11T09:00:00Z', endedAt: '2026-12-11T10:00:00Z' } }),
    });
    const html = await page();
    // Ended Tue Dec 1: due Tue Dec 8, 6 days late on Dec 14.
    expect(html).toMatch(/Edie Owner<\/td><td><a [^>]*>Late draft &lt;b&gt;RCA&lt;\/b&gt;<\/a><\/td><td>2026-12-08<\/td><td>6<\/td>/);
    expect(html).not.toMatch(/Recent draft<\/a><\/td><td>2026/);
    expect(html).toMatch(/Edie Owner<\/td><td>Overdue step<\/td>/);
    expect(html).not.toContain('Future step');
  });

  it('pages a long list of overdue action items', async () => {
    const doc = await createDocument(db(), { actor: editor, input: rcaInput({ title: 'Many steps' }) });
    await db().execute(sql`
      insert into action_items (id, document_id, field_key, position, title, owner, due_date)
      select 'bulk-' || n, ${doc.id}, 'nextSteps', 100 + n, 'Bulk step ' || n, 'Zed', date '2026-12-01' - n
      from generate_series(1, 60) n`);
    const first = await page();
    expect(first).toContain('Next items »');
    const second = await page('?rcaPage=1&itemPage=2');
    expect(second).toContain('« Previous items');
    expect(second).not.toContain('Next items »');
    const count = (html: string) => (html.match(/<td>Bulk step \d+<\/td>/g) ?? []).length;
    // The 'Add a dead-letter queue' step of each factory RCA is overdue too (due 2016).
    expect(count(first) + count(second)).toBe(60);
    expect(await page('?itemPage=99')).toContain('No more overdue action items.');
  });
});
