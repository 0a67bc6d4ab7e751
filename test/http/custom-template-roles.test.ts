import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { createTestActor } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/app';
import { postForm } from '../security/helpers';
import { createDocument, transitionDocument } from '../../app/models/document.server';
import { DocumentFilterSchema, listDocuments } from '../../app/models/document-list.server';
import { getInsights } from '../../app/models/insights.server';
import { getPdfPool } from '../../app/pdf/pool.server';
import type { Actor } from '../../app/models/types';

/** An RCA template whose fields have their own keys: nothing is called startedAt, endedAt or impactMinutes. */
const incidentNote = {
  key: 'incident-note',
  version: 1,
  kind: 'rca',
  title: 'Incident note',
  sections: [
    {
      key: 'facts',
      title: 'Facts',
      layout: 'header',
      fields: [
        { key: 'began', type: 'datetime', label: 'Began', required: true },
        { key: 'noticed', type: 'datetime', label: 'Noticed' },
        { key: 'resolved', type: 'datetime', label: 'Resolved', required: true },
        { key: 'responders', type: 'people', label: 'Responders' },
        {
          key: 'outage',
          type: 'computed',
          label: 'Outage',
          output: 'outageMinutes',
          formula: { op: 'duration', from: 'began', to: 'resolved' },
        },
        {
          key: 'noticeLag',
          type: 'computed',
          label: 'Lag to notice',
          output: 'lagMinutes',
          formula: { op: 'durationToMarker', from: 'began', timeline: 'events', marker: 'detected', prefer: 'noticed' },
        },
        {
          key: 'fixLag',
          type: 'computed',
          label: 'Time to fix',
          output: 'fixMinutes',
          formula: { op: 'durationToMarker', from: 'began', timeline: 'events', marker: 'resolved', prefer: 'resolved' },
        },
      ],
    },
    {
      key: 'story',
      title: 'Story',
      fields: [
        { key: 'events', type: 'timeline', label: 'Events' },
        { key: 'gist', type: 'richtext', label: 'Gist', required: true },
      ],
    },
  ],
  roles: {
    start: 'began',
    detection: 'noticed',
    end: 'resolved',
    summary: 'gist',
    people: 'responders',
    facts: { impact: 'outage', timeToDetect: 'noticeLag', timeToResolve: 'fixLag' },
  },
};

/** A launch checklist whose launch time is `goLive`. */
const shipCheck = {
  key: 'ship-check',
  version: 1,
  kind: 'checklist',
  title: 'Ship check',
  sections: [
    {
      key: 'ship',
      title: 'Ship',
      layout: 'header',
      fields: [
        { key: 'goLive', type: 'datetime', label: 'Go-live', required: true },
        { key: 'shippers', type: 'people', label: 'Shippers' },
        { key: 'what', type: 'text', label: 'What ships' },
      ],
    },
    {
      key: 'checks',
      title: 'Checks',
      fields: [{ key: 'checks', type: 'checklist', label: 'Checks', items: [{ key: 'monitored', label: 'Is it monitored?', gate: true }] }],
    },
  ],
  roles: { launch: 'goLive', people: 'shippers', summary: 'what' },
};

describeEachBackend('a custom template with its own keys works wherever a built-in does (roles)', (db) => {
  let app: TestApp;
  let editor: Actor;
  let reviewer: Actor;
  let cookie: string;
  const month = new Date().toISOString().slice(0, 7);

  beforeAll(async () => {
    app = await createTestApp(db());
    const admin = await createTestActor(db(), 'admin');
    editor = await createTestActor(db(), 'editor');
    reviewer = await createTestActor(db(), 'editor');
    const adminCookie = await app.signIn(admin);
    const csrf = await app.csrf(adminCookie);
    // Created the way admins do: the admin page, validated by TemplateSchema.
    for (const definition of [incidentNote, shipCheck]) {
      const res = await postForm(app, '/admin/templates', adminCookie, { csrf, intent: 'create', definition: JSON.stringify(definition) });
      expect(res.status).toBe(200);
    }
    const wrongKind = { ...incidentNote, key: 'wrong-kind', roles: { start: 'responders' } };
    const refused = await postForm(app, '/admin/templates', adminCookie, { csrf, intent: 'create', definition: JSON.stringify(wrongKind) });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(
      /roles\.start: (&quot;|")responders(&quot;|") is a people field; this role needs a datetime field/,
    );
    // A template stored before roles existed keeps the old key convention, and its next version starts with those roles written out.
    const legacy = {
      key: 'legacy-note',
      version: 1,
      kind: 'rca',
      title: 'Legacy note',
      sections: [
        {
          key: 'main',
          title: 'Main',
          fields: [
            { key: 'startedAt', type: 'datetime', label: 'Start' },
            { key: 'what', type: 'text', label: 'What' },
          ],
        },
      ],
    };
    expect(
      (await postForm(app, '/admin/templates', adminCookie, { csrf, intent: 'create', definition: JSON.stringify(legacy) })).status,
    ).toBe(200);
    const next = await (await app.fetch('/admin/templates?from=legacy-note@1', { headers: { Cookie: adminCookie } })).text();
    expect(next.replaceAll('&quot;', '"')).toMatch(/"roles": \{\s*"facts": \{\},\s*"start": "startedAt"\s*\}/);
    cookie = await app.signIn(editor);
  });
  afterAll(async () => {
    await getPdfPool().close();
  });

  async function note(title: string, began: string, noticed: string, resolved: string, service: string) {
    return createDocument(db(), {
      actor: editor,
      input: {
        template: 'incident-note',
        title,
        severity: 'SEV2',
        service,
        fields: { began, noticed, resolved, responders: ['Ada'], gist: 'Queue stalled.' },
      },
    });
  }

  it("the list's date filters use the start and launch roles", async () => {
    const doc = await note(
      'Renamed-key outage in March',
      '2016-03-10T10:00:00Z',
      '2016-03-10T10:20:00Z',
      '2016-03-10T11:00:00Z',
      'filter-svc',
    );
    const launch = await createDocument(db(), {
      actor: editor,
      input: {
        template: 'ship-check',
        title: 'Renamed-key launch in March',
        fields: { goLive: '2016-03-20T09:30:00Z', what: 'New checkout' },
      },
    });
    const march = DocumentFilterSchema.parse({ from: '2016-03-01T00:00:00Z', to: '2016-03-31T23:59:59Z' });
    const page = await listDocuments(db(), { actor: editor, filter: march });
    expect(page.items.map((d) => d.id).sort()).toEqual([doc.id, launch.id].sort());
    expect(page.items.find((d) => d.id === doc.id)?.startedAt).toBe('2016-03-10T10:00:00.000Z');

    const html = await (await app.fetch('/docs?from=2016-03-01T00:00:00Z&to=2016-03-31T23:59:59Z', { headers: { Cookie: cookie } })).text();
    expect(html).toContain('Renamed-key outage in March');
    expect(html).toContain('Renamed-key launch in March');
    const april = await (
      await app.fetch('/docs?from=2016-04-01T00:00:00Z&to=2016-04-30T23:59:59Z', { headers: { Cookie: cookie } })
    ).text();
    expect(april).not.toContain('Renamed-key outage in March');
    expect(april).not.toContain('Renamed-key launch in March');
  });

  it('Launches shows the launch time held by the launch role', async () => {
    await createDocument(db(), {
      actor: editor,
      input: {
        template: 'ship-check',
        title: 'Renamed-key launch next year',
        fields: { goLive: `${Number(month.slice(0, 4)) + 1}-01-15T09:30:00Z` },
      },
    });
    const res = await app.fetch('/launches', { headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    const html = await res.text();
    const row = (title: string) => html.slice(html.indexOf(title), html.indexOf('</tr>', html.indexOf(title)));
    expect(row('Renamed-key launch next year')).toContain(`${Number(month.slice(0, 4)) + 1}-01-15 09:30 UTC`);
    expect(row('Renamed-key launch next year')).toContain('upcoming');
    expect(row('Renamed-key launch in March')).toContain('2016-03-20 09:30 UTC');
  });

  it('Insights count a published custom RCA with its impact, time to detect and time to resolve', async () => {
    const doc = await note(
      'Renamed-key outage this month',
      `${month}-01T10:00:00Z`,
      `${month}-01T10:15:00Z`,
      `${month}-01T12:00:00Z`,
      'roles-svc',
    );
    const review = await transitionDocument(db(), { actor: editor, id: doc.id, input: { to: 'in_review', version: doc.version } });
    await transitionDocument(db(), { actor: reviewer, id: doc.id, input: { to: 'published', version: review.version } });

    const r = await getInsights(db(), { actor: editor, months: 12, today: '2000-01-01' });
    expect(r.months.filter((m) => m.incidents)).toMatchObject([
      {
        month,
        incidents: 1,
        severities: { SEV2: 1 },
        impactMinutes: 120,
        detect: { median: 15, p90: 15 },
        resolve: { median: 120, p90: 120 },
      },
    ]);
    expect(r.services).toEqual([{ service: 'roles-svc', incidents: 1, impactMinutes: 120 }]);
    const html = await (await app.fetch('/insights', { headers: { Cookie: cookie } })).text();
    expect(html).toContain('roles-svc');
    expect(html).toContain('0:15 hours');
    expect(html).toContain('2:00 hours');
  });

  it('the digest totals impact from the impact role and dates its period from the start role', async () => {
    const a = await note('Digest renamed one', '2016-05-02T08:00:00Z', '2016-05-02T08:10:00Z', '2016-05-02T09:30:00Z', 'digest-roles');
    const b = await note('Digest renamed two', '2016-05-09T08:00:00Z', '2016-05-09T08:05:00Z', '2016-05-09T08:45:00Z', 'digest-roles');
    const res = await app.fetch(`/docs/digest.pdf?ids=${a.id},${b.id}`, { headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: Buffer.from(await res.arrayBuffer()) }).toString();
    expect(text).toContain('2016-05-02 08:00 UTC to 2016-05-09 08:00 UTC');
    expect(text).toMatch(/Total impact\s+2:15 hours \(135 minutes\)/);
    expect(text).toMatch(/1\. Digest renamed one\s+SEV2 · digest-roles · 1:30 hours/);
    expect(text).toMatch(/2\. Digest renamed two\s+SEV2 · digest-roles · 0:45 hours/);
  });
});
