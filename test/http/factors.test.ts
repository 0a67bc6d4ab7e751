// Contributing factors (issue 12 item 2): the `factors` field kind, the shared category vocabulary, the library
// filter, and the factors in the read view, Markdown and the PDF — through the API, the no-JS form and the admin page.
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createTestApp, ORIGIN, type TestApp } from '../helpers/app';
import { decode, formOf } from '../helpers/forms';
import { pdfText, squash } from '../pdf/helpers';
import { createDocument, getDocument, transitionDocument, updateDocument } from '../../app/models/document.server';
import { DocumentFilterSchema, listDocuments } from '../../app/models/document-list.server';
import { listFactorCategories, updateFactorCategory } from '../../app/models/factor-category.server';
import { factorsValue } from '../../app/fields/factors/schema.server';
import { factorsMarkdown } from '../../app/fields/factors/markdown';
import { BUILT_IN_TEMPLATES } from '../../templates';
import type { Actor } from '../../app/models/types';

describe('the factors value', () => {
  const field = { key: 'factors', type: 'factors', label: 'Contributing factors', required: false } as const;
  const parse = (v: unknown) =>
    (factorsValue.input as (f: typeof field) => { safeParse(v: unknown): { success: boolean; data?: unknown } })(field).safeParse(v);
  it('takes rows or `statement [categories]` lines; names are stored lower case, once each', () => {
    expect(parse([{ text: ' Alert silenced ', categories: ['Monitoring  Gap', 'monitoring gap', 'process'] }]).data).toEqual([
      { text: 'Alert silenced', categories: ['monitoring gap', 'process'] },
    ]);
    expect(parse('- Disk filled [capacity, Monitoring gap]\nNo runbook [knowledge]').data).toEqual([
      { text: 'Disk filled', categories: ['capacity', 'monitoring gap'] },
      { text: 'No runbook', categories: ['knowledge'] },
    ]);
  });
  it('refuses a factor without a statement or a category, and names that are not names', () => {
    expect(parse([{ text: 'x', categories: [] }]).success).toBe(false);
    expect(parse([{ text: ' ', categories: ['change'] }]).success).toBe(false);
    expect(parse([{ text: 'x', categories: ['<b>bold</b>'] }]).success).toBe(false);
    expect(parse([{ text: 'x', categories: ['a'.repeat(41)] }]).success).toBe(false);
  });
  it('Markdown round trip: the list it writes is read back the same', () => {
    const value = [
      { text: 'Queue depth [p99] had no alert', categories: ['monitoring gap'] },
      { text: 'Deploy skipped canary', categories: ['change', 'process'] },
    ];
    const md = factorsMarkdown.toMarkdown(field, value);
    expect(md).toBe('- Queue depth [p99] had no alert [monitoring gap]\n- Deploy skipped canary [change, process]');
    expect(parse(factorsMarkdown.fromMarkdown!(field, md)).data).toEqual(value);
  });
  it('both built-in RCA templates have Contributing factors in their latest version, holding the factors role', () => {
    for (const key of ['blameless-rca', 'google-sre-postmortem']) {
      const latest = BUILT_IN_TEMPLATES.filter((t) => t.key === key).sort((a, b) => b.version - a.version)[0];
      expect(latest.version).toBe(2);
      expect(latest.sections.some((s) => s.fields.some((f) => f.type === 'factors' && f.key === 'factors'))).toBe(true);
      expect(latest.roles?.factors).toBe('factors');
    }
  });
});

describeEachBackend('contributing factors', (db) => {
  let app: TestApp;
  let editor: Actor;
  let reviewer: Actor;
  let viewer: Actor;
  let admin: Actor;
  let editorToken: string;
  let adminToken: string;
  let viewerCookie: string;
  let editorCookie: string;
  let adminCookie: string;

  const api = (token: string, path: string, method = 'GET', json?: unknown) =>
    app.fetch(`/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(json === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
  const page = async (path: string, cookie: string) => {
    const res = await app.fetch(path, { headers: { Cookie: cookie } });
    return { status: res.status, html: decode((await res.text()).replace(/<!-- -->/g, '')) };
  };
  const postForm = async (path: string, cookie: string, body: URLSearchParams) => {
    const res = await app.fetch(path, {
      method: 'POST',
      headers: { Cookie: cookie, Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    });
    return { status: res.status, location: res.headers.get('location'), html: decode((await res.text()).replace(/<!-- -->/g, '')) };
  };
  async function publish(over: Parameters<typeof rcaInput>[0]) {
    const doc = await createDocument(db(), { actor: editor, input: rcaInput(over) });
    const r = await transitionDocument(db(), { actor: editor, id: doc.id, input: { to: 'in_review', version: doc.version } });
    await transitionDocument(db(), { actor: reviewer, id: doc.id, input: { to: 'published', version: r.version } });
    return doc;
  }

  beforeAll(async () => {
    app = await createTestApp(db());
    editor = await createTestActor(db(), 'editor');
    reviewer = await createTestActor(db(), 'editor');
    viewer = await createTestActor(db(), 'viewer');
    admin = await createTestActor(db(), 'admin');
    editorToken = await app.token(editor);
    adminToken = await app.token(admin);
    viewerCookie = await app.signIn(viewer);
    editorCookie = await app.signIn(editor);
    adminCookie = await app.signIn(admin);
  });

  it('a new database holds the default vocabulary, readable by every role through the API', async () => {
    const res = await api(await app.token(viewer), '/factor-categories');
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: { name: string; retired: boolean }[] };
    expect(items.map((c) => c.name)).toEqual(
      expect.arrayContaining(['change', 'configuration', 'capacity', 'dependency', 'monitoring gap']),
    );
    expect(items.every((c) => c.retired === false)).toBe(true);
  });

  it('only admins add categories: names are normalised, a duplicate is a 409, a bad name a 400 naming the field', async () => {
    expect((await api(editorToken, '/factor-categories', 'POST', { name: 'vendor outage' })).status).toBe(403);
    const created = await api(adminToken, '/factor-categories', 'POST', {
      name: '  Third-Party   API ',
      description: 'An outside API failed',
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ name: 'third-party api', description: 'An outside API failed', retired: false });
    const dup = await api(adminToken, '/factor-categories', 'POST', { name: 'THIRD-PARTY API' });
    expect(dup.status).toBe(409);
    const bad = await api(adminToken, '/factor-categories', 'POST', { name: 'semi;colon' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { issues: { path: string[] }[] } }).error.issues[0].path).toEqual(['name']);
  });

  it('a document stores factors; an unknown or retired category is a 400 naming the factor; one it already has survives retirement', async () => {
    const created = await api(editorToken, '/documents', 'POST', {
      ...rcaInput({ title: 'Factors via the API' }),
      fields: { ...rcaInput().fields, factors: ['Nobody owned the cron job [process]', 'Disk alert threshold at 99% [Monitoring Gap]'] },
    });
    expect(created.status).toBe(201);
    const doc = (await created.json()) as { id: string; version: number; fields: Record<string, unknown> };
    expect(doc.fields.factors).toEqual([
      { text: 'Nobody owned the cron job', categories: ['process'] },
      { text: 'Disk alert threshold at 99%', categories: ['monitoring gap'] },
    ]);

    const unknown = await api(editorToken, `/documents/${doc.id}`, 'PATCH', {
      version: doc.version,
      fields: {
        factors: [
          { text: 'Nobody owned the cron job', categories: ['process'] },
          { text: 'x', categories: ['astrology'] },
        ],
      },
    });
    expect(unknown.status).toBe(400);
    const body = (await unknown.json()) as { error: { issues: { path: (string | number)[]; message: string }[] } };
    expect(body.error.issues).toEqual([
      { path: ['fields', 'factors', 1, 'categories'], message: expect.stringContaining('"astrology" is not a factor category') },
    ]);

    await updateFactorCategory(db(), { actor: admin, name: 'process', input: { retired: true } });
    try {
      // A save that keeps the retired category goes through; adding it to another document does not.
      const kept = await updateDocument(db(), {
        actor: editor,
        id: doc.id,
        input: { version: doc.version, title: 'Factors via the API, renamed' },
      });
      expect(kept.fields.factors).toEqual(doc.fields.factors);
      const other = await createDocument(db(), { actor: editor, input: rcaInput({ title: 'Another' }) }).then((d) =>
        updateDocument(db(), {
          actor: editor,
          id: d.id,
          input: { version: d.version, fields: { factors: ['Handoff missed [process]'] } },
        }).catch((e) => e),
      );
      expect(other.status).toBe(400);
      expect(other.issues[0].message).toContain('"process" is retired');
      expect((await listFactorCategories(db())).find((c) => c.name === 'process')?.retired).toBe(true);
    } finally {
      await updateFactorCategory(db(), { actor: admin, name: 'process', input: { retired: false } });
    }
  });

  it('the library filters on a category (any case), search finds factor words, and each category links to its filter', async () => {
    const hit = await publish({
      title: 'Certificate expired on the edge',
      service: 'edge',
      fields: { factors: [{ text: 'Renewal job failed silently for weeks', categories: ['automation', 'monitoring gap'] }] },
    });
    await publish({ title: 'Unrelated capacity problem', fields: { factors: [{ text: 'Pool too small', categories: ['capacity'] }] } });
    const list = async (filter: Record<string, string>) =>
      (await listDocuments(db(), { actor: viewer, filter: DocumentFilterSchema.parse({ status: 'published', ...filter }) })).items.map(
        (i) => i.title,
      );
    expect(await list({ factor: 'Automation' })).toEqual(['Certificate expired on the edge']);
    expect(await list({ factor: 'monitoring gap', q: 'renewal' })).toEqual(['Certificate expired on the edge']);
    expect(await list({ q: '"renewal job failed silently"' })).toEqual(['Certificate expired on the edge']);
    expect(await list({ factor: 'data' })).toEqual([]);

    const lib = await page('/library?factor=AUTOMATION', viewerCookie);
    expect(lib.status).toBe(200);
    expect(lib.html).toContain('Certificate expired on the edge');
    expect(lib.html).not.toContain('Unrelated capacity problem');
    expect(lib.html).toMatch(/<option value="automation" selected="">automation<\/option>/);

    const view = await page(`/docs/${hit.id}`, viewerCookie);
    expect(view.html).toContain('Renewal job failed silently for weeks');
    expect(view.html).toContain('href="/library?factor=monitoring%20gap"');

    const md = await page(`/docs/${hit.id}.md`, viewerCookie);
    expect(md.html).toContain('## Contributing factors');
    expect(md.html).toContain('- Renewal job failed silently for weeks [automation, monitoring gap]');

    const pdf = await app.fetch(`/docs/${hit.id}.pdf`, { headers: { Cookie: viewerCookie } });
    expect(pdf.status).toBe(200);
    const text = squash(pdfText(Buffer.from(await pdf.arrayBuffer())));
    expect(text).toContain('Contributing factors');
    expect(text).toContain('Renewal job failed silently for weeks');
    expect(text).toContain('automation, monitoring gap');
  });

  it('the no-JS edit form: a blank row adds a factor, a row without a category is refused next to it and nothing is lost, then saves', async () => {
    const doc = await createDocument(db(), { actor: editor, input: rcaInput({ title: 'Form factors' }) });
    const edit = await page(`/docs/${doc.id}/edit`, editorCookie);
    expect(edit.status).toBe(200);
    expect(edit.html).toContain('name="f.factors.0.text"');
    expect(edit.html).toMatch(/type="checkbox" name="f\.factors\.0\.cat" value="monitoring gap"/);

    const missing = await postForm(
      `/docs/${doc.id}/edit`,
      editorCookie,
      formOf(edit.html, { 'f.factors.0.text': 'Runbook step 4 pointed at the old cluster' }),
    );
    expect(missing.status).toBe(400);
    expect(missing.html).toContain('pick at least one category');
    // What was typed is shown again.
    expect(missing.html).toContain('value="Runbook step 4 pointed at the old cluster"');

    const body = formOf(missing.html, { 'f.factors.0.text': 'Runbook step 4 pointed at the old cluster' });
    body.append('f.factors.0.cat', 'knowledge');
    body.append('f.factors.0.cat', 'process');
    const saved = await postForm(`/docs/${doc.id}/edit`, editorCookie, body);
    expect(saved.status).toBe(302);
    expect((await getDocument(db(), { actor: editor, id: doc.id })).fields.factors).toEqual([
      { text: 'Runbook step 4 pointed at the old cluster', categories: ['knowledge', 'process'] },
    ]);

    // Clearing the statement and its boxes removes the factor.
    const again = await page(`/docs/${doc.id}/edit`, editorCookie);
    const cleared = formOf(again.html, { 'f.factors.0.text': '' });
    cleared.delete('f.factors.0.cat');
    expect((await postForm(`/docs/${doc.id}/edit`, editorCookie, cleared)).status).toBe(302);
    expect((await getDocument(db(), { actor: editor, id: doc.id })).fields.factors).toBeUndefined();
  });

  it('the admin page adds, describes, retires and brings back a category; editors cannot open it', async () => {
    expect((await page('/admin/factors', editorCookie)).status).toBe(403);
    const p = await page('/admin/factors', adminCookie);
    expect(p.status).toBe(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(p.html)![1];
    const post = (fields: Record<string, string>) => postForm('/admin/factors', adminCookie, new URLSearchParams({ csrf, ...fields }));
    const bad = await post({ intent: 'create', name: '', description: '' });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('give the category a name');
    expect((await post({ intent: 'create', name: 'Feature Flags', description: 'A flag flipped' })).html).toContain(
      'Added "feature flags"',
    );
    expect((await post({ intent: 'describe', name: 'feature flags', description: 'A flag was flipped or left on' })).status).toBe(200);
    expect((await post({ intent: 'retire', name: 'feature flags' })).html).toContain('Retired "feature flags"');
    let cats = await listFactorCategories(db());
    expect(cats.find((c) => c.name === 'feature flags')).toEqual({
      name: 'feature flags',
      description: 'A flag was flipped or left on',
      retired: true,
    });
    // A retired category is not offered in the edit form.
    const doc = await createDocument(db(), { actor: editor, input: rcaInput({ title: 'Offered boxes' }) });
    expect((await page(`/docs/${doc.id}/edit`, editorCookie)).html).not.toContain('value="feature flags"');
    await post({ intent: 'restore', name: 'feature flags' });
    cats = await listFactorCategories(db());
    expect(cats.find((c) => c.name === 'feature flags')?.retired).toBe(false);
    expect((await post({ intent: 'retire', name: 'no such category' })).status).toBe(404);
  });
});
