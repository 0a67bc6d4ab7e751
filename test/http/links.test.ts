// Launches and incidents connected (issue 12 item 4): typed links shown on both documents, in the API and the PDF,
// with their rules (kinds, self, duplicates, unreadable and deleted targets), and an incident's view of what its
// launch promised.
import { beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createTestApp, ORIGIN, type TestApp } from '../helpers/app';
import { decode } from '../helpers/forms';
import { pdfText, squash } from '../pdf/helpers';
import { createDocument, transitionDocument } from '../../app/models/document.server';
import { createSignoff } from '../../app/models/signoff.server';
import { addLink, listLinks } from '../../app/models/link.server';
import { documents } from '../../db/schema';
import type { Actor } from '../../app/models/types';

const launchInput = (title: string) => ({
  template: 'etsy-go-no-go',
  title,
  service: 'search',
  fields: {
    launchAt: '2026-11-10T14:00:00Z',
    launchers: ['Sam Ortiz'],
    feature: 'Ranking v2',
    checks: {
      ...Object.fromEntries(
        [
          'finalQa',
          'communicationReady',
          'inProductionForStaff',
          'darkLaunch',
          'percentageLaunch',
          'leadsAvailable',
          'userFeedback',
          'successTime',
        ].map((k) => [k, { answer: 'yes', note: '' }]),
      ),
      testedEnough: { answer: 'yes', note: 'Single-word queries only' },
      monitoring: { answer: 'yes', note: 'Zero-result alert at 20%' },
      onOffSwitches: { answer: 'yes', note: 'Flag ranking_v2' },
      contingencyPlan: { answer: 'no', note: '' },
    },
    contingency: 'Turn off ranking_v2.',
  },
});

describeEachBackend('document links', (db) => {
  let app: TestApp;
  let editor: Actor;
  let reviewer: Actor;
  let viewer: Actor;
  let editorToken: string;
  let viewerToken: string;
  let viewerCookie: string;
  let editorCookie: string;
  let incident: string;
  let launch: string;

  const api = (token: string, path: string, json?: unknown) =>
    app.fetch(`/api/v1${path}`, {
      method: json === undefined ? 'GET' : 'POST',
      headers: { Authorization: `Bearer ${token}`, ...(json === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
  const page = async (path: string, cookie: string) => {
    const res = await app.fetch(path, { headers: { Cookie: cookie } });
    return { status: res.status, html: decode((await res.text()).replace(/<!-- -->/g, '')) };
  };
  async function publish(id: string, version: number) {
    const r = await transitionDocument(db(), { actor: editor, id, input: { to: 'in_review', version } });
    return transitionDocument(db(), { actor: reviewer, id, input: { to: 'published', version: r.version } });
  }

  beforeAll(async () => {
    app = await createTestApp(db());
    editor = await createTestActor(db(), 'editor');
    reviewer = await createTestActor(db(), 'editor');
    viewer = await createTestActor(db(), 'viewer');
    editorToken = await app.token(editor);
    viewerToken = await app.token(viewer);
    viewerCookie = await app.signIn(viewer);
    editorCookie = await app.signIn(editor);
    const l = await createDocument(db(), { actor: editor, input: launchInput('Launch review: ranking v2') });
    await transitionDocument(db(), { actor: editor, id: l.id, input: { to: 'in_review', version: l.version } });
    await createSignoff(db(), {
      actor: reviewer,
      documentId: l.id,
      input: { role: 'Operations', decision: 'no_go', comment: 'No contingency' },
    });
    launch = l.id;
    const i = await createDocument(db(), { actor: editor, input: rcaInput({ title: 'Ranking returned no results' }) });
    incident = (await publish(i.id, i.version)).id;
  });

  it('the API links an incident to its launch: both sides list it in their own words, and the incident shows the promises', async () => {
    const res = await api(editorToken, `/documents/${incident}/links`, {
      kind: 'caused_by_launch',
      to: `https://kaizen.example.com/docs/${launch}`,
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      kind: 'caused_by_launch',
      direction: 'out',
      label: 'Caused by launch',
      document: { id: launch },
    });

    const fromIncident = (await (await api(editorToken, `/documents/${incident}/links`)).json()) as {
      items: { label: string; document: { title: string } }[];
      launches: { title: string; decision: string; answers: { question: string; answer: string; note: string; gate: boolean }[] }[];
    };
    expect(fromIncident.items.map((l) => `${l.label}: ${l.document.title}`)).toEqual(['Caused by launch: Launch review: ranking v2']);
    expect(fromIncident.launches[0]).toMatchObject({ title: 'Launch review: ranking v2', decision: 'no_go' });
    expect(fromIncident.launches[0].answers).toContainEqual({
      question: 'Are on/off switches documented?',
      gate: expect.any(Boolean),
      answer: 'Yes',
      note: 'Flag ranking_v2',
    });
    const fromLaunch = (await (await api(editorToken, `/documents/${launch}/links`)).json()) as {
      items: { label: string; direction: string }[];
    };
    expect(fromLaunch.items).toMatchObject([{ label: 'Incident it caused', direction: 'in' }]);
  });

  it('refuses wrong kinds, self links, bad ids and duplicates with the field named; viewers may not link', async () => {
    const other = await createDocument(db(), { actor: editor, input: rcaInput({ title: 'Another incident' }) });
    const cases: [unknown, number, string][] = [
      [{ kind: 'caused_by_launch', to: other.id }, 400, 'kind'],
      [{ kind: 'related_incident', to: launch }, 400, 'kind'],
      [{ kind: 'follow_up_of', to: incident }, 400, 'to'],
      [{ kind: 'follow_up_of', to: 'not a link' }, 400, 'to'],
      [{ kind: 'follow_up_of', to: '00000000-0000-4000-8000-000000000000' }, 400, 'to'],
      [{ kind: 'sibling', to: other.id }, 400, 'kind'],
      [{ kind: 'caused_by_launch', to: launch }, 409, 'to'],
    ];
    for (const [body, status, field] of cases) {
      const res = await api(editorToken, `/documents/${incident}/links`, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(((await res.json()) as { error: { issues: { path: string[] }[] } }).error.issues[0].path, JSON.stringify(body)).toEqual([
        field,
      ]);
    }
    expect((await api(viewerToken, `/documents/${incident}/links`, { kind: 'related_incident', to: other.id })).status).toBe(403);
    // A related incident is one fact: linking back the other way is a duplicate.
    await addLink(db(), { actor: editor, id: incident, input: { kind: 'related_incident', to: other.id } });
    await expect(addLink(db(), { actor: editor, id: other.id, input: { kind: 'related_incident', to: incident } })).rejects.toMatchObject({
      status: 409,
    });
  });

  it('a viewer sees only links to documents they may read; a deleted document takes its links with it', async () => {
    const viewerLinks = await listLinks(db(), { actor: viewer, id: incident });
    // The launch is in review and the other incident a draft: a viewer sees neither.
    expect(viewerLinks).toEqual([]);
    expect((await listLinks(db(), { actor: editor, id: incident })).map((l) => l.label).sort()).toEqual([
      'Caused by launch',
      'Related incident',
    ]);
    const temp = await createDocument(db(), { actor: editor, input: rcaInput({ title: 'Soon deleted' }) });
    await addLink(db(), { actor: editor, id: temp.id, input: { kind: 'follow_up_of', to: incident } });
    expect((await listLinks(db(), { actor: editor, id: incident })).length).toBe(3);
    await db().delete(documents).where(eq(documents.id, temp.id));
    expect((await listLinks(db(), { actor: editor, id: incident })).length).toBe(2);
  });

  it('both read views and the PDF show the links; the page adds and removes one without JavaScript', async () => {
    const launchPage = await page(`/docs/${launch}`, editorCookie);
    expect(launchPage.html).toContain('Incident it caused:');
    expect(launchPage.html).toContain('Ranking returned no results');
    const incidentPage = await page(`/docs/${incident}`, editorCookie);
    expect(incidentPage.html).toContain('What the launch promised: ');
    expect(incidentPage.html).toContain('Flag ranking_v2');

    // The PDF prints links to published documents only (one stored PDF serves every reader): none yet.
    const pdf = async () =>
      squash(pdfText(Buffer.from(await (await app.fetch(`/docs/${incident}.pdf`, { headers: { Cookie: viewerCookie } })).arrayBuffer())));
    expect(await pdf()).not.toContain('Linked documents');
    const pub = await createDocument(db(), { actor: editor, input: rcaInput({ title: 'An earlier outage, published' }) });
    await publish(pub.id, pub.version);
    const csrf = /name="csrf" value="([^"]+)"/.exec(incidentPage.html)![1];
    const post = (fields: Record<string, string>) =>
      app.fetch(`/docs/${incident}`, {
        method: 'POST',
        headers: { Cookie: editorCookie, Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf, ...fields }),
      });
    const bad = await post({ intent: 'link-add', kind: 'related_incident', to: 'nonsense' });
    expect(bad.status).toBe(400);
    expect(decode(await bad.text())).toContain('that is not a link to a Kaizen document');
    const added = await post({ intent: 'link-add', kind: 'related_incident', to: `/docs/${pub.id}` });
    expect(added.status).toBe(200);
    expect(decode(await added.text())).toContain('Linked: related incident “An earlier outage, published”.');
    // The stored PDF is not served stale: the link changes the source stamp.
    const text = await pdf();
    expect(text).toContain('Linked documents');
    expect(text).toContain('Related incident: An earlier outage, published');
    expect(text).not.toContain('Launch review: ranking v2');

    const link = (await listLinks(db(), { actor: editor, id: incident })).find((l) => l.document.id === pub.id)!;
    expect((await post({ intent: 'link-remove', link: link.id })).status).toBe(200);
    expect((await listLinks(db(), { actor: editor, id: incident })).some((l) => l.document.id === pub.id)).toBe(false);
    expect(await pdf()).not.toContain('Linked documents');
    expect((await post({ intent: 'link-remove', link: link.id })).status).toBe(404);
  });
});
