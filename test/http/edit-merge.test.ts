import { beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createTestApp, ORIGIN, type TestApp } from '../helpers/app';
import { decode, formOf } from '../helpers/forms';
import { createDocument, getDocument, transitionDocument } from '../../app/models/document.server';
import { createSignoff } from '../../app/models/signoff.server';
import type { Actor } from '../../app/models/types';

const tiptap = (text: string) => JSON.stringify({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
const text = (v: unknown) => JSON.stringify(v);

describeEachBackend('edit page: conflicts merge, nothing is lost', (db) => {
  let app: TestApp;
  let ada: Actor;
  let grace: Actor;
  let adaCookie: string;
  let graceCookie: string;
  let token: string;

  beforeAll(async () => {
    app = await createTestApp(db());
    ada = await createTestActor(db(), 'editor', { name: 'Ada' });
    grace = await createTestActor(db(), 'editor', { name: 'Grace' });
    adaCookie = await app.signIn(ada);
    graceCookie = await app.signIn(grace);
    token = await app.token(grace);
  });

  const editPage = async (id: string, cookie: string, query = '') => {
    const res = await app.fetch(`/docs/${id}/edit${query}`, { headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    return (await res.text()).replace(/<!-- -->/g, '');
  };
  const post = async (id: string, cookie: string, body: URLSearchParams) => {
    const res = await app.fetch(`/docs/${id}/edit`, {
      method: 'POST',
      headers: { Cookie: cookie, Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    });
    return { status: res.status, location: res.headers.get('location'), html: (await res.text()).replace(/<!-- -->/g, '') };
  };
  const api = (path: string, method: string, json: unknown) =>
    app.fetch(path, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(json),
    });

  it('API: a stale PATCH is a 409 naming the fields changed since the client’s version', async () => {
    const doc = await createDocument(db(), { actor: ada, input: rcaInput() });
    expect(
      (await api(`/api/v1/documents/${doc.id}`, 'PATCH', { version: 1, fields: { rootCause: 'Retries were unbounded.' } })).status,
    ).toBe(200);
    expect((await api(`/api/v1/documents/${doc.id}`, 'PATCH', { version: 2, title: 'Renamed' })).status).toBe(200);
    const stale = await api(`/api/v1/documents/${doc.id}`, 'PATCH', { version: 1, fields: { whatHappened: 'x' } });
    expect(stale.status).toBe(409);
    const body = await stale.json();
    expect(body.error).toMatchObject({ code: 'conflict', currentVersion: 3, changedFields: ['title', 'rootCause'] });
    expect(body.error.issues).toEqual([
      { path: ['title'], message: 'changed since version 1' },
      { path: ['fields', 'rootCause'], message: 'changed since version 1' },
    ]);
    const sinceTwo = await (await api(`/api/v1/documents/${doc.id}`, 'PATCH', { version: 2, fields: { whatHappened: 'x' } })).json();
    expect(sinceTwo.error.changedFields).toEqual(['title']);
    // A transition in between is named too.
    await transitionDocument(db(), { actor: ada, id: doc.id, input: { to: 'in_review', version: 3 } });
    const afterReview = await (await api(`/api/v1/documents/${doc.id}`, 'PATCH', { version: 3, title: 'x' })).json();
    expect(afterReview.error.changedFields).toEqual(['status']);
  });

  it('an action item’s status changed through the API or on /actions while the edit page is open is not reset by its save', async () => {
    const doc = await createDocument(db(), {
      actor: ada,
      input: rcaInput({ fields: { nextSteps: [{ title: 'Add a dead-letter queue' }, { title: 'Page on backlog', kind: 'detect' }] } }),
    });
    const [dlq, page] = doc.actionItems;
    const html = await editPage(doc.id, adaCookie);
    // Meanwhile: the API moves one item, /actions another, and the API adds a third.
    expect((await api(`/api/v1/action-items/${dlq.id}`, 'PATCH', { version: dlq.version, status: 'in_progress' })).status).toBe(200);
    const csrf = await app.csrf(graceCookie);
    const onActions = await app.fetch('/actions', {
      method: 'POST',
      headers: { Cookie: graceCookie, Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, intent: 'status', id: page.id, version: String(page.version), status: 'done' }),
    });
    expect(onActions.status).toBe(200);
    expect((await api(`/api/v1/documents/${doc.id}/action-items`, 'POST', { title: 'Added through the API' })).status).toBe(201);

    // The page saves a change of another field and a new owner on the first row.
    // Every action-item write is a new document version, so the page's save is stale: it comes back as the merged
    // form (nothing to pick: the changes are disjoint, row by row and property by property), and saving that keeps all.
    const merged = await post(
      doc.id,
      adaCookie,
      formOf(html, { 'f.rootCause': 'The queue had no dead-letter queue.', 'f.nextSteps.0.owner': 'Ada' }),
    );
    expect(merged.status).toBe(409);
    expect(merged.html).not.toContain('data-conflict=');
    expect((await getDocument(db(), { actor: ada, id: doc.id })).actionItems[0].owner).toBeNull(); // not saved unseen
    const saved = await post(doc.id, adaCookie, formOf(merged.html, {}));
    expect(saved.status).toBe(302);
    const after = await getDocument(db(), { actor: ada, id: doc.id });
    expect(after.actionItems.map((a) => [a.title, a.status, a.owner])).toEqual([
      ['Add a dead-letter queue', 'in_progress', 'Ada'],
      ['Page on backlog', 'done', null],
      ['Added through the API', 'open', null],
    ]);
    expect(text(after.fields.rootCause)).toContain('no dead-letter queue');

    // Setting a status the API set differently meanwhile is not applied silently: it is asked.
    const later = await editPage(doc.id, adaCookie);
    const item = after.actionItems[0];
    expect((await api(`/api/v1/action-items/${item.id}`, 'PATCH', { version: item.version, status: 'done' })).status).toBe(200);
    const asked = await post(doc.id, adaCookie, formOf(later, { 'f.nextSteps.0.status': 'wont_do' }));
    expect(asked.status).toBe(409);
    expect(asked.html).toContain('data-conflict="nextSteps"');
    expect((await getDocument(db(), { actor: ada, id: doc.id })).actionItems[0].status).toBe('done');
    const kept = await post(doc.id, adaCookie, formOf(asked.html, { 'resolve.nextSteps': 'mine' }));
    expect(kept.status).toBe(302);
    expect((await getDocument(db(), { actor: ada, id: doc.id })).actionItems.map((a) => a.status)).toEqual(['wont_do', 'done', 'open']);
  });

  it('a stale save with disjoint changes shows the merged form (rich text as rich text), and saving it keeps both', async () => {
    const doc = await createDocument(db(), { actor: ada, input: rcaInput() });
    const aPage = await editPage(doc.id, adaCookie);
    const bPage = await editPage(doc.id, graceCookie);
    // A (with JavaScript: the editor posts ProseMirror JSON) changes Root cause and saves.
    expect((await post(doc.id, adaCookie, formOf(aPage, { 'f.rootCause': tiptap('Retries were unbounded.') }))).status).toBe(302);
    // B changes What happened from the stale page.
    const merged = await post(doc.id, graceCookie, formOf(bPage, { 'f.whatHappened': tiptap('A poison message blocked the consumer.') }));
    expect(merged.status).toBe(409);
    expect(merged.html).toContain('Not saved yet: this document changed while you were editing');
    expect(merged.html).toContain('Root cause: their change');
    expect(merged.html).toContain('What happened: your change');
    expect(merged.html).not.toContain('data-conflict=');
    // Every rich-text box holds text (Markdown without JS), never the JSON of a document.
    const areas = [...merged.html.matchAll(/<textarea[^>]*name="f\.(symptoms|whatHappened|rootCause)"[^>]*>([\s\S]*?)<\/textarea>/g)].map(
      (m) => [m[1], decode(m[2])],
    );
    expect(Object.fromEntries(areas)).toEqual({
      symptoms: expect.stringContaining('hours'),
      whatHappened: expect.stringContaining('A poison message blocked the consumer.'),
      rootCause: expect.stringContaining('Retries were unbounded.'),
    });
    for (const [, v] of areas) expect(v).not.toContain('"type"');
    expect((await getDocument(db(), { actor: ada, id: doc.id })).version).toBe(2); // nothing saved yet

    const saved = await post(doc.id, graceCookie, formOf(merged.html));
    expect(saved.status).toBe(302);
    expect(saved.location).toBe(`/docs/${doc.id}/edit?saved=3`);
    const after = await getDocument(db(), { actor: ada, id: doc.id });
    expect(after.version).toBe(3);
    expect(text(after.fields.rootCause)).toContain('Retries were unbounded.');
    expect(text(after.fields.whatHappened)).toContain('A poison message blocked the consumer.');
    expect(text(after.fields.rootCause)).not.toContain('\\"type\\"');
    expect((after.fields.timeline as unknown[]).length).toBe(2);
    expect(after.actionItems).toHaveLength(1);
  });

  it('a field both changed is offered side by side; saving needs a pick, and the pick is saved', async () => {
    const doc = await createDocument(db(), { actor: ada, input: rcaInput() });
    const aPage = await editPage(doc.id, adaCookie);
    const bPage = await editPage(doc.id, graceCookie);
    expect(
      (await post(doc.id, adaCookie, formOf(aPage, { 'f.rootCause': 'Theirs: retries were unbounded.', 'f.environment': 'staging' })))
        .status,
    ).toBe(302);
    const merge = await post(
      doc.id,
      graceCookie,
      formOf(bPage, { 'f.rootCause': 'Mine: no dead-letter queue.', 'f.affected': 'Billing email' }),
    );
    expect(merge.status).toBe(409);
    expect(merge.html).toContain('data-conflict="rootCause"');
    expect(merge.html).toContain('Changed by both of you: Root cause');
    expect(merge.html).toContain('Theirs: retries were unbounded.'); // theirs, shown read-only
    expect(merge.html).toMatch(/<textarea[^>]*name="f\.rootCause"[^>]*>\s*Mine: no dead-letter queue\./); // yours, editable
    expect(merge.html).toContain('Environment: their change');

    // No pick: not saved, asked again.
    const unpicked = await post(doc.id, graceCookie, formOf(merge.html));
    expect(unpicked.status).toBe(409);
    expect(unpicked.html).toContain('Choose one to save');
    expect((await getDocument(db(), { actor: ada, id: doc.id })).version).toBe(2);

    // Pick theirs for Root cause: my other change still lands.
    const saved = await post(doc.id, graceCookie, formOf(merge.html, { 'resolve.rootCause': 'theirs' }));
    expect(saved.status).toBe(302);
    const after = await getDocument(db(), { actor: ada, id: doc.id });
    expect(text(after.fields.rootCause)).toContain('Theirs: retries were unbounded.');
    expect(after.fields).toMatchObject({ affected: 'Billing email', environment: 'staging' });

    // And "yours", edited on the merge page.
    const cPage = await editPage(doc.id, graceCookie);
    const dPage = await editPage(doc.id, adaCookie);
    expect((await post(doc.id, adaCookie, formOf(dPage, { 'f.rootCause': 'Ada again.' }))).status).toBe(302);
    const again = await post(doc.id, graceCookie, formOf(cPage, { 'f.rootCause': 'Grace again.' }));
    expect(again.status).toBe(409);
    const mine = await post(
      doc.id,
      graceCookie,
      formOf(again.html, { 'resolve.rootCause': 'mine', 'f.rootCause': 'Grace again, reworded after reading Ada.' }),
    );
    expect(mine.status).toBe(302);
    expect(text((await getDocument(db(), { actor: ada, id: doc.id })).fields.rootCause)).toContain(
      'Grace again, reworded after reading Ada.',
    );
  });

  it('a save refused as invalid shows every field in its own kind again (rich text as text, rows as rows)', async () => {
    const doc = await createDocument(db(), { actor: ada, input: rcaInput() });
    const html = await editPage(doc.id, adaCookie);
    const refused = await post(
      doc.id,
      adaCookie,
      formOf(html, {
        'f.rootCause': tiptap('Typed in the editor.'),
        'f.startedAt': 'yesterday-ish',
        'f.nextSteps.0.title': 'Renamed step',
      }),
    );
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('Not saved.');
    expect(refused.html).toMatch(/<textarea[^>]*name="f\.rootCause"[^>]*>\s*Typed in the editor\.<\/textarea>/);
    expect(refused.html).not.toMatch(/name="f\.rootCause"[^>]*>[^<]*&quot;type&quot;/);
    expect(refused.html).toMatch(/<input name="f\.nextSteps\.0\.title"[^>]* value="Renamed step"/);
    expect(refused.html).toMatch(/<input name="f\.timeline\.1\.text"[^>]* value="Backlog alert fires"/);
    // The form still starts from version 1: saving it fixed merges instead of overwriting.
    expect(refused.html).toMatch(/name="version" value="1"/);
    const fixed = await post(doc.id, adaCookie, formOf(refused.html, { 'f.startedAt': '2016-06-15 22:04 UTC' }));
    expect(fixed.status).toBe(302);
    const after = await getDocument(db(), { actor: ada, id: doc.id });
    expect(after.fields.rootCause).toEqual({
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Typed in the editor.' }] }],
    });
    expect(after.actionItems[0].title).toBe('Renamed step');
  });

  it('a save with a time-zone warning also says "Saved as version N"; an unchanged form saves nothing', async () => {
    const doc = await createDocument(db(), { actor: ada, input: rcaInput() });
    const html = await editPage(doc.id, adaCookie);
    const unchanged = await post(doc.id, adaCookie, formOf(html));
    expect(unchanged.location).toBe(`/docs/${doc.id}/edit?unchanged=1`);
    expect((await getDocument(db(), { actor: ada, id: doc.id })).version).toBe(1);
    const saved = await post(doc.id, adaCookie, formOf(html, { 'f.startedAt': '2016-06-15 10:04 PM CST' }));
    expect(saved.status).toBe(302);
    const page = await editPage(doc.id, adaCookie, saved.location!.replace(`/docs/${doc.id}/edit`, ''));
    expect(page).toContain('Saved as version 2.');
    expect(page).toMatch(/class="field-warning"[^>]*>2016-06-15 10:04 PM CST: /);
  });

  it('the edit page of a checklist with current sign-offs says how many will need renewing', async () => {
    const checks = Object.fromEntries(
      [
        'testedEnough',
        'finalQa',
        'communicationReady',
        'inProductionForStaff',
        'darkLaunch',
        'percentageLaunch',
        'monitoring',
        'onOffSwitches',
        'leadsAvailable',
        'userFeedback',
        'successTime',
        'contingencyPlan',
      ].map((k) => [k, { answer: 'yes', note: '' }]),
    );
    const doc = await createDocument(db(), {
      actor: ada,
      input: {
        template: 'etsy-go-no-go',
        title: 'Launch',
        fields: { launchAt: '2026-12-01T15:00Z', launchers: ['Ana'], feature: 'X', checks },
      },
    });
    const review = await transitionDocument(db(), { actor: ada, id: doc.id, input: { to: 'in_review', version: doc.version } });
    expect(await editPage(review.id, adaCookie)).not.toContain('will need renewing');
    await createSignoff(db(), { actor: ada, documentId: doc.id, input: { role: 'Engineering lead', decision: 'go' } });
    await createSignoff(db(), { actor: grace, documentId: doc.id, input: { role: 'Product owner', decision: 'go' } });
    expect(await editPage(doc.id, adaCookie)).toContain('2 sign-offs will need renewing');
  });
});
